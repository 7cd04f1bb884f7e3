// Defect pixel correction against the rule written out in the test (each sample's eight
// same-colour neighbours two samples away, mirrored at the borders, sorted), and against hand
// values: a hot and a dead pixel on a flat field, the margin's edge, a one-pixel line.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <functional>

#include "model/blocks/defect_pixel/defect_pixel.hpp"
#include "testbench/blocks/block_test_support.hpp"

namespace ispsim {
namespace {

using blocks::DefectPixel;

int mirror(int i, int n) {
  return i < 0 ? -i : (i >= n ? 2 * (n - 1) - i : i);
}

uint16_t golden(const Image16& raw, int x, int y, int threshold, int slope) {
  std::array<int, 8> near{};
  int n = 0;
  for (int dy : {-2, 0, 2})
    for (int dx : {-2, 0, 2})
      if (dx != 0 || dy != 0)
        near[n++] = raw.at(mirror(x + dx, raw.width()), mirror(y + dy, raw.height()));
  std::sort(near.begin(), near.end());
  const int lowest = near.front(), highest = near.back();
  const int margin = threshold + highest * slope / 256;  // non-negative: floor
  const int own = raw.at(x, y);
  if (own - highest > margin) return static_cast<uint16_t>(highest);
  if (lowest - own > margin) return static_cast<uint16_t>(lowest);
  return static_cast<uint16_t>(own);
}

DefectPixel::Params params(int threshold, int slope) {
  DefectPixel::Params p;
  p.threshold = static_cast<uint16_t>(threshold);
  p.slope = static_cast<uint16_t>(slope);
  return p;
}

void expect_matches_rule(const Image16& raw, int threshold, int slope, int phase) {
  const Image16 out =
      test::run_block<DefectPixel>(params(threshold, slope), raw, phase, test::Path::kSimd);
  for (int y = 0; y < raw.height(); ++y)
    for (int x = 0; x < raw.width(); ++x)
      ASSERT_EQ(out.at(x, y), golden(raw, x, y, threshold, slope))
          << "(" << x << "," << y << ") " << raw.width() << "x" << raw.height() << " threshold "
          << threshold << " slope " << slope;
}

TEST(DefectPixel, MatchesTheRuleOnRandomFramesAndOddSizes) {
  // Random frames are full of "defects" at small margins: every branch is taken many times.
  for (int phase = 0; phase < 4; ++phase)
    expect_matches_rule(test::random_image(23, 13, 1, 50 + phase, 4095), 40 * phase, 0, phase);
  expect_matches_rule(test::random_image(3, 3, 1, 1, 4095), 0, 255, 0);
  expect_matches_rule(test::random_image(4, 7, 1, 2, 4095), 100, 64, 1);
  expect_matches_rule(test::random_image(70, 5, 1, 3, 4095), 4095, 255, 2);
  expect_matches_rule(test::random_image(31, 9, 1, 4, 4095), 7, 200, 3);
}

Image16 flat(int width, int height, uint16_t level) {
  Image16 raw(width, height, 1);
  for (auto& sample : raw.samples())
    sample = level;
  return raw;
}

TEST(DefectPixel, HotAndDeadPixelsOnAFlatFieldBecomeTheField) {
  Image16 raw = flat(16, 12, 1000);
  raw.at(5, 4) = 4095;  // hot
  raw.at(10, 7) = 0;    // dead
  raw.at(0, 0) = 3000;  // in the corner, its neighbours mirrored
  const Image16 out = test::run_block<DefectPixel>(params(100, 0), raw, 0, test::Path::kSimd);
  EXPECT_TRUE(out == flat(16, 12, 1000));
}

TEST(DefectPixel, TheMarginIsThresholdPlusSlopeTimesTheMaximum) {
  // Neighbours all 1024: margin = 100 + 1024 * 64 / 256 = 356.
  for (const auto& [value, expected] :
       {std::pair{1024 + 356, 1024 + 356},  // at the margin: kept
        std::pair{1024 + 357, 1024}, std::pair{1024 - 356, 1024 - 356},
        std::pair{1024 - 357, 1024}}) {
    Image16 raw = flat(9, 9, 1024);
    raw.at(4, 4) = static_cast<uint16_t>(value);
    const Image16 out = test::run_block<DefectPixel>(params(100, 64), raw, 0, test::Path::kSimd);
    EXPECT_EQ(out.at(4, 4), expected) << value;
  }
}

TEST(DefectPixel, OnePixelLinesAcrossDownAndAtFortyFiveDegreesSurvive) {
  // One line at a time (where lines cross, a background sample boxed in by them is pulled up).
  const std::function<bool(int, int)> lines[] = {
      [](int x, int) { return x == 7; },        // vertical
      [](int, int y) { return y == 9; },        // horizontal, near the bottom border
      [](int x, int y) { return x == y; },      // diagonal, through the corner
      [](int x, int y) { return x + y == 15; }  // anti-diagonal, to the right border
  };
  for (const auto& on_line : lines) {
    Image16 raw = flat(16, 12, 1000);
    for (int y = 0; y < 12; ++y)
      for (int x = 0; x < 16; ++x)
        if (on_line(x, y)) raw.at(x, y) = 3000;
    for (int phase = 0; phase < 4; ++phase) {
      const Image16 out =
          test::run_block<DefectPixel>(params(100, 0), raw, phase, test::Path::kSimd);
      EXPECT_TRUE(out == raw) << "phase " << phase;
    }
  }
}

TEST(DefectPixel, ALineAtOtherAnglesIsClippedWhereNoNeighbourIsOnIt) {
  // A line of slope 1/2: each of its samples has none of its eight ring neighbours on it, so it
  // is taken for a run of defects (documented as the ring's limit).
  Image16 raw = flat(20, 12, 1000);
  for (int x = 0; x < 20; ++x)
    raw.at(x, x / 2) = 3000;
  const Image16 out = test::run_block<DefectPixel>(params(100, 0), raw, 0, test::Path::kSimd);
  int clipped = 0;
  for (int x = 0; x < 20; ++x)
    clipped += out.at(x, x / 2) != 3000;
  EXPECT_GT(clipped, 10);
}

TEST(DefectPixel, SimdEqualsScalarOnEveryTarget) {
  for (int width : {3, 5, 33, 64, 67})
    for (int slope : {0, 77, 255})
      test::expect_simd_equals_scalar<DefectPixel>(
          params(slope / 2, slope), test::random_image(width, 6, 1, width + slope, 4095), 0);
  // Saturated neighbourhoods: a dead pixel in a white field, a stuck one in a black field.
  Image16 white = flat(21, 7, 4095), black = flat(21, 7, 0);
  white.at(10, 3) = 0;
  black.at(10, 3) = 4095;
  for (const Image16& raw : {white, black})
    test::expect_simd_equals_scalar<DefectPixel>(params(0, 0), raw, 0);
}

TEST(DefectPixel, BypassPassesTheFrameThrough) {
  DefectPixel::Params p = params(0, 0);
  p.bypass = true;
  const Image16 raw = test::random_image(9, 5, 1, 4, 4095);
  EXPECT_TRUE(test::run_block<DefectPixel>(p, raw, 0, test::Path::kSimd) == raw);
}

}  // namespace
}  // namespace ispsim
