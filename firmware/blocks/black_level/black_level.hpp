#pragma once
// Firmware side of the black level block: its tuning section and register encoder.
#include <array>
#include <cstdint>

#include "firmware/blocks/register_writes.hpp"

namespace ispsim::fw::blocks {

struct BlackLevel {
  struct Tuning {
    bool bypass = false;
    std::array<uint16_t, 4> level{};  // 12-bit pedestal per CFA colour: R, Gr, Gb, B
  };
  // BLC_NORM_GAIN (u4.12) restoring full scale after subtracting `black_level`:
  // 4095 / (4095 - level). With per-colour levels the largest is used, so every colour reaches
  // full scale (the others clip slightly early rather than fall short of white).
  static uint32_t norm_gain_code(uint16_t black_level);
  static void encode(const Tuning& tuning, RegisterWrites& writes);
};

}  // namespace ispsim::fw::blocks
