// Demosaic. Malvar-He-Cutler against the four 5x5 filters as printed in Malvar, He and Cutler
// (ICASSP 2004, Fig. 2), applied in floating point on a frame mirrored (reflect-101) in the test.
// The gradient-weighted method against its rule written out again here over a whole mirrored
// frame (green plane first, then colour differences), and by what it is for: no zipper and no
// false colour along sharp edges where Malvar-He-Cutler draws them.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <vector>

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
  expect_matches_paper(test::random_image(7, 7, 1, 1, 4095), 1);
  expect_matches_paper(test::random_image(7, 9, 1, 2, 4095), 2);
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
  for (const auto method : {Demosaic::Method::kMalvarHeCutler, Demosaic::Method::kGradientWeighted})
    for (int width : {7, 8, 33, 64, 67})
      for (int phase = 0; phase < 4; ++phase) {
        Demosaic::Params p;
        p.method = method;
        for (int height : {7, 10, 24})
          test::expect_simd_equals_scalar<Demosaic>(
              p, test::random_image(width, height, 1, width + height, 4095), phase);
        test::expect_simd_equals_scalar<Demosaic>(p, test::structured_raw(width, 24), phase);
      }
}

TEST(Demosaic, BypassCopiesTheSampleToEveryPlane) {
  Demosaic::Params p;
  p.bypass = true;
  const Image16 raw = test::random_image(9, 5, 1, 4, 4095);
  const Image16 rgb = test::run_block<Demosaic>(p, raw, 0, test::Path::kSimd);
  for (int c = 0; c < 3; ++c)
    EXPECT_EQ(rgb.at(4, 2, c), raw.at(4, 2));
}

// ------------------------------------------------------------------ gradient-weighted method
Demosaic::Params gradient_weighted() {
  Demosaic::Params p;
  p.method = Demosaic::Method::kGradientWeighted;
  return p;
}

// The rule, over the whole frame mirrored beyond its edges. The horizontal weight w at a
// sample is clamp(2 round(256 Ev / (Eh + Ev)) - 128, 0, 256) (128 when both are 0), where Eh is
// an eighth (floored) of the sum over the 3x3 samples around of |D(left) - D(right)|, D the
// colour difference along the row in quarter units: h4 - 4c at red and blue samples, with h4 =
// 2(left + right) + 2c - far_left - far_right (far_* the same colour two samples away) clipped
// to 4x the range of its two greens, and 4c - (2(left + right) - (2c - far_left - far_right)) at
// green ones; Ev the same turned. At a red or blue sample green is (w h4 + (256 - w) v4) / 256
// rounded half up, then a quarter of that rounded half up and clipped. Red or blue is green
// plus a colour difference (raw - green), clipped to 12 bits: at a red or blue sample the
// opposite colour's is the mean of its four diagonal neighbours' weighted 1 / (1 + step), the
// step towards the NW neighbour being |c - raw two samples NW| + |difference NW - difference SE|
// (the others alike), in single precision as sum(d/s)/sum(1/s) over the common denominator
// s0 s1 s2 s3 (the NW-NE and SW-SE pairs first), the quotient rounded to the nearest, ties to
// even; at a green sample each colour's is (w (W + E) + (256 - w) (N + S)) / 512 rounded half
// up, W, E, N and S its neighbours' differences of that colour (their own, or the diagonal mean
// above).
class DirectionalGolden {
 public:
  DirectionalGolden(const Image16& raw, int phase) : raw_(raw), phase_(phase) {}

