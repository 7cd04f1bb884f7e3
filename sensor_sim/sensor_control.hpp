#pragma once
// The sensor's CCI register map and what it means: validation of written values (NACK as the
// register map says), shadowed exposure/gain/size that take effect at the next frame start, and
// the decoded settings the pixel array renders with.
#include <array>
#include <cstdint>

#include "model/hw/cci_slave.hpp"
#include "model/regmap/register_bank.hpp"
#include "sensor_sim/pixel_array.hpp"
#include "sensor_sim/readout_modes.hpp"

namespace ispsim::sensor {

// What one frame is read out with, decided at its frame start.
struct FrameSetup {
  SensorSettings settings;             // the longest (or only) exposure
  int exposures = 1;                   // 1, or 2/3 for staggered HDR
  std::array<double, 3> exposure_s{};  // longest first
  // Line slots between a row's readout in exposure k and in exposure k+1: the later exposure
  // of a row starts when the earlier one is read out (staggered / DOL HDR).
  std::array<int, 3> readout_offset_lines{};
  int link_bits = 12;  // RAW10/12/14 on CSI-2
  // SENSOR_MODE: binned (the default) renders settings.width x height as before; other modes
  // render through render_mode_frame (readout_modes.hpp) at the mode's size.
  const ReadoutMode* mode = &readout_modes().front();
  int readout_lines() const { return settings.height + readout_offset_lines[exposures - 1]; }
};

class SensorControl : public hw::CciSlave {
 public:
  explicit SensorControl(const SensorProfile& profile);
  bool cci_write(uint16_t address, uint16_t value) override;
  bool cci_read(uint16_t address, uint16_t& value) override;

  bool streaming() const;
  // Frame start: commits shadowed registers (unless GROUPED_PARAMETER_HOLD is set) and returns
  // what this frame is read out with.
  FrameSetup begin_frame();
  double line_time_s() const;       // active LINE_LENGTH_PCK / pixel clock
  int frame_length_lines() const;   // active, at least the rows read + 8
  const ReadoutMode& mode() const;  // active SENSOR_MODE
  uint32_t frame_index() const { return frame_index_; }
  void end_frame() { ++frame_index_; }

 private:
  const SensorProfile& profile_;
  regmap::RegisterBank bank_;
  uint32_t frame_index_ = 0;
};

}  // namespace ispsim::sensor
