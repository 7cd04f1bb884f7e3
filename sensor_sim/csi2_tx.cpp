#include "sensor_sim/csi2_tx.hpp"

#include "model/kernels/csi2.hpp"

namespace ispsim::sensor {

std::vector<uint8_t> frame_start_packet(const Csi2TxConfig& config, uint16_t frame_number) {
  return csi2::make_short_packet(config.virtual_channel, csi2::kFrameStart, frame_number);
}

std::vector<uint8_t> frame_end_packet(const Csi2TxConfig& config, uint16_t frame_number) {
  return csi2::make_short_packet(config.virtual_channel, csi2::kFrameEnd, frame_number);
}

std::vector<uint8_t> raw12_line_packet(const Csi2TxConfig& config, const Image16& raw, int y) {
  std::vector<uint8_t> payload(csi2::raw12_payload_bytes(raw.width()));
  csi2::pack_raw12(raw.row(y), raw.width(), payload.data());
  return csi2::make_long_packet(config.virtual_channel, csi2::kRaw12, payload);
}

}  // namespace ispsim::sensor
