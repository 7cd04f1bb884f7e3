#include "sensor_sim/csi2_tx.hpp"

#include "model/kernels/csi2.hpp"

namespace ispsim::sensor {

std::vector<uint8_t> frame_start_packet(uint8_t virtual_channel, uint16_t frame_number) {
  return csi2::make_short_packet(virtual_channel, csi2::kFrameStart, frame_number);
}

std::vector<uint8_t> frame_end_packet(uint8_t virtual_channel, uint16_t frame_number) {
  return csi2::make_short_packet(virtual_channel, csi2::kFrameEnd, frame_number);
}

std::vector<uint8_t> line_start_packet(uint8_t virtual_channel, uint16_t line_number) {
  return csi2::make_short_packet(virtual_channel, csi2::kLineStart, line_number);
}

std::vector<uint8_t> line_end_packet(uint8_t virtual_channel, uint16_t line_number) {
  return csi2::make_short_packet(virtual_channel, csi2::kLineEnd, line_number);
}

std::vector<uint8_t> raw_line_packet(uint8_t virtual_channel, const Image16& raw, int y, int bits) {
  std::vector<uint8_t> payload(csi2::raw_payload_bytes(bits, raw.width()));
  csi2::pack_raw(bits, raw.row(y), raw.width(), payload.data());
  return csi2::make_long_packet(virtual_channel, csi2::raw_data_type(bits), payload);
}

}  // namespace ispsim::sensor
