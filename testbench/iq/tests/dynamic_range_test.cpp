// Dynamic range on step wedges whose noise follows the photon-transfer model, so the signal at
// SNR = 1 is known in closed form: S / sqrt(read^2 + S) = 1  <=>  S = (1 + sqrt(1 + 4 read^2)) / 2.
#include "iq/dynamic_range.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "iq/metric_error.hpp"
#include "synthetic.hpp"

namespace ispsim::iq {
namespace {

constexpr double kSaturation = 50000;

// Signal reaching SNR = k when variance = signal + read^2: S^2 = k^2 (S + read^2).
double analytic_threshold_signal(double read_noise, double snr) {
  const double k2 = snr * snr;
  return (k2 + std::sqrt(k2 * k2 + 4 * k2 * read_noise * read_noise)) / 2;
}

// Steps a third of a stop apart from kSaturation down 15 stops, plus one clipped step on top.
std::vector<WedgeStep> analytic_wedge(double read_noise) {
  std::vector<WedgeStep> steps;
  steps.push_back({65000, 1, 65000, true});
  for (int k = 0; k <= 45; ++k) {
    const double s = kSaturation * std::exp2(-k / 3.0);
    const double noise = std::sqrt(s + read_noise * read_noise);
    steps.push_back({s, noise, s / noise, false});
  }
  std::reverse(steps.begin(), steps.end());  // order must not matter
  return steps;
}

TEST(DynamicRange, AnalyticWedgeGivesTheClosedFormStops) {
  const DynamicRangeResult r = dynamic_range(analytic_wedge(4.0), 1.0);
  const double expected = std::log2(kSaturation / analytic_threshold_signal(4.0, 1.0));
  EXPECT_TRUE(r.threshold_reached);
  EXPECT_DOUBLE_EQ(r.saturation_signal, kSaturation);
  EXPECT_NEAR(r.threshold_signal, analytic_threshold_signal(4.0, 1.0), 0.02);
  EXPECT_NEAR(r.stops, expected, 0.01);  // 13.43 stops
  EXPECT_TRUE(r.steps.front().clipped);
}

TEST(DynamicRange, ThresholdIsConfigurable) {
  const DynamicRangeResult r = dynamic_range(analytic_wedge(4.0), 10.0);
  EXPECT_NEAR(r.stops, std::log2(kSaturation / analytic_threshold_signal(4.0, 10.0)), 0.01);
}

TEST(DynamicRange, WedgeThatNeverReachesTheThresholdIsALowerBound) {
  const DynamicRangeResult r = dynamic_range(analytic_wedge(0.0), 1.0);
  EXPECT_FALSE(r.threshold_reached);
  EXPECT_NEAR(r.stops, 15.0, 1e-9);
}

TEST(DynamicRange, SyntheticWedgeImageMatchesAnalyticWithinATenthOfAStop) {
  // 40 steps of 32x32 pixels, half a stop apart, black level 256, read noise 6 DN, seeded.
  const double read_noise = 6, black = 256;
  const int steps = 40, cell = 32;
  Image16 image(steps * cell, cell, 1);
  test::GaussianSource noise(31);
  for (int y = 0; y < cell; ++y) {
    for (int x = 0; x < image.width(); ++x) {
      const int k = x / cell;
      // The first step is overexposed and clips at 65535.
      const double s = k == 0 ? 80000 : kSaturation * std::exp2(-(k - 1) / 2.0);
      const double value = black + s + std::sqrt(s + read_noise * read_noise) * noise.next();
      image.at(x, y) = static_cast<uint16_t>(std::clamp(std::lround(value), 0L, 65535L));
    }
  }
  DynamicRangeOptions options;
  options.black_level = black;
  const DynamicRangeResult r = dynamic_range(
      image, wedge_strip_steps(PixelRect{0, 0, image.width(), cell}, steps, 0.75), options);
  // Rounding to integer codes adds 1/12 DN^2 of variance.
  const double expected =
      std::log2(kSaturation / analytic_threshold_signal(std::sqrt(36 + 1.0 / 12), 1.0));
  std::printf("synthetic wedge: %.3f stops measured, %.3f analytic\n", r.stops, expected);
  EXPECT_TRUE(r.steps.front().clipped);
  EXPECT_NEAR(r.saturation_signal, kSaturation, 50);
  EXPECT_NEAR(r.stops, expected, 0.1);  // 12.6 stops
}

TEST(DynamicRange, AllClippedOrTooFewStepsIsAMetricError) {
  EXPECT_THROW(dynamic_range({{100, 0, 0, true}, {50, 0, 0, true}}, 1.0), MetricError);
  const Image16 image(64, 16, 1, 100);
  EXPECT_THROW(dynamic_range(image, {to_quad(PixelRect{0, 0, 8, 8})}, DynamicRangeOptions{}),
               MetricError);
  EXPECT_THROW(wedge_strip_steps(PixelRect{0, 0, 64, 16}, 1), MetricError);
}

TEST(WedgeStripSteps, SplitsTheLongerSideIntoEqualCells) {
  const std::vector<Quad> cells = wedge_strip_steps(PixelRect{10, 20, 100, 10}, 4, 0.6);
  ASSERT_EQ(cells.size(), 4u);
  EXPECT_DOUBLE_EQ(cells[0].corners[0].x, 10 + 5);  // 25 wide, 15 kept, 5 off each side
  EXPECT_DOUBLE_EQ(cells[3].corners[2].x, 10 + 75 + 20);
  EXPECT_DOUBLE_EQ(cells[0].corners[0].y, 22);
}

}  // namespace
}  // namespace ispsim::iq
