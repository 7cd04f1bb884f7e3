// White balance against the textbook formula, computed in floating point in the test.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "model/blocks/white_balance/white_balance.hpp"
#include "testbench/blocks/block_test_support.hpp"

namespace ispsim {
namespace {

using blocks::WhiteBalance;

WhiteBalance::Params params() {
  WhiteBalance::Params p;
  p.gain = {7782, 4096, 4200, 6349};  // R 1.9, Gr 1.0, Gb 1.025, B 1.55
  return p;
}

TEST(WhiteBalance, MatchesTheFormulaForEveryPhase) {
  const WhiteBalance::Params p = params();
  const Image16 raw = test::random_image(41, 7, 1, 5, 4095);
  for (int phase = 0; phase < 4; ++phase) {
    const Image16 out = test::run_block<WhiteBalance>(p, raw, phase, test::Path::kSimd);
    for (int y = 0; y < raw.height(); ++y)
      for (int x = 0; x < raw.width(); ++x) {
        const double gain = p.gain[test::cfa_colour_by_name(phase, x, y)];
        const double expected = std::min(std::floor(raw.at(x, y) * gain / 4096.0 + 0.5), 4095.0);
        ASSERT_EQ(out.at(x, y), expected) << x << "," << y << " phase " << phase;
      }
  }
}

TEST(WhiteBalance, HandValues) {
  EXPECT_EQ(WhiteBalance::sample(1000, 0x1000), 1000);  // unity
  EXPECT_EQ(WhiteBalance::sample(1000, 0x2000), 2000);
  EXPECT_EQ(WhiteBalance::sample(3, 0x1800), 5);        // 4.5 rounds up
  EXPECT_EQ(WhiteBalance::sample(3000, 0x2000), 4095);  // clips
  EXPECT_EQ(WhiteBalance::sample(65535, 0xFFFF), 4095);
}

TEST(WhiteBalance, SimdEqualsScalarOnEveryTarget) {
  for (int width : {1, 2, 37, 64, 129})
    for (int phase = 0; phase < 4; ++phase)
      test::expect_simd_equals_scalar<WhiteBalance>(
          params(), test::random_image(width, 3, 1, width + 1, 65535), phase);
}

}  // namespace
}  // namespace ispsim
