// Colour matrix against the matrix product computed in floating point in the test.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "model/blocks/color_matrix/color_matrix.hpp"
#include "testbench/blocks/block_test_support.hpp"

namespace ispsim {
namespace {

using blocks::ColorMatrix;

ColorMatrix::Params saturating_matrix() {
  ColorMatrix::Params p;
  p.coef = {6554, -1638, -820, -1229, 6144, -819, 205, -2458, 6349};  // s3.12, rows sum ~1
  return p;
}

TEST(ColorMatrix, MatchesTheMatrixProduct) {
  ColorMatrix::Params p = saturating_matrix();
  const Image16 rgb = test::random_image(29, 5, 3, 11, 4095);
  const Image16 out = test::run_block<ColorMatrix>(p, rgb, 0, test::Path::kSimd);
  for (int y = 0; y < rgb.height(); ++y)
    for (int x = 0; x < rgb.width(); ++x)
      for (int c = 0; c < 3; ++c) {
        double sum = 0.0;
        for (int k = 0; k < 3; ++k)
          sum += p.coef[3 * c + k] / 4096.0 * rgb.at(x, y, k);
        ASSERT_EQ(out.at(x, y, c), std::clamp(std::floor(sum + 0.5), 0.0, 4095.0))
            << x << "," << y << " plane " << c;
      }
}

TEST(ColorMatrix, HandValues) {
  const int16_t identity_row[3] = {4096, 0, 0};
  EXPECT_EQ(ColorMatrix::sample(identity_row, 1234, 99, 7), 1234);
  const int16_t mix[3] = {2048, 2048, -4096};                  // (r + g) / 2 - b
  EXPECT_EQ(ColorMatrix::sample(mix, 1000, 2001, 500), 1001);  // 1500.5 - 500, half rounds up
  EXPECT_EQ(ColorMatrix::sample(mix, 0, 0, 100), 0);           // negative clips to 0
  const int16_t gain8[3] = {32767, 0, 0};                      // 7.99976
  EXPECT_EQ(ColorMatrix::sample(gain8, 4095, 0, 0), 4095);     // clips at 12 bits
  const int16_t minus8[3] = {-32768, 0, 0};
  EXPECT_EQ(ColorMatrix::sample(minus8, 4095, 0, 0), 0);
}

TEST(ColorMatrix, SimdEqualsScalarOnEveryTarget) {
  ColorMatrix::Params extreme;
  extreme.coef = {32767, -32768, 32767, -32768, 32767, -32768, 1, -1, 4096};
  for (int width : {1, 17, 64, 99}) {
    test::expect_simd_equals_scalar<ColorMatrix>(saturating_matrix(),
                                                 test::random_image(width, 2, 3, width, 4095), 0);
    test::expect_simd_equals_scalar<ColorMatrix>(
        extreme, test::random_image(width, 2, 3, width + 7, 4095), 0);
  }
}

}  // namespace
}  // namespace ispsim
