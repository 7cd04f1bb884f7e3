#include "sensor_sim/hw/sensor_module.hpp"

#include <algorithm>

#include "model/common/row_bands.hpp"
#include "model/regmap/regmap.hpp"
#include "sensor_sim/sensor_readout.hpp"

namespace ispsim::sensor {

using sc_core::sc_time;

SensorModule::SensorModule(sc_core::sc_module_name name, const Scene& scene,
                           const SensorProfile& profile, uint64_t seed, hw::SignalTrace& trace)
    : sc_core::sc_module(name),
      csi2_out("csi2_out"),
      scene_(scene),
      profile_(profile),
      seed_(seed),
      control_(profile),
      trace_(trace),
      trace_vsync_(trace.add_signal("sensor", "vsync")),
      trace_line_valid_(trace.add_signal("sensor", "line_valid")) {
  // Row bands rendered in parallel; the bits do not depend on the thread count.
  render_options_.threads = host_threads();
  render_options_.fixed_pattern_cache = &fixed_pattern_;
  SC_THREAD(readout);
}

bool SensorModule::cci_write(uint16_t address, uint16_t value) {
  const bool was_streaming = control_.streaming();
  const bool ack = control_.cci_write(address, value);
  if (ack && !was_streaming && control_.streaming()) stream_on_.notify(sc_core::SC_ZERO_TIME);
  return ack;
}

bool SensorModule::cci_read(uint16_t address, uint16_t& value) {
  return control_.cci_read(address, value);
}

void SensorModule::send(std::vector<uint8_t>& packet, int line) {
  if (packet_hook) packet_hook(packet, line);
  csi2_out->receive(packet, sc_core::sc_time_stamp());
}

void SensorModule::readout() {
  for (;;) {
    while (!control_.streaming())
      wait(stream_on_);
    const FrameSetup setup = control_.begin_frame();
    const sc_time line_time(control_.line_time_s(), sc_core::SC_SEC);
    const int frame_lines = std::max(control_.frame_length_lines(), setup.readout_lines() + 8);
    const sc_time frame_start = sc_core::sc_time_stamp();
    const auto frame_number = static_cast<uint16_t>(control_.frame_index() & 0xFFFF);
    exposures_ =
        render_exposures(scene_, profile_, setup, seed_, control_.frame_index(), render_options_);

    trace_.record(trace_vsync_, frame_start, 1);
    for (int k = 0; k < setup.exposures; ++k) {
      auto fs = frame_start_packet(static_cast<uint8_t>(k), frame_number);
      send(fs, -1);
    }
    const sc_time transfer(setup.settings.width * setup.link_bits / 8.0 / link_.link_bytes_per_s,
                           sc_core::SC_SEC);
    for (int slot = 0; slot < setup.readout_lines(); ++slot) {
      wait(line_time);  // this slot's rows finish their readout
      const sc_time now = sc_core::sc_time_stamp();
      for (const auto& [exposure, row] : rows_in_slot(setup, slot)) {
        trace_.record(trace_line_valid_, now - transfer, 1);
        trace_.record(trace_line_valid_, now, 0);
        const auto channel = static_cast<uint8_t>(exposure);
        const auto line_number = static_cast<uint16_t>(row + 1);
        auto line_start = line_start_packet(channel, line_number);
        send(line_start, -1);
        auto packet = raw_line_packet(channel, exposures_[exposure], row, setup.link_bits);
        send(packet, row);
        auto line_end = line_end_packet(channel, line_number);
        send(line_end, -1);
        if (row == setup.settings.height - 1) {
          auto fe = frame_end_packet(static_cast<uint8_t>(exposure), frame_number);
          send(fe, -1);
        }
      }
    }
    trace_.record(trace_vsync_, sc_core::sc_time_stamp(), 0);
    control_.end_frame();
    // Vertical blanking; a stream-off during the frame takes effect here, after the frame.
    wait(frame_start + line_time * frame_lines - sc_core::sc_time_stamp());
  }
}

}  // namespace ispsim::sensor