  int64_t raw(int x, int y) const {
    return raw_.at(mirror(x, raw_.width()), mirror(y, raw_.height()));
  }
  bool is_green(int x, int y) const {
    const int c =
        test::cfa_colour_by_name(phase_, mirror(x, raw_.width()), mirror(y, raw_.height()));
    return c == 1 || c == 2;
  }
  // Green minus the other colour along the row (`dx` = 1) or column (`dy` = 1), quarter units.
  int64_t line_difference4(int x, int y, int dx, int dy) const {
    const int64_t c = raw(x, y), before = raw(x - dx, y - dy), after = raw(x + dx, y + dy);
    const int64_t second = 2 * c - raw(x - 2 * dx, y - 2 * dy) - raw(x + 2 * dx, y + 2 * dy);
    if (is_green(x, y)) return 4 * c - (2 * (before + after) - second);
    return std::clamp(2 * (before + after) + second, 4 * std::min(before, after),
                      4 * std::max(before, after)) -
           4 * c;
  }
  // The horizontal direction's weight in 1/256 at (x, y).
  int64_t horizontal_weight(int x, int y) const {
    int64_t eh = 0, ev = 0;
    for (int j = -1; j <= 1; ++j)
      for (int k = -1; k <= 1; ++k) {
        eh += std::llabs(line_difference4(x + k - 1, y + j, 1, 0) -
                         line_difference4(x + k + 1, y + j, 1, 0));
        ev += std::llabs(line_difference4(x + k, y + j - 1, 0, 1) -
                         line_difference4(x + k, y + j + 1, 0, 1));
      }
    eh /= 8;
    ev /= 8;
    const int64_t share =
        eh + ev == 0 ? 128 : static_cast<int64_t>(std::floor(256.0 * ev / (eh + ev) + 0.5));
    return std::clamp<int64_t>(2 * share - 128, 0, 256);
  }
  int64_t green(int x, int y) const {
    if (is_green(x, y)) return raw(x, y);
    const int64_t w = horizontal_weight(x, y);
    const int64_t h4 = line_difference4(x, y, 1, 0) + 4 * raw(x, y);
    const int64_t v4 = line_difference4(x, y, 0, 1) + 4 * raw(x, y);
    const double g4 = std::floor((w * h4 + (256 - w) * v4) / 256.0 + 0.5);
    return std::clamp<int64_t>(static_cast<int64_t>(std::floor(g4 / 4.0 + 0.5)), 0, 4095);
  }
  int64_t difference(int x, int y) const { return raw(x, y) - green(x, y); }
  // sum(d_k / s_k) / sum(1 / s_k), s_k = 1 + step_k, over the common denominator.
  static int64_t weighted_mean(const std::array<int64_t, 4>& d,
                               const std::array<int64_t, 4>& step) {
    const auto f = [](int64_t v) { return static_cast<float>(v); };
    const float s0 = f(1 + step[0]), s1 = f(1 + step[1]), s2 = f(1 + step[2]), s3 = f(1 + step[3]);
    const float numerator =
        (f(d[0]) * s1 + f(d[1]) * s0) * (s2 * s3) + (f(d[2]) * s3 + f(d[3]) * s2) * (s0 * s1);
    const float denominator = (s0 + s1) * (s2 * s3) + (s2 + s3) * (s0 * s1);
    const float mean = numerator / denominator;
    const float below = std::floor(mean), fraction = mean - below;
    const bool up = fraction > 0.5f || (fraction == 0.5f && std::fmod(below, 2.0f) != 0.0f);
    return static_cast<int64_t>(below) + (up ? 1 : 0);
  }
  // The other colour's difference at a red or blue sample, from its diagonal neighbours.
  int64_t opposite(int x, int y) const {
    const std::array<int64_t, 4> d = {difference(x - 1, y - 1), difference(x + 1, y - 1),
                                      difference(x - 1, y + 1), difference(x + 1, y + 1)};
    const int64_t c = raw(x, y);
    return weighted_mean(d, {std::llabs(c - raw(x - 2, y - 2)) + std::llabs(d[0] - d[3]),
                             std::llabs(c - raw(x + 2, y - 2)) + std::llabs(d[1] - d[2]),
                             std::llabs(c - raw(x - 2, y + 2)) + std::llabs(d[1] - d[2]),
                             std::llabs(c - raw(x + 2, y + 2)) + std::llabs(d[0] - d[3])});
  }
  // Colour `colour` (0 red, 3 blue) minus green at a red or blue sample.
  int64_t colour_difference(int colour, int x, int y) const {
    const int own =
        test::cfa_colour_by_name(phase_, mirror(x, raw_.width()), mirror(y, raw_.height()));
    return own == colour ? difference(x, y) : opposite(x, y);
  }
  int64_t at_green(int colour, int x, int y) const {
    const int64_t w = horizontal_weight(x, y);
    const int64_t across =
        colour_difference(colour, x - 1, y) + colour_difference(colour, x + 1, y);
    const int64_t along = colour_difference(colour, x, y - 1) + colour_difference(colour, x, y + 1);
    return static_cast<int64_t>(std::floor((w * across + (256 - w) * along) / 512.0 + 0.5));
  }
  static int64_t clip(int64_t v) { return std::clamp<int64_t>(v, 0, 4095); }
  // R, G, B at (x, y).
  std::array<int64_t, 3> rgb(int x, int y) const {
    const int colour = test::cfa_colour_by_name(phase_, x, y);
    const int64_t g = green(x, y);
    switch (colour) {
      case 0:
        return {raw(x, y), g, clip(g + opposite(x, y))};
      case 3:
        return {clip(g + opposite(x, y)), g, raw(x, y)};
      default:
        return {clip(g + at_green(0, x, y)), g, clip(g + at_green(3, x, y))};
    }
  }

