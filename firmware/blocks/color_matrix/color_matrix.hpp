#pragma once
// Firmware side of the colour correction matrix: white-balanced camera RGB to linear sRGB.
#include <array>
#include <cstdint>

#include "firmware/blocks/register_writes.hpp"
#include "firmware/matrix3.hpp"

namespace ispsim::fw::blocks {

struct ColorMatrix {
  struct Tuning {
    bool bypass = false;
    Matrix3 matrix = identity3();
  };
  // s3.12 codes whose rows keep their sums through rounding: the diagonal absorbs its row's
  // rounding error, so a row summing to 1 maps grey to exactly the same grey.
  static std::array<uint32_t, 9> row_preserving_codes(const Matrix3& matrix);
  static void encode(const Tuning& tuning, RegisterWrites& writes);
};

}  // namespace ispsim::fw::blocks
