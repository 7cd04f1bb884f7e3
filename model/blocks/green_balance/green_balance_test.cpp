// Green balance against the rule written out in the test, and hand values: an imbalanced flat
// field comes out balanced, an edge keeps its greens, red and blue never change.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "model/blocks/green_balance/green_balance.hpp"
#include "testbench/blocks/block_test_support.hpp"

namespace ispsim {
namespace {

using blocks::GreenBalance;

int mirror(int i, int n) {
  return i < 0 ? -i : (i >= n ? 2 * (n - 1) - i : i);
}

bool green(int phase, int x, int y) {
  const int c = test::cfa_colour_by_name(phase, x, y);
  return c == 1 || c == 2;
}

// The header's rule: a green moves half way to the other kind's local mean when the two means
// differ by no more than 2 x limit / 256 of their average (in sums: |other - own| <= limit/256
// x (other + own)); halves of a code round up.
uint16_t golden(const Image16& raw, int phase, int x, int y, int limit) {
  const int v = raw.at(x, y);
  if (!green(phase, x, y)) return static_cast<uint16_t>(v);
  auto at = [&](int dx, int dy) {
    return raw.at(mirror(x + dx, raw.width()), mirror(y + dy, raw.height()));
  };
  const double own = at(-2, 0) + at(2, 0) + at(0, -2) + at(0, 2);
  const double other = at(-1, -1) + at(1, -1) + at(-1, 1) + at(1, 1);
  if (std::abs(other - own) > limit / 256.0 * (other + own)) return static_cast<uint16_t>(v);
  const double moved = v + std::floor((other - own) / 8.0 + 0.5);
  return static_cast<uint16_t>(std::clamp(moved, 0.0, 4095.0));
}

GreenBalance::Params params(int limit) {
  GreenBalance::Params p;
  p.limit = static_cast<uint16_t>(limit);
  return p;
}

TEST(GreenBalance, MatchesTheRuleForEveryPhaseAndOddSizes) {
  for (const auto& [w, h] : {std::pair{23, 13}, {3, 3}, {4, 7}, {70, 5}})
    for (int phase = 0; phase < 4; ++phase)
      for (const int limit : {0, 9, 64, 255}) {
        // Random greens around 1000 +- 60 and anything for red and blue: every branch is taken.
        Image16 raw = test::random_image(w, h, 1, uint32_t(w * h + phase + limit), 4095);
        const Image16 jitter = test::random_image(w, h, 1, uint32_t(limit + 7), 120);
        for (int y = 0; y < h; ++y)
          for (int x = 0; x < w; ++x)
            if (green(phase, x, y)) raw.at(x, y) = uint16_t(940 + jitter.at(x, y));
        for (const auto path : {test::Path::kSimd, test::Path::kScalar}) {
          const Image16 out = test::run_block<GreenBalance>(params(limit), raw, phase, path);
          for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
              ASSERT_EQ(out.at(x, y), golden(raw, phase, x, y, limit))
                  << x << "," << y << " of " << w << "x" << h << " phase " << phase << " limit "
                  << limit << (path == test::Path::kSimd ? " simd" : " scalar");
        }
      }
}

TEST(GreenBalance, AnImbalancedFlatFieldComesOutBalanced) {
  for (int phase = 0; phase < 4; ++phase) {
    Image16 raw(16, 12, 1);
    for (int y = 0; y < 12; ++y)
      for (int x = 0; x < 16; ++x) {
        const int c = test::cfa_colour_by_name(phase, x, y);
        raw.at(x, y) = c == 0 ? 700 : c == 3 ? 300 : c == 1 ? 1000 : 1030;  // Gb 3% above Gr
      }
    const Image16 out = test::run_block<GreenBalance>(params(10), raw, phase, test::Path::kSimd);
    for (int y = 0; y < 12; ++y)
      for (int x = 0; x < 16; ++x) {
        const int c = test::cfa_colour_by_name(phase, x, y);
        // Gr: +(4 x 30 + 4) >> 3 = +15; Gb: (-120 + 4) >> 3 = -15 (floor of -14.5).
        EXPECT_EQ(out.at(x, y), c == 1 || c == 2 ? 1015 : raw.at(x, y)) << x << "," << y;
      }
  }
}

TEST(GreenBalance, GreensAcrossAnEdgeStayApart) {
  // Greens 1000 left of column 8 and 1600 from it: near the edge the two kinds' means differ by
  // far more than the limit and nothing moves; far from it both kinds agree.
  Image16 raw(16, 8, 1);
  for (int y = 0; y < 8; ++y)
    for (int x = 0; x < 16; ++x)
      raw.at(x, y) = x < 8 ? 1000 : 1600;
  const Image16 out = test::run_block<GreenBalance>(params(10), raw, 0, test::Path::kSimd);
  EXPECT_TRUE(out == raw);
}

TEST(GreenBalance, SimdEqualsScalarOnEveryTarget) {
  for (int width : {3, 5, 33, 64, 67})
    for (int phase = 0; phase < 4; ++phase) {
      test::expect_simd_equals_scalar<GreenBalance>(
          params(40), test::random_image(width, 6, 1, uint32_t(width + phase), 4095), phase);
      // Near-flat greens so most samples move, some clamped at 0 and 4095.
      Image16 raw = test::random_image(width, 6, 1, uint32_t(width * 3 + phase), 40);
      for (auto& s : raw.samples())
        s = static_cast<uint16_t>(s % 2 ? 4095 - s : s);
      test::expect_simd_equals_scalar<GreenBalance>(params(255), raw, phase);
      for (int limit : {1, 255})
        test::expect_simd_equals_scalar<GreenBalance>(
            params(limit), test::random_image(width, 6, 1, uint32_t(width + limit), 4095), phase);
      // Wider than the raw lines' 12 bits.
      test::expect_simd_equals_scalar<GreenBalance>(
          params(40), test::random_image(width, 6, 1, uint32_t(width + 9), 65535), phase);
    }
}

TEST(GreenBalance, SamplesWiderThanTwelveBitsAreClippedOnEntry) {
  Image16 raw(8, 6, 1);
  for (auto& s : raw.samples())
    s = 5000;
  for (const test::Path path : {test::Path::kScalar, test::Path::kSimd}) {
    const Image16 out = test::run_block<GreenBalance>(params(255), raw, 0, path);
    for (uint16_t s : out.samples())
      ASSERT_EQ(s, 4095);
  }
}

TEST(GreenBalance, BypassPassesTheFrameThrough) {
  GreenBalance::Params p = params(255);
  p.bypass = true;
  const Image16 raw = test::random_image(9, 5, 1, 4, 4095);
  EXPECT_TRUE(test::run_block<GreenBalance>(p, raw, 0, test::Path::kSimd) == raw);
}

}  // namespace
}  // namespace ispsim
