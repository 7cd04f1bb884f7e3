#include "sensor_sim/hw/sensor_module.hpp"

#include "model/regmap/regmap.hpp"

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
    const SensorSettings settings = control_.begin_frame();
    const sc_time line_time(control_.line_time_s(), sc_core::SC_SEC);
    const int frame_lines = control_.frame_length_lines();
    const sc_time frame_start = sc_core::sc_time_stamp();
    const auto frame_number = static_cast<uint16_t>(control_.frame_index() & 0xFFFF);
    raw_ = render_raw_frame(scene_, profile_, settings, seed_, control_.frame_index());

    trace_.record(trace_vsync_, frame_start, 1);
    auto fs = frame_start_packet(link_, frame_number);
    send(fs, -1);
    const sc_time transfer(raw_.width() * 1.5 / link_.link_bytes_per_s, sc_core::SC_SEC);
    for (int y = 0; y < raw_.height(); ++y) {
      wait(line_time);  // line y's readout ends
      const sc_time now = sc_core::sc_time_stamp();
      trace_.record(trace_line_valid_, now - transfer, 1);
      trace_.record(trace_line_valid_, now, 0);
      auto packet = raw12_line_packet(link_, raw_, y);
      send(packet, y);
    }
    auto fe = frame_end_packet(link_, frame_number);
    send(fe, -1);
    trace_.record(trace_vsync_, sc_core::sc_time_stamp(), 0);
    control_.end_frame();
    // Vertical blanking; a stream-off during the frame takes effect here, after the frame.
    wait(frame_start + line_time * frame_lines - sc_core::sc_time_stamp());
  }
}

}  // namespace ispsim::sensor
