// HDR merge against the textbook inverse-variance mean and a piecewise-linear compander, both
// computed in double precision in the test, and on simulated exposures of a known signal.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <vector>

#include "model/blocks/hdr_merge/hdr_merge.hpp"
#include "testbench/blocks/block_test_support.hpp"

namespace ispsim {
namespace {

using blocks::HdrMerge;

// Three exposures 1 : 1/8 : 1/64, the noise of a base-ISO sensor, compander off the test's
// hand-made straight line (knot j = 23 j, clipped): easy to invert.
HdrMerge::Params params(int exposures, float motion = 0.0f) {
  HdrMerge::Params p;
  p.bypass = false;
  p.exposures = exposures;
  p.black = 256;
  p.saturated = 3900;
  p.ratio = {1.0f, 8.0f, 64.0f};
  p.shot = 0.5f;
  p.read = 4.0f;
  p.motion_threshold = motion;
  for (int j = 0; j < HdrMerge::kKnots; ++j)
    p.compander[static_cast<size_t>(j)] = static_cast<uint16_t>(std::min(23 * j, 4095));
  HdrMerge::prepare(p);
  return p;
}

// Knot inputs written out from the layout's description: 0..15, then eight per octave.
std::vector<double> knot_inputs() {
  std::vector<double> inputs;
  for (int j = 0; j < 16; ++j)
    inputs.push_back(j);
  for (double octave = 16; inputs.size() < HdrMerge::kKnots; octave *= 2)
    for (int m = 0; m < 8 && inputs.size() < HdrMerge::kKnots; ++m)
      inputs.push_back(octave + m * octave / 8);
  return inputs;
}

double compander_golden(double x, const HdrMerge::Params& p) {
  const std::vector<double> at = knot_inputs();
  size_t j = 0;
  while (j + 2 < at.size() && at[j + 1] <= x)
    ++j;
  const double frac8 = std::floor((x - at[j]) / (at[j + 1] - at[j]) * 256.0);
  const double low = p.compander[j], high = p.compander[j + 1];
  return std::clamp(low + std::floor(((high - low) * frac8 + 128.0) / 256.0), 0.0, 4095.0);
}

// Inverse-variance mean of the unclipped exposures (motion off), in exposure 0's codes.
double merge_golden(const std::vector<int>& c, const HdrMerge::Params& p) {
  const int n = static_cast<int>(c.size());
  int reference = n - 1;
  for (int k = n - 1; k >= 0; --k)
    if (c[k] < p.saturated) reference = k;
  const double signal = std::max(0.0, (c[reference] - p.black) * double(p.ratio[reference]));
  double num = 0, den = 0;
  for (int k = reference; k < n; ++k) {
    if (k > reference && c[k] >= p.saturated) continue;
    const double r = p.ratio[k];
    const double var = r * p.shot * signal + r * r * p.read;
    num += (c[k] - p.black) * r / var;
    den += 1.0 / var;
  }
  return num / den;
}

TEST(HdrMerge, CompanderFollowsItsKnots) {
  const HdrMerge::Params p = params(1);
  const std::vector<double> at = knot_inputs();
  ASSERT_EQ(at.size(), static_cast<size_t>(HdrMerge::kKnots));
  EXPECT_EQ(at.back(), 16777216.0);
  for (int j = 0; j < HdrMerge::kKnots; ++j)
    EXPECT_EQ(HdrMerge::knot_input(j), at[static_cast<size_t>(j)]) << j;
  std::mt19937 rng(7);
  std::uniform_int_distribution<uint32_t> any(0, HdrMerge::kMaxLinear);
  std::vector<uint32_t> xs = {0,  1,   15,  16,  17,   31,    32,
                              33, 255, 256, 257, 4095, 65537, HdrMerge::kMaxLinear};
  for (int i = 0; i < 2000; ++i)
    xs.push_back(any(rng) >> (i % 24));
  for (uint32_t x : xs)
    ASSERT_EQ(HdrMerge::compand(x, p.compander), compander_golden(x, p)) << x;
  EXPECT_EQ(HdrMerge::compand(HdrMerge::kMaxLinear + 100, p.compander),
            HdrMerge::compand(HdrMerge::kMaxLinear, p.compander));
}

TEST(HdrMerge, MergeIsTheInverseVarianceMean) {
  std::mt19937 rng(11);
  for (int n = 1; n <= 3; ++n) {
    const HdrMerge::Params p = params(n);
    std::uniform_int_distribution<int> code(0, 4095);
    for (int i = 0; i < 5000; ++i) {
      std::vector<int> c(static_cast<size_t>(n));
      uint16_t samples[3] = {};
      for (int k = 0; k < n; ++k)
        samples[k] = static_cast<uint16_t>(c[static_cast<size_t>(k)] = code(rng));
      const double expected = std::clamp(merge_golden(c, p) * 16.0, 0.0, 16777215.0);
      const double got = HdrMerge::merge(p, samples);
      // Single precision: a few units in its last place of the value, and rounding.
      ASSERT_NEAR(got, expected, 1.0 + 2e-6 * expected) << n << " exposures, sample " << i;
    }
  }
}

TEST(HdrMerge, HandValues) {
  const HdrMerge::Params p = params(3, 4.0f);
  auto merged = [&](uint16_t a, uint16_t b, uint16_t c) {
    const uint16_t s[3] = {a, b, c};
    return HdrMerge::merge(p, s) / 16.0;
  };
  // Every exposure sees 2048 codes above black: they agree and the mean is 2048.
  EXPECT_NEAR(merged(256 + 2048, 256 + 256, 256 + 32), 2048.0, 1e-3);
  // The long exposure clipped: medium and short, 8 x 1000 = 64 x 125.
  EXPECT_NEAR(merged(4095, 1256, 381), 8000.0, 1e-3);
  // Both longer ones clipped: the short alone, 64 x 3000.
  EXPECT_NEAR(merged(4095, 4095, 3256), 192000.0, 1e-2);
  // Every one clipped: the short one still, as it is.
  EXPECT_NEAR(merged(4095, 4095, 4095), 64.0 * (4095 - 256), 1e-2);
  // Below black the signal stays signed until the compander's input clamps at 0.
  EXPECT_EQ(merged(200, 256, 256), 0.0);
  // The short says 64 x 100 = 6400 where the long says 1000: the scene moved, the long is kept.
  EXPECT_NEAR(merged(1256, 256 + 125, 356), 1000.0, 1e-3);
}

// Exposures of a known flat signal with the model's noise: the merge is unbiased and its noise
// is the inverse-variance optimum (below the long exposure's own), where the long exposure is
// good; above its clip the shorter ones carry the signal.
TEST(HdrMerge, MergesSimulatedExposuresWithTheOptimalNoise) {
  const HdrMerge::Params p = params(3, 5.0f);
  std::mt19937 rng(3);
  std::normal_distribution<double> unit(0.0, 1.0);
  for (double truth : {0.5, 2.0, 10.0, 400.0, 3000.0, 30000.0, 200000.0}) {
    double sum = 0, sum2 = 0;
    const int count = 20000;
    double best = 0;  // the inverse-variance optimum's variance
    for (int i = 0; i < count; ++i) {
      uint16_t s[3];
      double inverse = 0;
      for (int k = 0; k < 3; ++k) {
        const double r = p.ratio[k];
        const double mean = truth / r;
        const double sigma = std::sqrt(p.shot * mean + p.read);
        const double code = std::round(p.black + mean + sigma * unit(rng));
        s[k] = static_cast<uint16_t>(std::clamp(code, 0.0, 4095.0));
        if (p.black + mean + 4 * sigma < p.saturated) inverse += 1.0 / (r * r * sigma * sigma);
      }
      best = 1.0 / inverse;
      const double m = HdrMerge::merged_signal(p, s);  // signed: no clamp at black
      sum += m;
      sum2 += m * m;
    }
    const double mean = sum / count, var = sum2 / count - mean * mean;
    EXPECT_NEAR(mean, truth, 4 * std::sqrt(best / count) + 0.02 * truth * (truth > 3000)) << truth;
    EXPECT_NEAR(var / best, 1.0, 0.1) << "truth " << truth;
  }
}

// Registers to parameters: the formats' scales and the documented floors of zero codes.
TEST(HdrMerge, DecodesItsRegisters) {
  namespace isp = regs::isp;
  std::map<uint32_t, uint32_t> regs = {
      {isp::HDR_CTRL, isp::HDR_CTRL_BYPASS(0) | isp::HDR_CTRL_EXPOSURES(3)},
      {isp::HDR_BLACK, 15000},
      {isp::HDR_SATURATED, 60000},
      {isp::HDR_RATIO, 8 * 64 + 32},  // 8.5
      {isp::HDR_RATIO + 4, 0},        // 0 counts as 1/64
      {isp::HDR_SHOT, 3 * 256 + 64},  // 3.25
      {isp::HDR_READ, 0},             // 0 counts as 1/16
      {isp::HDR_MOTION, 5 * 16 + 8},  // 5.5
      {isp::HDR_COMPAND + 4 * 176, 4095}};
  const auto read = [&](uint32_t address) { return regs.count(address) ? regs[address] : 0u; };
  HdrMerge::Params p = HdrMerge::decode(read, blocks::FrameSettings{});
  EXPECT_FALSE(p.bypass);
  EXPECT_EQ(p.exposures, 3);
  EXPECT_EQ(p.black, 15000);
  EXPECT_EQ(p.saturated, 60000);
  EXPECT_EQ(p.ratio[0], 1.0f);
  EXPECT_EQ(p.ratio[1], 8.5f);
  EXPECT_EQ(p.ratio[2], 1.0f / 64);
  EXPECT_EQ(p.shot, 3.25f);
  EXPECT_EQ(p.read, 1.0f / 16);
  EXPECT_EQ(p.motion_threshold, 5.5f);
  EXPECT_EQ(p.compander[176], 4095);
  regs[isp::HDR_CTRL] = isp::HDR_CTRL_BYPASS(1);  // EXPOSURES 0 counts as 1
  p = HdrMerge::decode(read, blocks::FrameSettings{});
  EXPECT_TRUE(p.bypass);
  EXPECT_EQ(p.exposures, 1);
}

TEST(HdrMerge, BypassPassesTheFirstExposure) {
  HdrMerge::Params p = params(3);
  p.bypass = true;
  const Image16 in = test::random_image(37, 5, 3, 9, 4095);
  const Image16 out = test::run_block<HdrMerge>(p, in, 0, test::Path::kSimd);
  ASSERT_EQ(out.channels(), 1);
  for (int y = 0; y < in.height(); ++y)
    for (int x = 0; x < in.width(); ++x)
      ASSERT_EQ(out.at(x, y), in.at(x, y, 0));
}

TEST(HdrMerge, FrameMatchesPerPixelSpecification) {
  const HdrMerge::Params p = params(3, 5.0f);
  const Image16 in = test::random_image(29, 4, 3, 21, 4095);
  const Image16 out = test::run_block<HdrMerge>(p, in, 0, test::Path::kScalar);
  for (int y = 0; y < in.height(); ++y)
    for (int x = 0; x < in.width(); ++x) {
      const uint16_t s[3] = {in.at(x, y, 0), in.at(x, y, 1), in.at(x, y, 2)};
      ASSERT_EQ(out.at(x, y), HdrMerge::compand(HdrMerge::merge(p, s), p.compander));
    }
}

TEST(HdrMerge, SimdEqualsScalar) {
  for (int n = 1; n <= 3; ++n)
    for (float motion : {0.0f, 3.0f}) {
      HdrMerge::Params p = params(n, motion);
      p.ratio = {1.0f, 4.25f, 37.5f};
      // A square-root curve, as the firmware programs it.
      for (int j = 0; j < HdrMerge::kKnots; ++j)
        p.compander[static_cast<size_t>(j)] = static_cast<uint16_t>(std::lround(
            4095 * std::sqrt(std::min(1.0, HdrMerge::knot_input(j) / (16.0 * 3839 * 37.5)))));
      HdrMerge::prepare(p);
      test::expect_simd_equals_scalar<HdrMerge>(p, test::random_image(67, 9, 3, 5 + n, 4095), 0);
      // Smooth exposures of one scene, near and past the clip, and a flat black.
      Image16 scene(33, 3, 3);
      for (int x = 0; x < scene.width(); ++x)
        for (int k = 0; k < 3; ++k) {
          const double signal = 4.0 * std::pow(1.45, x) / p.ratio[k];
          scene.at(x, 0, k) = static_cast<uint16_t>(std::min(4095.0, 256 + signal));
          scene.at(x, 1, k) = 256;
          scene.at(x, 2, k) = static_cast<uint16_t>(k == 0 ? 4095 : 256 + (x * 37) % 3000);
        }
      test::expect_simd_equals_scalar<HdrMerge>(p, scene, 0);
      // A wide (14-bit) dual-gain code: black 64, samples to 16383.
      p.black = 64;
      p.saturated = 15000;
      test::expect_simd_equals_scalar<HdrMerge>(p, test::random_image(45, 5, 3, 17 + n, 16383), 0);
    }
}

}  // namespace
}  // namespace ispsim
