#pragma once
// The sensor as a SystemC module outside the SoC: CCI slave towards the SoC's CCI master, and a
// rolling-shutter readout that sends each line as a CSI-2 packet when its readout ends. The
// physics is plain C++ (pixel_array); this module only schedules it.
#include <functional>
#include <memory>
#include <systemc>

#include "model/hw/csi2_rx.hpp"
#include "model/hw/trace.hpp"
#include "sensor_sim/csi2_tx.hpp"
#include "sensor_sim/fixed_pattern.hpp"
#include "sensor_sim/sensor_control.hpp"

namespace ispsim::sensor {

class SensorModule : public sc_core::sc_module, public hw::CciSlave {
 public:
  SC_HAS_PROCESS(SensorModule);
  sc_core::sc_port<hw::Csi2PacketSink> csi2_out;

  SensorModule(sc_core::sc_module_name name, const Scene& scene, const SensorProfile& profile,
               uint64_t seed, hw::SignalTrace& trace);

  bool cci_write(uint16_t address, uint16_t value) override;
  bool cci_read(uint16_t address, uint16_t& value) override;

  // Test hook: sees (and may corrupt) every packet before it is sent; `line` is -1 for short ones.
  std::function<void(std::vector<uint8_t>& packet, int line)> packet_hook;
  // The last frame's longest (or only) exposure, at the link's bit depth.
  const Image16& last_raw_frame() const { return exposures_.front(); }
  // The same, moved out (a 50 MP frame is 100 MB): for the owner of a finished run.
  // Every exposure of the last frame, longest first (staggered HDR sends more than one).
  std::vector<Image16> take_last_exposures() { return std::move(exposures_); }
  const SensorControl& control() const { return control_; }

 private:
  void readout();
  void send(std::vector<uint8_t>& packet, int line);

  const Scene& scene_;
  const SensorProfile& profile_;
  uint64_t seed_;
  SensorControl control_;
  Csi2TxConfig link_;
  sc_core::sc_event stream_on_;
  std::vector<Image16> exposures_{1};
  FixedPatternCache fixed_pattern_;  // the unit's fixed pattern, computed once
  RenderOptions render_options_;
  hw::SignalTrace& trace_;
  int trace_vsync_, trace_line_valid_;
};

}  // namespace ispsim::sensor
