// RGB to YCbCr against the matrix product in floating point, and 4:2:0 chroma by hand.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "model/blocks/csc/csc.hpp"
#include "testbench/blocks/block_test_support.hpp"

namespace ispsim {
namespace {

using blocks::Csc;

Csc::Params bt709() {
  Csc::Params p;
  p.coef = {748, 2516, 254, -412, -1387, 1799, 1799, -1634, -165};
  p.offset = {16, 128, 128};
  return p;
}

TEST(Csc, MatchesTheMatrixProductWithOffsets) {
  const Csc::Params p = bt709();
  const Image16 rgb = test::random_image(31, 4, 3, 3, 1023);
  const Image16 out = test::run_block<Csc>(p, rgb, 0, test::Path::kSimd);
  for (int y = 0; y < rgb.height(); ++y)
    for (int x = 0; x < rgb.width(); ++x)
      for (int c = 0; c < 3; ++c) {
        double sum = 0.0;
        for (int k = 0; k < 3; ++k)
          sum += p.coef[3 * c + k] / 4096.0 * rgb.at(x, y, k) / 4.0;  // 10-bit in, 8-bit out
        ASSERT_EQ(out.at(x, y, c), std::clamp(std::floor(sum + 0.5) + p.offset[c], 0.0, 255.0))
            << x << "," << y << " plane " << c;
      }
}

TEST(Csc, WhiteAndBlackLandOnTheLimitedRangeEnds) {
  const int16_t y_row[3] = {748, 2516, 254};
  // 10-bit white is 1023/4 = 255.75 in 8-bit units: 3518/4096 * 255.75 = 219.66 -> 220, + 16.
  EXPECT_EQ(Csc::sample(y_row, 16, 1023, 1023, 1023), 236);
  EXPECT_EQ(Csc::sample(y_row, 16, 0, 0, 0), 16);
  const int16_t cb_row[3] = {-412, -1387, 1799};
  EXPECT_EQ(Csc::sample(cb_row, 128, 1023, 1023, 1023), 128);  // grey has no chroma
}

TEST(Csc, BypassMovesGreenBlueRedToYCbCr) {
  Csc::Params p = bt709();
  p.bypass = true;
  const Image16 rgb = test::random_image(5, 1, 3, 8, 1023);
  const Image16 out = test::run_block<Csc>(p, rgb, 0, test::Path::kSimd);
  EXPECT_EQ(out.at(2, 0, 0), rgb.at(2, 0, 1) >> 2);
  EXPECT_EQ(out.at(2, 0, 1), rgb.at(2, 0, 2) >> 2);
  EXPECT_EQ(out.at(2, 0, 2), rgb.at(2, 0, 0) >> 2);
}

TEST(Csc, SimdEqualsScalarOnEveryTarget) {
  Csc::Params extreme = bt709();
  extreme.coef = {32767, 32767, 32767, -32768, -32768, -32768, 1, 0, -1};
  for (int width : {1, 3, 64, 101}) {
    test::expect_simd_equals_scalar<Csc>(bt709(), test::random_image(width, 2, 3, width, 1023), 0);
    test::expect_simd_equals_scalar<Csc>(extreme, test::random_image(width, 2, 3, 2, 4095), 0);
  }
}

TEST(Csc, ChromaIsTheRoundedMeanOfEachTwoByTwoBlockAndRepeatsAnOddColumn) {
  blocks::PlanarLine first(3, 3), second(3, 3);
  const uint16_t cb0[3] = {2, 3, 4}, cb1[3] = {5, 6, 7}, cr0[3] = {10, 20, 30},
                 cr1[3] = {11, 21, 31};
  for (int x = 0; x < 3; ++x) {
    first.plane(1)[x] = cb0[x];
    second.plane(1)[x] = cb1[x];
    first.plane(2)[x] = cr0[x];
    second.plane(2)[x] = cr1[x];
  }
  uint8_t uv[4];
  Csc::subsample_chroma(first.cref(), second.cref(), 3, uv);
  EXPECT_EQ(uv[0], 4);   // (2 + 3 + 5 + 6 + 2) / 4
  EXPECT_EQ(uv[1], 16);  // (10 + 20 + 11 + 21 + 2) / 4 = 16
  EXPECT_EQ(uv[2], 6);   // odd last column repeats: (4 + 4 + 7 + 7 + 2) / 4
  EXPECT_EQ(uv[3], 31);  // (30 + 30 + 31 + 31 + 2) / 4 = 31
}

TEST(Csc, ChromaSimdEqualsOneBlockAtATimeOnEveryTarget) {
  for (int width : {1, 2, 3, 63, 64, 65, 130, 257}) {
    const Image16 a = test::random_image(width, 1, 3, width, 255);
    const Image16 b = test::random_image(width, 1, 3, width + 1, 255);
    const auto first = to_lines(a), second = to_lines(b);
    std::vector<uint8_t> expected(2 * Csc::chroma_width(width));
    Csc::subsample_chroma_scalar(first[0].cref(), second[0].cref(), width, expected.data());
    test::for_each_simd_target([&](const std::string& target) {
      std::vector<uint8_t> got(expected.size() + 64, 0xAA);  // room to see an overrun
      Csc::subsample_chroma(first[0].cref(), second[0].cref(), width, got.data());
      EXPECT_TRUE(std::equal(expected.begin(), expected.end(), got.begin()))
          << target << " width " << width;
      EXPECT_EQ(got[expected.size()], 0xAA) << target << ": wrote past the chroma line";
    });
  }
}

}  // namespace
}  // namespace ispsim
