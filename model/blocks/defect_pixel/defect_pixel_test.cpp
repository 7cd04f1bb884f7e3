// Defect pixel correction against the rule written out in the test (each sample's eight
// same-colour neighbours two samples away, mirrored at the borders, sorted; the nearest
// neighbours' support), and against hand values: a hot and a dead pixel on a flat field, the
// margin's edge, a one-pixel line, a spot the lens spread.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <vector>

#include "model/blocks/defect_pixel/defect_pixel.hpp"
#include "testbench/blocks/block_test_support.hpp"

namespace ispsim {
namespace {

using blocks::DefectPixel;

int mirror(int i, int n) {
  return i < 0 ? -i : (i >= n ? 2 * (n - 1) - i : i);
}

// `limit` < 0: no support check. Else a candidate is spared when its four nearest neighbours'
// summed excess over their partners (N and S: the samples two columns either side of them; W
// and E: two rows above and below them) is more than limit/64 of its own excess.
uint16_t golden(const Image16& raw, int x, int y, int threshold, int slope, int limit = -1) {
  const auto at = [&](int dx, int dy) {
    return static_cast<int>(raw.at(mirror(x + dx, raw.width()), mirror(y + dy, raw.height())));
  };
  int rise = 0, fall = 0;
  for (const auto& [nx, ny, px, py] : {std::array{0, -1, 2, 0}, std::array{0, 1, 2, 0},
                                       std::array{-1, 0, 0, 2}, std::array{1, 0, 0, 2}}) {
    const int v = at(nx, ny), a = at(nx - px, ny - py), b = at(nx + px, ny + py);
    rise += std::max(0, v - std::max(a, b));
    fall += std::max(0, std::min(a, b) - v);
  }
  const auto spared = [&](int support, int excess) {
    return limit >= 0 && support * 64.0 > limit * static_cast<double>(excess);
  };
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
  if (own - highest > margin && !spared(rise, own - highest)) return static_cast<uint16_t>(highest);
  if (lowest - own > margin && !spared(fall, lowest - own)) return static_cast<uint16_t>(lowest);
  return static_cast<uint16_t>(own);
}

// The static table's rule as the header states it: a listed sample becomes the mean of its
// same-colour pair across or down (mirrored at the borders), whichever pair differs less.
uint16_t listed_golden(const Image16& raw, int x, int y) {
  const int left = raw.at(mirror(x - 2, raw.width()), y);
  const int right = raw.at(mirror(x + 2, raw.width()), y);
  const int up = raw.at(x, mirror(y - 2, raw.height()));
  const int down = raw.at(x, mirror(y + 2, raw.height()));
  const double mean =
      std::abs(left - right) <= std::abs(up - down) ? (left + right) / 2.0 : (up + down) / 2.0;
  return static_cast<uint16_t>(std::ceil(mean));  // halves round up
}

uint32_t place(int x, int y) {
  return (static_cast<uint32_t>(y) << 16) | static_cast<uint32_t>(x);
}

DefectPixel::Params params(int threshold, int slope, int limit = -1) {
  DefectPixel::Params p;
  p.threshold = static_cast<uint16_t>(threshold);
  p.slope = static_cast<uint16_t>(slope);
  p.support_check = limit >= 0;
  p.support_limit = static_cast<uint16_t>(std::max(limit, 0));
  return p;
}

Image16 flat(int width, int height, uint16_t level) {
  Image16 raw(width, height, 1);
  for (auto& sample : raw.samples())
    sample = level;
  return raw;
}

void expect_matches_rule(const Image16& raw, int threshold, int slope, int phase, int limit = -1) {
  for (const auto path : {test::Path::kSimd, test::Path::kScalar}) {
    const Image16 out =
        test::run_block<DefectPixel>(params(threshold, slope, limit), raw, phase, path);
    for (int y = 0; y < raw.height(); ++y)
      for (int x = 0; x < raw.width(); ++x)
        ASSERT_EQ(out.at(x, y), golden(raw, x, y, threshold, slope, limit))
            << "(" << x << "," << y << ") " << raw.width() << "x" << raw.height() << " threshold "
            << threshold << " slope " << slope << " limit " << limit
            << (path == test::Path::kSimd ? " SIMD" : " scalar");
  }
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

TEST(DefectPixel, MatchesTheRuleWithTheSupportCheck) {
  // Random frames give candidates with every amount of support; limits from none to the most.
  for (int limit : {0, 1, 16, 64, 255})
    for (int phase = 0; phase < 4; ++phase)
      expect_matches_rule(test::random_image(37, 11, 1, 60 + phase + limit, 4095), 20 * phase, 30,
                          phase, limit);
  expect_matches_rule(test::random_image(3, 3, 1, 5, 4095), 0, 0, 0, 16);
}

// What the lens makes of a point of light: a peak with its nearest neighbours raised too.
Image16 spot(int peak, int shoulder) {
  Image16 raw = flat(15, 15, 600);
  raw.at(7, 7) = static_cast<uint16_t>(peak);
  for (const auto& [dx, dy] :
       {std::pair{-1, 0}, std::pair{1, 0}, std::pair{0, -1}, std::pair{0, 1}})
    raw.at(7 + dx, 7 + dy) = static_cast<uint16_t>(shoulder);
  return raw;
}

TEST(DefectPixel, ASpotTheLensSpreadIsKeptWithTheSupportCheckAndALoneDefectIsNot) {
  // Margin 100: the peak stands 1400 above its ring. Its neighbours stand 400 above their
  // partners each: 1600 of support against 1400 x 16/64 = 350 allowed.
  const Image16 detail = spot(2000, 1000);
  EXPECT_EQ(test::run_block<DefectPixel>(params(100, 0, 16), detail, 0, test::Path::kSimd).at(7, 7),
            2000);
  EXPECT_EQ(test::run_block<DefectPixel>(params(100, 0), detail, 0, test::Path::kSimd).at(7, 7),
            600);  // without the check: clipped to the ring
  // A lone hot pixel (no support) and one whose neighbours barely rise (4 x 80 = 320 <= 350).
  for (const int shoulder : {600, 680})
    EXPECT_EQ(
        test::run_block<DefectPixel>(params(100, 0, 16), spot(2000, shoulder), 0, test::Path::kSimd)
            .at(7, 7),
        600)
        << shoulder;
  // A dead pixel in a bright field whose neighbours dip with it is detail too.
  Image16 dark_spot = flat(15, 15, 3000);
  dark_spot.at(7, 7) = 100;
  for (const auto& [dx, dy] :
       {std::pair{-1, 0}, std::pair{1, 0}, std::pair{0, -1}, std::pair{0, 1}})
    dark_spot.at(7 + dx, 7 + dy) = 2000;
  EXPECT_EQ(
      test::run_block<DefectPixel>(params(100, 0, 16), dark_spot, 0, test::Path::kSimd).at(7, 7),
      100);
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
      for (int limit : {-1, 1, 16, 255})
        test::expect_simd_equals_scalar<DefectPixel>(
            params(slope / 2, slope, limit), test::random_image(width, 6, 1, width + slope, 4095),
            0);
  // Samples wider than the raw lines' 12 bits.
  test::expect_simd_equals_scalar<DefectPixel>(params(40, 30, 16),
                                               test::random_image(45, 6, 1, 5, 65535), 0);
  // Saturated neighbourhoods: a dead pixel in a white field, a stuck one in a black field.
  Image16 white = flat(21, 7, 4095), black = flat(21, 7, 0);
  white.at(10, 3) = 0;
  black.at(10, 3) = 4095;
  for (const Image16& raw : {white, black})
    test::expect_simd_equals_scalar<DefectPixel>(params(0, 0), raw, 0);
  // With listed defects, some at the row ends.
  DefectPixel::Params listed = params(30, 40);
  listed.defects = {place(0, 0), place(32, 1), place(66, 2), place(3, 5), place(40, 5)};
  test::expect_simd_equals_scalar<DefectPixel>(listed, test::random_image(67, 6, 1, 11, 4095), 2);
}

TEST(DefectPixel, SamplesWiderThanTwelveBitsAreClippedOnEntry) {
  // A flat field above 4095, one hotter sample and one listed defect: all leave at 4095.
  Image16 raw = flat(9, 7, 5000);
  raw.at(4, 3) = 65535;
  DefectPixel::Params p = params(100, 0, 16);
  p.defects = {place(2, 2)};
  for (const test::Path path : {test::Path::kScalar, test::Path::kSimd}) {
    const Image16 out = test::run_block<DefectPixel>(p, raw, 0, path);
    for (int y = 0; y < 7; ++y)
      for (int x = 0; x < 9; ++x)
        ASSERT_EQ(out.at(x, y), 4095) << x << "," << y;
  }
}

TEST(DefectPixel, ListedDefectsTakeTheirCalmerPairsMean) {
  for (const auto& [w, h] : {std::pair{23, 13}, {5, 5}, {64, 7}})
    for (int phase = 0; phase < 4; ++phase) {
      const Image16 raw = test::random_image(w, h, 1, uint32_t(w * h + phase), 4095);
      DefectPixel::Params p = params(4095, 0);  // the dynamic rule never fires
      // Every corner, every border and some inside, in raster order.
      for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
          if (x == 0 || y == 0 || x == w - 1 || y == h - 1 || (x * 7 + y * 3) % 5 == 0)
            p.defects.push_back(place(x, y));
      const Image16 out = test::run_block<DefectPixel>(p, raw, phase, test::Path::kSimd);
      for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
          const bool listed = std::binary_search(p.defects.begin(), p.defects.end(), place(x, y));
          ASSERT_EQ(out.at(x, y), listed ? listed_golden(raw, x, y) : raw.at(x, y))
              << x << "," << y << " of " << w << "x" << h << (listed ? " listed" : "");
        }
    }
}

TEST(DefectPixel, AListedPixelOnAnEdgeIsFilledAlongIt) {
  Image16 raw = flat(12, 12, 500);
  for (int y = 0; y < 12; ++y)
    for (int x = 6; x < 12; ++x)
      raw.at(x, y) = 3000;  // a vertical edge between columns 5 and 6
  raw.at(6, 6) = 0;         // a dead pixel on the bright side of the edge
  DefectPixel::Params p = params(4095, 0);
  p.defects = {place(6, 6)};
  const Image16 out = test::run_block<DefectPixel>(p, raw, 0, test::Path::kSimd);
  EXPECT_EQ(out.at(6, 6), 3000);  // from above and below, not 500 and 3000 across
  EXPECT_EQ(out.at(5, 6), 500);
  EXPECT_EQ(out.at(7, 6), 3000);
}

TEST(DefectPixel, ListedDefectsWinOverTheDynamicRuleAndOthersKeepIt) {
  Image16 raw = flat(16, 12, 1000);
  raw.at(4, 4) = 4000;  // listed: the pair's mean, 1000
  raw.at(9, 5) = 4000;  // not listed: clipped by the dynamic rule to the ring's maximum
  raw.at(10, 8) = 1100;
  raw.at(12, 6) = 1500;  // the pair down (1500, 1000) now differs more than across (1100, 1000)
  DefectPixel::Params p = params(50, 0);
  p.defects = {place(4, 4), place(12, 8)};
  const Image16 out = test::run_block<DefectPixel>(p, raw, 0, test::Path::kSimd);
  EXPECT_EQ(out.at(4, 4), 1000);
  EXPECT_EQ(out.at(9, 5), 1000);
  EXPECT_EQ(out.at(12, 8), 1050);  // listed: across, (1100 + 1000 + 1) >> 1
  EXPECT_EQ(out.at(12, 6), 1100);  // not listed: clipped to its ring's maximum, (10, 8)
}

// decode walks the table as the hardware does: an entry at or before the one before it has been
// passed by the stream and is never matched.
TEST(DefectPixel, DecodeKeepsTheEntriesTheWalkReaches) {
  namespace isp = regs::isp;
  const std::vector<std::pair<int, int>> table = {{5, 3}, {2, 3}, {7, 4}, {7, 4}, {0, 9}, {1, 2}};
  auto read = [&](uint32_t address) -> uint32_t {
    if (address == isp::DPC_TABLE_LEN) return 5;  // the last entry is not in use
    for (size_t i = 0; i < table.size(); ++i)
      if (address == isp::DPC_TABLE + 4 * i)
        return isp::DPC_TABLE_X(uint32_t(table[i].first)) |
               isp::DPC_TABLE_Y(uint32_t(table[i].second));
    return 0;
  };
  const auto p = DefectPixel::decode(read, {});
  EXPECT_EQ(p.defects, (std::vector<uint32_t>{place(5, 3), place(7, 4), place(0, 9)}));
  auto too_long = [&](uint32_t address) -> uint32_t {
    return address == isp::DPC_TABLE_LEN ? 8191u : read(address);
  };
  // 4096 entries read: (1, 2) and the zeros after it are all behind (0, 9).
  EXPECT_EQ(DefectPixel::decode(too_long, {}).defects.size(), 3u);
}

TEST(DefectPixel, DecodeReadsTheSupportCheckAndItsLimit) {
  namespace isp = regs::isp;
  auto read = [](uint32_t address) -> uint32_t {
    if (address == isp::DPC_CTRL) return isp::DPC_CTRL_SUPPORT_CHECK(1);
    if (address == isp::DPC_SUPPORT) return isp::DPC_SUPPORT_LIMIT(40);
    return 0;
  };
  const auto p = DefectPixel::decode(read, {});
  EXPECT_TRUE(p.support_check);
  EXPECT_EQ(p.support_limit, 40);
  EXPECT_FALSE(DefectPixel::decode([](uint32_t) { return 0u; }, {}).support_check);
}

TEST(DefectPixel, BypassPassesTheFrameThrough) {
  DefectPixel::Params p = params(0, 0);
  p.bypass = true;
  const Image16 raw = test::random_image(9, 5, 1, 4, 4095);
  EXPECT_TRUE(test::run_block<DefectPixel>(p, raw, 0, test::Path::kSimd) == raw);
}

}  // namespace
}  // namespace ispsim
