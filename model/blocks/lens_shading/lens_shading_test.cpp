// Lens shading correction against the rule as its header states it, re-written here, against
// real-valued bilinear interpolation, and against hand values on grids whose nodes fall on
// pixels.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "model/blocks/lens_shading/lens_shading.hpp"
#include "testbench/blocks/block_test_support.hpp"

namespace ispsim {
namespace {

using blocks::LensShading;
constexpr int kCols = 17, kRows = 13;

int node_index(int colour, int row, int column) {
  return (colour * kRows + row) * kCols + column;
}

LensShading::Params params_for(int width, int height, uint32_t seed, int low, int high) {
  LensShading::Params p;
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> gain(low, high);
  for (auto& g : p.gain)
    g = static_cast<uint16_t>(gain(rng));
  p.step_x = LensShading::grid_step(width, kCols - 1);
  p.step_y = LensShading::grid_step(height, kRows - 1);
  return p;
}

// The header's rule, step by step.
uint16_t rule(const LensShading::Params& p, int colour, int x, int y, uint16_t in) {
  auto place = [](uint32_t index, uint32_t step, uint32_t last_cell, uint32_t& cell, uint32_t& f) {
    const uint64_t pos = uint64_t{index} * step;
    cell = static_cast<uint32_t>(std::min<uint64_t>(pos / (1u << 20), last_cell));
    // The fraction in 1024ths, rounded half up.
    f = static_cast<uint32_t>(std::min<uint64_t>((pos + 512) / 1024 - 1024u * cell, 1024u));
  };
  uint32_t i, fx, j, fy;
  place(static_cast<uint32_t>(x), p.step_x, kCols - 2, i, fx);
  place(static_cast<uint32_t>(y), p.step_y, kRows - 2, j, fy);
  auto down = [&](uint32_t column) {
    const uint32_t a = p.gain[static_cast<size_t>(node_index(colour, int(j), int(column)))];
    const uint32_t b = p.gain[static_cast<size_t>(node_index(colour, int(j) + 1, int(column)))];
    return (a * (1024 - fy) + b * fy + 512) / 1024;
  };
  const uint32_t gain = (down(i) * (1024 - fx) + down(i + 1) * fx + 512) / 1024;
  return static_cast<uint16_t>(std::min<uint64_t>((uint64_t{in} * gain + 2048) / 4096, 4095));
}

TEST(LensShading, GridStepHandValues) {
  EXPECT_EQ(LensShading::grid_step(4096, 16), 4097u);   // 16 x 2^20 / 4095 = 4097.0004
  EXPECT_EQ(LensShading::grid_step(3072, 12), 4097u);   // 12 x 2^20 / 3071 = 4097.33
  EXPECT_EQ(LensShading::grid_step(17, 16), 1048576u);  // a node on every pixel
  EXPECT_EQ(LensShading::grid_step(33, 16), 524288u);   // a node on every other pixel
  EXPECT_EQ(LensShading::grid_step(1, 16), 0u);         // one pixel: the first node
}

TEST(LensShading, MatchesTheRuleForEveryPhaseAndOddSizes) {
  for (const auto& [w, h] : {std::pair{41, 7}, {1, 1}, {2, 3}, {17, 13}, {300, 5}, {97, 29}})
    for (int phase = 0; phase < 4; ++phase) {
      const LensShading::Params p = params_for(w, h, uint32_t(w * 7 + phase), 0, 65535);
      const Image16 raw = test::random_image(w, h, 1, uint32_t(w + h + phase), 4095);
      const Image16 out = test::run_block<LensShading>(p, raw, phase, test::Path::kSimd);
      for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
          ASSERT_EQ(out.at(x, y),
                    rule(p, test::cfa_colour_by_name(phase, x, y), x, y, raw.at(x, y)))
              << x << "," << y << " of " << w << "x" << h << " phase " << phase;
    }
}

// With gains that vary smoothly, the output is within a code of the input times the gain
// interpolated in real numbers at the pixel's exact place on the grid (x * 16 / (width - 1)).
TEST(LensShading, IsBilinearInterpolationOfTheNodes) {
  const int w = 640, h = 480;
  LensShading::Params p;
  auto smooth = [](int c, double gx, double gy) {  // gx 0..16, gy 0..12
    const double u = gx / 8 - 1, v = gy / 6 - 1;
    return 1.0 + (0.4 + 0.1 * c) * (u * u + v * v) + 0.05 * u;
  };
  for (int c = 0; c < 4; ++c)
    for (int j = 0; j < kRows; ++j)
      for (int i = 0; i < kCols; ++i)
        p.gain[size_t(node_index(c, j, i))] = uint16_t(std::lround(4096 * smooth(c, i, j)));
  p.step_x = LensShading::grid_step(w, kCols - 1);
  p.step_y = LensShading::grid_step(h, kRows - 1);
  Image16 raw(w, h, 1);
  for (auto& s : raw.samples())
    s = 1500;
  const Image16 out = test::run_block<LensShading>(p, raw, 0, test::Path::kSimd);
  int worst = 0;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const int c = test::cfa_colour_by_name(0, x, y);
      const double gx = x * 16.0 / (w - 1), gy = y * 12.0 / (h - 1);
      const int i = std::min(int(gx), 15), j = std::min(int(gy), 11);
      const double fx = gx - i, fy = gy - j;
      auto node = [&](int jj, int ii) { return p.gain[size_t(node_index(c, jj, ii))] / 4096.0; };
      const double gain = (node(j, i) * (1 - fx) + node(j, i + 1) * fx) * (1 - fy) +
                          (node(j + 1, i) * (1 - fx) + node(j + 1, i + 1) * fx) * fy;
      worst = std::max(worst, std::abs(out.at(x, y) - int(std::lround(1500 * gain))));
    }
  EXPECT_LE(worst, 1);
}

TEST(LensShading, HandValuesOnNodesAndHalfway) {
  // 33 x 25: nodes on even pixels, halfway between them on odd ones.
  LensShading::Params p = params_for(33, 25, 1, 4096, 4096);
  p.gain[size_t(node_index(0, 0, 0))] = 8192;    // R at the top-left node: x2
  p.gain[size_t(node_index(0, 0, 1))] = 6144;    // the next R node: x1.5
  p.gain[size_t(node_index(3, 12, 16))] = 2048;  // B at the bottom-right node: x0.5
  Image16 raw(33, 25, 1);
  for (auto& s : raw.samples())
    s = 1000;
  const Image16 out = test::run_block<LensShading>(p, raw, 0, test::Path::kSimd);
  EXPECT_EQ(out.at(0, 0), 2000);  // on the node
  EXPECT_EQ(out.at(2, 0), 1500);  // on the next node
  EXPECT_EQ(out.at(4, 0), 1000);  // unity beyond
  EXPECT_EQ(out.at(1, 0), 1000);  // Gr: its own grid is unity
  // R at (0, 2) is on row node 1 (unity) below the x2 node: 1000; at (0, 1) would be halfway,
  // but that is a G sample. B at (32, 24) sits on the bottom-right node, halfway at (31, 23).
  EXPECT_EQ(out.at(0, 2), 1000);
  EXPECT_EQ(out.at(32, 24), 1000);  // (32, 24) is R in RGGB: the R grid is unity there
  EXPECT_EQ(out.at(31, 23), 500 + (1000 - 500) * 3 / 4);  // B, 1/2 each way from the node
  raw.at(0, 0) = 3000;                                    // x2 clips
  EXPECT_EQ(test::run_block<LensShading>(p, raw, 0, test::Path::kScalar).at(0, 0), 4095);
}

TEST(LensShading, SimdEqualsScalarOnEveryTarget) {
  for (int width : {1, 2, 37, 64, 129, 256, 300, 1030})
    for (int phase = 0; phase < 4; ++phase)
      test::expect_simd_equals_scalar<LensShading>(
          params_for(width, 5, uint32_t(width + phase), 0, 65535),
          test::random_image(width, 5, 1, uint32_t(width + 1), 65535), phase);
}

TEST(LensShading, BypassPassesThrough) {
  LensShading::Params p = params_for(40, 6, 3, 0, 65535);
  p.bypass = true;
  const Image16 raw = test::random_image(40, 6, 1, 9, 65535);
  EXPECT_TRUE(test::run_block<LensShading>(p, raw, 1, test::Path::kSimd) == raw);
  EXPECT_TRUE(test::run_block<LensShading>(p, raw, 1, test::Path::kScalar) == raw);
}

}  // namespace
}  // namespace ispsim
