// Demosaic against the four 5x5 filters as printed in Malvar, He and Cutler (ICASSP 2004,
// Fig. 2), applied in floating point on a frame mirrored (reflect-101) in the test.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "model/blocks/demosaic/demosaic.hpp"
#include "testbench/blocks/block_test_support.hpp"

namespace ispsim {
namespace {

using blocks::Demosaic;
using Filter = double[5][5];

// Weights in eighths, as in the paper's figure.
const Filter kGreenAtRedOrBlue = {
    {0, 0, -1, 0, 0}, {0, 0, 2, 0, 0}, {-1, 2, 4, 2, -1}, {0, 0, 2, 0, 0}, {0, 0, -1, 0, 0}};
// At a green sample, the colour found left and right of it.
const Filter kRowColourAtGreen = {
    {0, 0, 0.5, 0, 0}, {0, -1, 0, -1, 0}, {-1, 4, 5, 4, -1}, {0, -1, 0, -1, 0}, {0, 0, 0.5, 0, 0}};
// At a green sample, the colour found above and below it (the transpose).
const Filter kColumnColourAtGreen = {
    {0, 0, -1, 0, 0}, {0, -1, 4, -1, 0}, {0.5, 0, 5, 0, 0.5}, {0, -1, 4, -1, 0}, {0, 0, -1, 0, 0}};
const Filter kOppositeAtRedOrBlue = {{0, 0, -1.5, 0, 0},
                                     {0, 2, 0, 2, 0},
                                     {-1.5, 0, 6, 0, -1.5},
                                     {0, 2, 0, 2, 0},
                                     {0, 0, -1.5, 0, 0}};

int mirror(int i, int n) {
  return i < 0 ? -i : (i >= n ? 2 * (n - 1) - i : i);
}

double apply(const Filter& f, const Image16& raw, int x, int y) {
  double sum = 0.0;
  for (int dy = -2; dy <= 2; ++dy)
    for (int dx = -2; dx <= 2; ++dx)
      sum += f[dy + 2][dx + 2] * raw.at(mirror(x + dx, raw.width()), mirror(y + dy, raw.height()));
  return std::clamp(std::floor(sum / 8.0 + 0.5), 0.0, 4095.0);
}

// R, G, B at (x, y) by the paper's rules.
void golden(const Image16& raw, int phase, int x, int y, double rgb[3]) {
  const int colour = test::cfa_colour_by_name(phase, x, y);
  const double own = raw.at(x, y);
  if (colour == 0 || colour == 3) {
    const double opposite = apply(kOppositeAtRedOrBlue, raw, x, y);
    rgb[1] = apply(kGreenAtRedOrBlue, raw, x, y);
    rgb[0] = colour == 0 ? own : opposite;
    rgb[2] = colour == 0 ? opposite : own;
    return;
  }
  const double from_row = apply(kRowColourAtGreen, raw, x, y);
  const double from_column = apply(kColumnColourAtGreen, raw, x, y);
  rgb[1] = own;
  rgb[0] = colour == 1 ? from_row : from_column;  // Gr: red neighbours left and right
  rgb[2] = colour == 1 ? from_column : from_row;
}

void expect_matches_paper(const Image16& raw, int phase) {
  const Image16 out = test::run_block<Demosaic>({}, raw, phase, test::Path::kSimd);
  for (int y = 0; y < raw.height(); ++y)
    for (int x = 0; x < raw.width(); ++x) {
      double rgb[3];
      golden(raw, phase, x, y, rgb);
      for (int c = 0; c < 3; ++c)
        ASSERT_EQ(out.at(x, y, c), rgb[c]) << "(" << x << "," << y << ") plane " << c << " phase "
                                           << phase << ", " << raw.width() << "x" << raw.height();
    }
}

TEST(Demosaic, MatchesThePapersFiltersOnRandomFramesForEveryPhase) {
  for (int phase = 0; phase < 4; ++phase)
    expect_matches_paper(test::random_image(23, 13, 1, 30 + phase, 4095), phase);
}

TEST(Demosaic, MatchesThePapersFiltersAtTheSmallestAndOddSizes) {
  expect_matches_paper(test::random_image(3, 3, 1, 1, 4095), 1);
  expect_matches_paper(test::random_image(4, 7, 1, 2, 4095), 2);
  expect_matches_paper(test::random_image(70, 5, 1, 3, 4095), 3);
}

TEST(Demosaic, SaturatedAndZeroSamplesClipInsteadOfWrapping) {
  Image16 raw(16, 8, 1);
  for (int y = 0; y < 8; ++y)
    for (int x = 0; x < 16; ++x)
      raw.at(x, y) = (x + y) % 3 == 0 ? 4095 : 0;  // strong negative and positive lobes
  for (int phase = 0; phase < 4; ++phase)
    expect_matches_paper(raw, phase);
}

TEST(Demosaic, ColourFlatFieldIsRecoveredExactly) {
  const uint16_t value[4] = {3000, 1500, 1500, 700};  // R, Gr, Gb, B
  Image16 raw(12, 10, 1);
  for (int y = 0; y < 10; ++y)
    for (int x = 0; x < 12; ++x)
      raw.at(x, y) = value[test::cfa_colour_by_name(2, x, y)];
  const Image16 rgb = test::run_block<Demosaic>({}, raw, 2, test::Path::kSimd);
  for (int y = 0; y < 10; ++y)
    for (int x = 0; x < 12; ++x) {
      EXPECT_EQ(rgb.at(x, y, 0), 3000);
      EXPECT_EQ(rgb.at(x, y, 1), 1500);
      EXPECT_EQ(rgb.at(x, y, 2), 700);
    }
}

TEST(Demosaic, SimdEqualsScalarOnEveryTarget) {
  for (int width : {3, 5, 33, 64, 67})
    for (int phase = 0; phase < 4; ++phase)
      test::expect_simd_equals_scalar<Demosaic>({}, test::random_image(width, 6, 1, width, 4095),
                                                phase);
}

TEST(Demosaic, BypassCopiesTheSampleToEveryPlane) {
  Demosaic::Params p;
  p.bypass = true;
  const Image16 raw = test::random_image(9, 5, 1, 4, 4095);
  const Image16 rgb = test::run_block<Demosaic>(p, raw, 0, test::Path::kSimd);
  for (int c = 0; c < 3; ++c)
    EXPECT_EQ(rgb.at(4, 2, c), raw.at(4, 2));
}

}  // namespace
}  // namespace ispsim
