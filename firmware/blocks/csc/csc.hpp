#pragma once
// Firmware side of the RGB to YCbCr block: BT.709 in limited range, for 10-bit RGB in and 8-bit
// YCbCr out.
#include <array>
#include <cstdint>

#include "firmware/blocks/register_writes.hpp"

namespace ispsim::fw::blocks {

struct Csc {
  struct Tuning {
    bool bypass = false;
  };
  // ITU-R BT.709 luma weights (Kr 0.2126, Kb 0.0722) in limited range, so Y spans 219 codes
  // and Cb/Cr 224; s3.12 coefficients round(4096 * K), rows Y, Cb, Cr, columns R, G, B;
  // offsets 16, 128, 128.
  struct Codes {
    std::array<uint32_t, 9> coef;
    std::array<uint32_t, 3> offset;
  };
  static Codes bt709_limited_range();
  static void encode(const Tuning& tuning, RegisterWrites& writes);
};

}  // namespace ispsim::fw::blocks