 private:
  const Image16& raw_;
  int phase_;
};

void expect_matches_rule(const Image16& raw, int phase) {
  const DirectionalGolden golden(raw, phase);
  for (const auto path : {test::Path::kSimd, test::Path::kScalar}) {
    const Image16 out = test::run_block<Demosaic>(gradient_weighted(), raw, phase, path);
    for (int y = 0; y < raw.height(); ++y)
      for (int x = 0; x < raw.width(); ++x) {
        const auto rgb = golden.rgb(x, y);
        for (int c = 0; c < 3; ++c)
          ASSERT_EQ(out.at(x, y, c), rgb[static_cast<size_t>(c)])
              << "(" << x << "," << y << ") plane " << c << " phase " << phase << ", "
              << raw.width() << "x" << raw.height()
              << (path == test::Path::kSimd ? " SIMD" : " scalar");
      }
  }
}

// The SIMD kernel keeps each row's stages for the next row's call; a call for the next row
// number must not use them unless it is over the same lines one row on, in the same phase.
TEST(DemosaicGradientWeighted, TheNextRowOfOtherLinesIsComputedAfresh) {
  const int w = 40;
  const Image16 a = test::random_image(w, 14, 1, 91, 4095);
  const Image16 b = test::random_image(w, 14, 1, 92, 4095);
  std::vector<blocks::PlanarLine> lines(14), other(14);
  for (size_t k = 0; k < 14; ++k) {
    lines[k].resize(w, 1);
    other[k].resize(w, 1);
    for (int x = 0; x < w; ++x) {
      lines[k].plane(0)[x] = a.at(x, static_cast<int>(k));
      other[k].plane(0)[x] = b.at(x, static_cast<int>(k));
    }
    lines[k].reflect_margins(6);
    other[k].reflect_margins(6);
  }
  // 13 consecutive lines from `first`, with line `swapped` (if any) from the other frame.
  auto window = [&](size_t first, int swapped, const std::vector<blocks::PlanarLine>& from) {
    std::vector<blocks::ConstRowRef> refs;
    for (size_t k = first; k < first + 13; ++k)
      refs.push_back(static_cast<int>(k - first) == swapped ? other[k].cref() : from[k].cref());
    return refs;
  };
  struct Case {
    const char* what;
    std::vector<blocks::ConstRowRef> next;
    int phase;
  };
  const Case cases[] = {{"another frame's lines", window(1, -1, other), 0},
                        {"one inner line another", window(1, 6, lines), 0},
                        {"the same lines in another phase", window(1, -1, lines), 1}};
  for (const Case& c : cases) {
    const auto start = window(0, -1, lines);
    // Row 10, then row 11: the window shifted by one row in numbers.
    blocks::PlanarLine out(w, 3), fresh(w, 3);
    Demosaic::process_row(gradient_weighted(), {start.data(), 13}, out.ref(), {10, w, 0});
    Demosaic::process_row(gradient_weighted(), {c.next.data(), 13}, out.ref(), {11, w, c.phase});
    Demosaic::process_row_scalar(gradient_weighted(), {c.next.data(), 13}, fresh.ref(),
                                 {11, w, c.phase});
    for (int plane = 0; plane < 3; ++plane)
      for (int x = 0; x < w; ++x)
        ASSERT_EQ(out.plane(plane)[x], fresh.plane(plane)[x])
            << c.what << ": plane " << plane << " x " << x;
  }
}

TEST(DemosaicGradientWeighted, MatchesTheRuleOnRandomFramesForEveryPhase) {
  for (int phase = 0; phase < 4; ++phase)
    expect_matches_rule(test::random_image(37, 15, 1, 50 + phase, 4095), phase);
}

TEST(DemosaicGradientWeighted, MatchesTheRuleAtTheSmallestAndOddSizes) {
  expect_matches_rule(test::random_image(7, 7, 1, 1, 4095), 0);
  expect_matches_rule(test::random_image(8, 11, 1, 2, 4095), 3);
  expect_matches_rule(test::random_image(71, 13, 1, 3, 4095), 1);
}

