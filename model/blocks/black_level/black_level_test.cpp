// Black level against the textbook formula, computed in floating point in the test.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "model/blocks/black_level/black_level.hpp"
#include "testbench/blocks/block_test_support.hpp"

namespace ispsim {
namespace {

using blocks::BlackLevel;

BlackLevel::Params params() {
  BlackLevel::Params p;
  p.level = {240, 256, 263, 300};  // a different pedestal per CFA colour
  p.norm_gain = 4400;              // u4.12: 1.0742
  return p;
}

// out = clamp(round-half-up((in - level) * gain / 4096), 0, 4095), level per CFA colour.
double golden(double in, double level, double gain) {
  const double above = std::max(in - level, 0.0);
  return std::clamp(std::floor(above * gain / 4096.0 + 0.5), 0.0, 4095.0);
}

TEST(BlackLevel, MatchesTheFormulaForEveryPhase) {
  const BlackLevel::Params p = params();
  const Image16 raw = test::random_image(37, 9, 1, 7, 4095);
  for (int phase = 0; phase < 4; ++phase) {
    const Image16 out = test::run_block<BlackLevel>(p, raw, phase, test::Path::kSimd);
    for (int y = 0; y < raw.height(); ++y)
      for (int x = 0; x < raw.width(); ++x)
        ASSERT_EQ(out.at(x, y),
                  golden(raw.at(x, y), p.level[test::cfa_colour_by_name(phase, x, y)], p.norm_gain))
            << x << "," << y << " phase " << phase;
  }
}

TEST(BlackLevel, HandValues) {
  BlackLevel::Params p;
  p.level = {256, 256, 256, 256};
  p.norm_gain = 4369;  // round(4096 * 4095 / 3839)
  EXPECT_EQ(BlackLevel::sample(256, 256, 4369), 0);
  EXPECT_EQ(BlackLevel::sample(100, 256, 4369), 0);      // below the pedestal
  EXPECT_EQ(BlackLevel::sample(4095, 256, 4369), 4095);  // 3839 * 4369 / 4096 = 4094.8
  EXPECT_EQ(BlackLevel::sample(1000, 256, 4369), 794);   // 744 * 1.06665 = 793.6
  EXPECT_EQ(BlackLevel::sample(4095, 0, 0xFFFF), 4095);  // saturates
}

TEST(BlackLevel, SimdEqualsScalarOnEveryTarget) {
  const BlackLevel::Params p = params();
  for (int width : {1, 3, 37, 64, 65, 200})
    for (int phase = 0; phase < 4; ++phase)
      test::expect_simd_equals_scalar<BlackLevel>(p, test::random_image(width, 3, 1, width, 65535),
                                                  phase);
  BlackLevel::Params saturating = p;
  saturating.norm_gain = 0xFFFF;
  test::expect_simd_equals_scalar<BlackLevel>(saturating, test::random_image(70, 2, 1, 3, 65535),
                                              0);
}

// With a pedestal P: clamp(floor((min(in, 4095) - level) * gain / 4096 + 0.5) + P, 0, 4095 + P).
double golden_with_pedestal(double in, double level, double gain, double pedestal) {
  const double above = std::min(in, 4095.0) - level;
  return std::clamp(std::floor(above * gain / 4096.0 + 0.5) + pedestal, 0.0, 4095.0 + pedestal);
}

TEST(BlackLevel, APedestalKeepsWhatFallsBelowBlack) {
  for (const int pedestal : {1, 64, 255}) {
    BlackLevel::Params p = params();
    p.pedestal = static_cast<uint16_t>(pedestal);
    // Noise around black, and the full 16-bit range (taken as 4095 above it).
    Image16 dark = test::random_image(37, 9, 1, 7, 120);
    for (auto& s : dark.samples())
      s = static_cast<uint16_t>(s + 200);
    for (const Image16& raw : {dark, test::random_image(37, 9, 1, 8, 65535)})
      for (int phase = 0; phase < 4; ++phase)
        for (const auto path : {test::Path::kSimd, test::Path::kScalar}) {
          const Image16 out = test::run_block<BlackLevel>(p, raw, phase, path);
          for (int y = 0; y < raw.height(); ++y)
            for (int x = 0; x < raw.width(); ++x)
              ASSERT_EQ(
                  out.at(x, y),
                  golden_with_pedestal(raw.at(x, y), p.level[test::cfa_colour_by_name(phase, x, y)],
                                       p.norm_gain, pedestal))
                  << x << "," << y << " phase " << phase << " pedestal " << pedestal;
        }
    for (int width : {1, 3, 64, 65})
      test::expect_simd_equals_scalar<BlackLevel>(p, test::random_image(width, 3, 1, width, 65535),
                                                  1);
  }
  // By hand: 56 below black stays 56 below the pedestal; further below clips at 0.
  EXPECT_EQ(BlackLevel::sample(200, 256, 4096, 64), 8);
  EXPECT_EQ(BlackLevel::sample(100, 256, 4096, 64), 0);
  EXPECT_EQ(BlackLevel::sample(4095, 256, 4369, 64), 4095 + 64);
}

TEST(BlackLevel, BypassPassesSamplesThrough) {
  BlackLevel::Params p = params();
  p.bypass = true;
  const Image16 raw = test::random_image(33, 4, 1, 9, 4095);
  EXPECT_TRUE(test::run_block<BlackLevel>(p, raw, 0, test::Path::kSimd) == raw);
}

}  // namespace
}  // namespace ispsim
