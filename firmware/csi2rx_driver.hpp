#pragma once
// The MIPI CSI-2 receiver: which stream to accept, and its link error counters.
#include <cstdint>

#include "firmware/hal.hpp"

namespace ispsim::fw {

constexpr uint32_t kCsi2DataTypeRaw12 = 0x2C;  // MIPI CSI-2 data type code for RAW12

// MIPI CSI-2 data type for RAW10 (0x2B), RAW12 (0x2C) or RAW14 (0x2D).
constexpr uint32_t csi2_raw_data_type(int bits) {
  return bits == 10 ? 0x2B : (bits == 14 ? 0x2D : kCsi2DataTypeRaw12);
}

struct Csi2Counters {
  uint32_t ecc_corrected = 0;
  uint32_t ecc_errors = 0;
  uint32_t crc_errors = 0;
  bool overflow = false;
  uint16_t frame_count = 0;  // frame starts received, 16-bit wrapping
};

class Csi2RxDriver {
 public:
  explicit Csi2RxDriver(Hal& hal);

  // Forwards `channels` virtual channels from `virtual_channel` up (staggered HDR exposures).
  // `wide`: samples at the link's depth rather than 12 bits.
  void enable(unsigned virtual_channel, uint32_t data_type, unsigned channels = 1,
              bool wide = false);
  void disable();
  Csi2Counters counters();
  // Zeroes the error counters and W1C-clears OVERFLOW.
  void clear_errors();
  uint16_t frame_count();

 private:
  Hal& hal_;
};

}  // namespace ispsim::fw
