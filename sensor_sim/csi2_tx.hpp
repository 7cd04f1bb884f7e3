#pragma once
// The sensor's CSI-2 transmitter: a raw frame as the packets that cross the link.
#include <cstdint>
#include <vector>

#include "model/image/image.hpp"

namespace ispsim::sensor {

struct Csi2TxConfig {
  double link_bytes_per_s = 2.45e9 * 1.5;  // ~2.45 Gpx/s of RAW12 (3 C-PHY trios)
};

std::vector<uint8_t> frame_start_packet(uint8_t virtual_channel, uint16_t frame_number);
std::vector<uint8_t> frame_end_packet(uint8_t virtual_channel, uint16_t frame_number);
// Line start/end short packets carry the 1-based line number (CSI-2's optional line sync).
std::vector<uint8_t> line_start_packet(uint8_t virtual_channel, uint16_t line_number);
std::vector<uint8_t> line_end_packet(uint8_t virtual_channel, uint16_t line_number);
// Row `y` of `raw` (samples already at `bits`) as a RAW10/12/14 long packet.
std::vector<uint8_t> raw_line_packet(uint8_t virtual_channel, const Image16& raw, int y, int bits);

}  // namespace ispsim::sensor
