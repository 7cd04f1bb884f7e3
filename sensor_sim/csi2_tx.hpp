#pragma once
// The sensor's CSI-2 transmitter: a raw frame as the packets that cross the link.
#include <cstdint>
#include <vector>

#include "model/image/image.hpp"

namespace ispsim::sensor {

struct Csi2TxConfig {
  uint8_t virtual_channel = 0;
  double link_bytes_per_s = 2.45e9 * 1.5;  // ~2.45 Gpx/s of RAW12 (3 C-PHY trios)
};

std::vector<uint8_t> frame_start_packet(const Csi2TxConfig& config, uint16_t frame_number);
std::vector<uint8_t> frame_end_packet(const Csi2TxConfig& config, uint16_t frame_number);
std::vector<uint8_t> raw12_line_packet(const Csi2TxConfig& config, const Image16& raw, int y);

}  // namespace ispsim::sensor
