#pragma once
// Firmware side of the white balance block: gains for R, G (both Gr and Gb) and B.
#include "firmware/blocks/register_writes.hpp"
#include "firmware/matrix3.hpp"

namespace ispsim::fw::blocks {

struct WhiteBalance {
  struct Tuning {
    bool bypass = false;
    Vector3 gain{1.0, 1.0, 1.0};  // R, G, B; 0..16 (u4.12)
  };
  static void encode(const Tuning& tuning, RegisterWrites& writes);
};

}  // namespace ispsim::fw::blocks
