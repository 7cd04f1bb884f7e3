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
    // The 12-bit code at which the raw clips (a stored raw's white level may be below 4095).
    uint16_t white_level = 4095;
  };
  // BLC_NORM_GAIN (u4.12) bringing the clip point to full scale after subtracting
  // `black_level`: 4095 / (white - level). With per-colour levels the largest is used, so every
  // colour reaches full scale (the others clip slightly early rather than fall short of white).
  // Throws FirmwareError unless level < white <= 4095 and the gain fits (below 16).
  static uint32_t norm_gain_code(uint16_t black_level, uint16_t white_level = 4095);
  // The gain the block applies for `tuning`, as encode() programs it (the largest level's):
  // what the blocks after it see of the raw.
  static double norm_gain(const Tuning& tuning);
  static void encode(const Tuning& tuning, RegisterWrites& writes);
};

}  // namespace ispsim::fw::blocks