TEST(DemosaicGradientWeighted, MatchesTheRuleOnStructuredFrames) {
  for (int phase = 0; phase < 4; ++phase)
    expect_matches_rule(test::structured_raw(40, 24), phase);
  // Saturated: only 0 and 4095, the widest steps every stage can see.
  Image16 binary = test::random_image(29, 17, 1, 77, 4095);
  for (auto& sample : binary.samples())
    sample = sample < 2048 ? 0 : 4095;
  for (int phase = 0; phase < 4; ++phase)
    expect_matches_rule(binary, phase);
}

TEST(DemosaicGradientWeighted, ColourFlatFieldIsRecoveredExactly) {
  const uint16_t value[4] = {3000, 1500, 1500, 700};  // R, Gr, Gb, B
  Image16 raw(12, 10, 1);
  for (int y = 0; y < 10; ++y)
    for (int x = 0; x < 12; ++x)
      raw.at(x, y) = value[test::cfa_colour_by_name(1, x, y)];
  const Image16 rgb = test::run_block<Demosaic>(gradient_weighted(), raw, 1, test::Path::kSimd);
  for (int y = 0; y < 10; ++y)
    for (int x = 0; x < 12; ++x) {
      ASSERT_EQ(rgb.at(x, y, 0), 3000);
      ASSERT_EQ(rgb.at(x, y, 1), 1500);
      ASSERT_EQ(rgb.at(x, y, 2), 700);
    }
}

// A grey scene with a sharp vertical and a sharp horizontal edge (every colour at the same
// level): the output's worst false colour (a channel's distance from the others) and its zipper
// (the difference between neighbouring rows along the vertical edge, columns along the
// horizontal one, where the scene does not change), away from the corner where the edges meet.
struct EdgeArtefacts {
  int false_colour = 0;
  int zipper = 0;
};

EdgeArtefacts edge_artefacts(const Demosaic::Params& p, int phase) {
  const int w = 32, h = 32;
  Image16 raw(w, h, 1);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      raw.at(x, y) = (x < 15 || y >= 20) ? 3000 : 600;
  const Image16 rgb = test::run_block<Demosaic>(p, raw, phase, test::Path::kSimd);
  EdgeArtefacts a;
  for (int y = 2; y < h - 2; ++y)
    for (int x = 2; x < w - 2; ++x) {
      const int r = rgb.at(x, y, 0), g = rgb.at(x, y, 1), b = rgb.at(x, y, 2);
      // Where the edges meet (15, 20) neither direction holds: any demosaic guesses there.
      const bool corner = std::abs(x - 15) <= 3 && std::abs(y - 20) <= 3;
      if (!corner) a.false_colour = std::max({a.false_colour, std::abs(r - g), std::abs(b - g)});
      // Rows 2..14 are alike in the scene (the vertical edge only), as are columns 18..28 (the
      // horizontal edge only), each at least 3 samples from the other edge.
      for (int c = 0; c < 3; ++c) {
        if (y < 14) a.zipper = std::max(a.zipper, std::abs(rgb.at(x, y, c) - rgb.at(x, y + 1, c)));
        if (x >= 18 && x < 28)
          a.zipper = std::max(a.zipper, std::abs(rgb.at(x, y, c) - rgb.at(x + 1, y, c)));
      }
    }
  return a;
}

TEST(DemosaicGradientWeighted, SharpEdgesGetNoZipperAndNoFalseColour) {
  for (int phase = 0; phase < 4; ++phase) {
    const EdgeArtefacts linear = edge_artefacts({}, phase);
    const EdgeArtefacts directed = edge_artefacts(gradient_weighted(), phase);
    // Malvar-He-Cutler: hundreds of codes of both on a 2400-code step.
    EXPECT_GT(linear.false_colour, 200) << "phase " << phase;
    EXPECT_GT(linear.zipper, 200) << "phase " << phase;
    EXPECT_LE(directed.false_colour, 2) << "phase " << phase;
    EXPECT_LE(directed.zipper, 2) << "phase " << phase;
  }
}

TEST(DemosaicGradientWeighted, MethodComesFromItsRegister) {
  const blocks::FrameSettings frame;
  const auto decode = [&](uint32_t value) {
    return Demosaic::decode([&](uint32_t) { return value; }, frame).method;
  };
  EXPECT_EQ(decode(0), Demosaic::Method::kMalvarHeCutler);
  EXPECT_EQ(decode(regs::isp::DMS_CTRL_METHOD(1)), Demosaic::Method::kGradientWeighted);
}

}  // namespace
}  // namespace ispsim
