// Bayer noise reduction against its rule written out here (in floating point where the header
// says floor), against hand values, and for what it is for: noise on a flat field falls by the
// factor its weights promise, an edge far above the noise keeps its sharpness.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "model/blocks/bayer_nr/bayer_nr.hpp"
#include "testbench/blocks/block_test_support.hpp"

namespace ispsim {
namespace {

using blocks::BayerNr;

int mirror(int i, int n) {
  return i < 0 ? -i : (i >= n ? 2 * (n - 1) - i : i);
}

BayerNr::Params params(int shot, int read, int strength, bool wide = false) {
  BayerNr::Params p;
  p.wide = wide;
  p.shot = uint16_t(shot);
  p.read = uint16_t(read);
  p.strength = uint16_t(strength);
  BayerNr::prepare(p);  // the per-frame threshold table, as the pipeline prepares it
  return p;
}

// The rule: the weights' threshold from the mean of the nine same-colour samples of the 5x5
// window through the noise model, then the weighted mean over the 5x5 window's nine (wide: the
// 9x9 window's 25), rounded half up.
// With a pedestal P the samples saturate at 4095 + P, the noise is the mean's less P (at least
// 0), and P comes off the result, clipped to 0..4095.
uint16_t golden(const Image16& raw, int x, int y, const BayerNr::Params& p) {
  const int pedestal = p.pedestal;
  auto at = [&](int dx, int dy) {
    return std::min<int>(raw.at(mirror(x + dx, raw.width()), mirror(y + dy, raw.height())),
                         4095 + pedestal);
  };
  const auto unpedestal = [&](double v) {
    return static_cast<uint16_t>(std::clamp(v - pedestal, 0.0, 4095.0));
  };
  double sum = 0;
  for (int dy = -2; dy <= 2; dy += 2)
    for (int dx = -2; dx <= 2; dx += 2)
      sum += at(dx, dy);
  std::vector<double> v;
  const int reach = p.wide ? 4 : 2;
  for (int dy = -reach; dy <= reach; dy += 2)
    for (int dx = -reach; dx <= reach; dx += 2)
      v.push_back(at(dx, dy));
  const double centre = at(0, 0);
  const double mean = std::max(std::floor(sum * 455 / 4096) - pedestal, 0.0);
  const double variance = std::floor(p.shot * mean / 256) + p.read;
  const double t =
      std::min(std::floor(p.strength * std::floor(std::sqrt(variance * 1024)) / 1024), 4095.0);
  if (t == 0) return unpedestal(centre);
  double weights = 0, weighted = 0;
  for (double s : v) {
    const double w = std::max(t - std::abs(s - centre), 0.0);
    weights += w;
    weighted += w * s;
  }
  return unpedestal(std::floor(weighted / weights + 0.5));
}

TEST(BayerNr, MatchesTheRuleOnBothPathsForOddSizesAndSettings) {
  for (const auto& [w, h] : {std::pair{23, 13}, {5, 5}, {6, 9}, {70, 5}})
    for (const auto& p : {params(0, 0, 64), params(256, 100, 48), params(65535, 65535, 255),
                          params(300, 9, 1), params(2000, 400, 96), params(256, 100, 48, true),
                          params(65535, 65535, 255, true), params(2000, 400, 96, true)}) {
      // Noise around a level, and a full-range random frame for the clamps and extremes.
      Image16 raw = test::random_image(w, h, 1, uint32_t(w * h + p.shot), 200);
      for (auto& s : raw.samples())
        s = uint16_t(s + 1500);
      for (const Image16& frame : {raw, test::random_image(w, h, 1, uint32_t(p.read + 3), 65535)})
        for (const auto path : {test::Path::kSimd, test::Path::kScalar}) {
          const Image16 out = test::run_block<BayerNr>(p, frame, 0, path);
          for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
              ASSERT_EQ(out.at(x, y), golden(frame, x, y, p))
                  << x << "," << y << " of " << w << "x" << h << " shot " << p.shot << " read "
                  << p.read << " strength " << p.strength;
        }
    }
}

// With TABLE the sigma comes from knots every 64 means (u12.4), linear between them: the
// threshold is STRENGTH/32 of it, floored as the header says.
TEST(BayerNr, SigmaTableSetsTheThreshold) {
  BayerNr::Params p = params(0, 0, 96);  // 3 sigmas
  p.table = true;
  for (int k = 0; k < 65; ++k)
    p.sigma_by_mean[static_cast<size_t>(k)] = static_cast<uint16_t>(16 * (60 - std::abs(k - 20)));
  BayerNr::prepare(p);
  for (int mean : {0, 1, 63, 64, 100, 1280, 1300, 2000, 4094}) {
    const int k = mean / 64, f = mean % 64;
    const double low = 16.0 * (60 - std::abs(k - 20)), high = 16.0 * (60 - std::abs(k + 1 - 20));
    const double sigma16 = low + std::floor(((high - low) * f + 32) / 64);
    const double expected = std::min(std::floor(96 * 2 * sigma16 / 1024), 4095.0);
    EXPECT_EQ(BayerNr::threshold_for_mean(mean, p), expected) << mean;
    EXPECT_EQ(p.threshold_by_mean[static_cast<size_t>(mean)], expected) << mean;
  }
  // By hand: sigma 60 at mean 1280 (k 20), 3 sigmas -> floor(96 x 2 x 960 / 1024) = 180; at
  // mean 1300 (k 20, f 20) sigma16 = 960 + ((944 - 960) x 20 + 32) >> 6 = 960 - 5 = 955 (-288 / 64
  // floors to -5) -> floor(96 x 2 x 955 / 1024) = 179.
  EXPECT_EQ(BayerNr::threshold_for_mean(1280, p), 180);
  EXPECT_EQ(BayerNr::threshold_for_mean(1300, p), 179);
}

TEST(BayerNr, HandValues) {
  // shot 1.0 (256 in u8.8), read 0, strength 2 sigmas (64/32), worked below.
  const BayerNr::Params p = params(256, 0, 64);
  // mean 1000 -> variance 1000 -> floor(sqrt(1024000)) = 1011 -> T = (64 x 1011) >> 10 = 63.
  EXPECT_EQ(BayerNr::threshold(9 * 1000 + 5, p), 63);  // (9005 x 455) >> 12 = 1000
  Image16 raw(9, 9, 1);
  for (auto& s : raw.samples())
    s = 1000;
  raw.at(4, 4) = 1030;  // 30 above its eight neighbours: weights 63 and 8 x 33
  const Image16 out = test::run_block<BayerNr>(p, raw, 0, test::Path::kSimd);
  // (63 x 1030 + 264 x 1000 + 163) / 327 = 1005.9 -> 1005 (the sum of weights 327, half 163).
  EXPECT_EQ(out.at(4, 4), (63 * 1030 + 264 * 1000 + 163) / 327);
  raw.at(4, 4) = 1100;  // 100 above: beyond T, no neighbour counts
  EXPECT_EQ(test::run_block<BayerNr>(p, raw, 0, test::Path::kSimd).at(4, 4), 1100);
}

// On a flat field of Gaussian noise (variance = shot x mean + read as programmed) the output's
// noise falls: to under half at 4 sigmas, and towards the mean of nine samples (1/3 of the
// noise, which no weighting of them can beat) as the range widens; a step of 40 sigmas stays a
// step.
TEST(BayerNr, NoiseFallsAndEdgesStay) {
  const int w = 96, h = 64;
  std::mt19937 rng(9);
  std::normal_distribution<double> noise(0.0, 1.0);
  const BayerNr::Params p = params(256, 16, 128);  // variance = mean + 16; 4 sigmas
  Image16 raw(w, h, 1);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const double level = x < w / 2 ? 800 : 3200;  // sigma 28.6 and 56.7
      raw.at(x, y) = uint16_t(std::lround(level + std::sqrt(level + 16) * noise(rng)));
    }
  const Image16 out = test::run_block<BayerNr>(p, raw, 0, test::Path::kSimd);
  auto sigma = [&](const Image16& im, int x0, int x1) {
    double sum = 0, sum2 = 0;
    int n = 0;
    for (int y = 4; y < h - 4; ++y)
      for (int x = x0; x < x1; ++x) {
        sum += im.at(x, y);
        sum2 += double(im.at(x, y)) * im.at(x, y);
        ++n;
      }
    return std::sqrt(sum2 / n - (sum / n) * (sum / n));
  };
  EXPECT_LT(sigma(out, 4, w / 2 - 4), 0.5 * sigma(raw, 4, w / 2 - 4));
  EXPECT_LT(sigma(out, w / 2 + 4, w - 4), 0.5 * sigma(raw, w / 2 + 4, w - 4));
  const Image16 widest = test::run_block<BayerNr>(params(256, 16, 255), raw, 0, test::Path::kSimd);
  const double ratio = sigma(widest, 4, w / 2 - 4) / sigma(raw, 4, w / 2 - 4);
  EXPECT_LT(ratio, 0.37);
  EXPECT_GT(ratio, 0.30);
  // Wide: towards the mean of 25 samples (1/5 of the noise).
  const Image16 wide =
      test::run_block<BayerNr>(params(256, 16, 255, true), raw, 0, test::Path::kSimd);
  const double wide_ratio = sigma(wide, 4, w / 2 - 4) / sigma(raw, 4, w / 2 - 4);
  EXPECT_LT(wide_ratio, 0.25);
  EXPECT_GT(wide_ratio, 0.18);
  const Image16 wide_4 =
      test::run_block<BayerNr>(params(256, 16, 128, true), raw, 0, test::Path::kSimd);
  for (int y = 0; y < h; ++y) {
    EXPECT_LT(wide_4.at(w / 2 - 2, y), 1100) << y;
    EXPECT_GT(wide_4.at(w / 2, y), 2900) << y;
  }
  // The step: each row's last dark and first bright samples of one colour stay on their side.
  for (int y = 0; y < h; ++y) {
    EXPECT_LT(out.at(w / 2 - 2, y), 1100) << y;
    EXPECT_GT(out.at(w / 2, y), 2900) << y;
  }
}

// Variances just below a perfect square, where the SIMD path's single-precision square root
// comes out one too high before its correction: the threshold, and so the weights of a centre
// standing T - 1, T and T + 1 above a flat field, follow the exact rule. (Over the registers'
// range such an error would not move T, (STRENGTH x root) >> 10, anyway; the correction keeps
// the root itself exact.)
TEST(BayerNr, SquareRootsNextToPerfectSquaresAreExact) {
  const int level = 4000;
  for (int a = 9; a <= 16; ++a)
    for (const int sign : {-1, 1}) {
      const int variance = 256 * a * a + sign * a;  // (512a + sign)^2 - 1 = 1024 x variance
      for (int d = 0; d < 3; ++d) {
        // shot 1.0: variance = mean + read; the centre's offset moves the mean by offset / 9.
        Image16 raw(5, 5, 1);
        for (auto& s : raw.samples())
          s = uint16_t(level);
        const int t_guess = BayerNr::threshold(9 * level, params(256, variance - level, 255));
        raw.at(2, 2) = uint16_t(level + t_guess - 1 + d);
        int32_t sum9 = 0;
        for (int dy = -2; dy <= 2; dy += 2)
          for (int dx = -2; dx <= 2; dx += 2)
            sum9 += raw.at(std::abs(2 + dx) % 5, std::abs(2 + dy) % 5);
        const int mean = (sum9 * 455) >> 12;
        const BayerNr::Params p = params(256, variance - mean, 255);
        for (const auto path : {test::Path::kSimd, test::Path::kScalar})
          EXPECT_EQ(test::run_block<BayerNr>(p, raw, 0, path).at(2, 2), golden(raw, 2, 2, p))
              << "variance " << variance << " d " << d;
        test::expect_simd_equals_scalar<BayerNr>(p, raw, 0);
      }
    }
}

TEST(BayerNr, SimdEqualsScalarOnEveryTarget) {
  for (int width : {5, 33, 64, 67})
    for (bool wide : {false, true})
      for (bool table : {false, true})
        for (auto p :
             {params(256, 50, 64, wide), params(65535, 65535, 255, wide), params(7, 1, 3, wide)}) {
          p.table = table;
          for (size_t k = 0; k < p.sigma_by_mean.size(); ++k)
            p.sigma_by_mean[k] = static_cast<uint16_t>(400 + (k * 997) % 3000);
          BayerNr::prepare(p);
          // The full range (mostly clipped to 4095) and noise around a mid level.
          Image16 mid = test::random_image(width, 10, 1, uint32_t(width + 7), 300);
          for (auto& s : mid.samples())
            s = uint16_t(s + 1500);
          test::expect_simd_equals_scalar<BayerNr>(
              p, test::random_image(width, 10, 1, uint32_t(width + p.read), 65535), 0);
          test::expect_simd_equals_scalar<BayerNr>(p, mid, 0);
        }
}

TEST(BayerNr, APedestalIsLookedThroughAndTakenOff) {
  for (const int pedestal : {1, 64, 255})
    for (bool wide : {false, true})
      for (auto p : {params(256, 100, 48, wide), params(2000, 400, 96, wide),
                     params(65535, 65535, 255, wide), params(256, 100, 0, wide)}) {
        p.pedestal = static_cast<uint16_t>(pedestal);
        BayerNr::prepare(p);
        // Noise around black (the pedestal's level, some below it), and the full range.
        Image16 dark = test::random_image(23, 13, 1, uint32_t(pedestal + p.shot), 2 * pedestal);
        for (const Image16& frame : {dark, test::random_image(23, 13, 1, uint32_t(p.read), 65535)})
          for (const auto path : {test::Path::kSimd, test::Path::kScalar}) {
            const Image16 out = test::run_block<BayerNr>(p, frame, 1, path);
            for (int y = 0; y < frame.height(); ++y)
              for (int x = 0; x < frame.width(); ++x)
                ASSERT_EQ(out.at(x, y), golden(frame, x, y, p))
                    << x << "," << y << " pedestal " << pedestal << " strength " << p.strength
                    << (wide ? " wide" : "");
          }
        for (int width : {5, 33, 64, 67})
          test::expect_simd_equals_scalar<BayerNr>(
              p, test::random_image(width, 10, 1, uint32_t(width), 65535), 0);
      }
}

TEST(BayerNr, BypassAndZeroStrengthPassThrough) {
  const Image16 raw = test::random_image(9, 5, 1, 4, 4095);
  BayerNr::Params p = params(256, 100, 0);
  EXPECT_TRUE(test::run_block<BayerNr>(p, raw, 0, test::Path::kSimd) == raw);
  p = params(256, 100, 255);
  p.bypass = true;
  EXPECT_TRUE(test::run_block<BayerNr>(p, raw, 0, test::Path::kSimd) == raw);
}

}  // namespace
}  // namespace ispsim
