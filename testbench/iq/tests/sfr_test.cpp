// Slanted-edge SFR against the analytic MTF of Gaussian-blurred edges. The edges are rendered here
// from the closed-form blurred step (the normal CDF), not with any code under test.
#include "iq/sfr.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "iq/metric_error.hpp"
#include "synthetic.hpp"

namespace ispsim::iq {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kLow = 8000, kHigh = 52000;

double normal_cdf(double t) {
  return 0.5 * std::erfc(-t / std::sqrt(2.0));
}
double normal_pdf(double t) {
  return std::exp(-0.5 * t * t) / std::sqrt(2.0 * kPi);
}
// Antiderivative of the normal CDF: d/dt [t Phi(t) + phi(t)] = Phi(t).
double cdf_integral(double t) {
  return t * normal_cdf(t) + normal_pdf(t);
}

enum class Aperture { kPoint, kPixel };
constexpr int kSubRows = 8;

// A step blurred by a Gaussian of `sigma` px, edge through the image centre tilted `angle_deg`
// from vertical. kPoint samples each pixel centre; kPixel integrates exactly across the pixel
// width and averages kSubRows rows down it.
Image16 render_edge(int width, int height, double sigma, double angle_deg, Aperture aperture,
                    double noise_sigma = 0, bool transpose = false) {
  const double c = std::cos(angle_deg * kPi / 180), s = std::sin(angle_deg * kPi / 180);
  const double cx = width / 2.0 + 0.3, cy = height / 2.0;
  test::GaussianSource noise(1234);
  Image16 image(transpose ? height : width, transpose ? width : height, 1);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      double level = 0;
      if (aperture == Aperture::kPoint) {
        level = normal_cdf(((x + 0.5 - cx) * c - (y + 0.5 - cy) * s) / sigma);
      } else {
        for (int j = 0; j < kSubRows; ++j) {
          const double d0 = (x - cx) * c - (y + (j + 0.5) / kSubRows - cy) * s;
          level += sigma / c * (cdf_integral((d0 + c) / sigma) - cdf_integral(d0 / sigma));
        }
        level /= kSubRows;
      }
      const double value = kLow + (kHigh - kLow) * level + noise_sigma * noise.next();
      const auto code = static_cast<uint16_t>(std::clamp(std::lround(value), 0L, 65535L));
      if (transpose) {
        image.at(y, x) = code;
      } else {
        image.at(x, y) = code;
      }
    }
  }
  return image;
}

double gaussian_mtf(double sigma, double f) {
  return std::exp(-2 * kPi * kPi * sigma * sigma * f * f);
}
double sinc(double u) {
  return u == 0 ? 1.0 : std::sin(kPi * u) / (kPi * u);
}
// Average of n point samples spread evenly over one pixel: the discrete analogue of sinc.
double comb_average(double u, int n) {
  return u == 0 ? 1.0 : std::sin(kPi * u) / (n * std::sin(kPi * u / n));
}
// Gaussian times the pixel aperture seen along the edge normal (box across x, kSubRows rows in y).
double pixel_mtf(double sigma, double angle_deg, double f) {
  const double c = std::cos(angle_deg * kPi / 180), s = std::sin(angle_deg * kPi / 180);
  return gaussian_mtf(sigma, f) * sinc(f * c) * comb_average(f * s, kSubRows);
}
double pixel_mtf50(double sigma, double angle_deg) {
  double lo = 0, hi = 1;
  for (int i = 0; i < 60; ++i) {
    const double mid = 0.5 * (lo + hi);
    (pixel_mtf(sigma, angle_deg, mid) > 0.5 ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

const PixelRect kWholeEdge{0, 0, 128, 96};

class GaussianEdge : public ::testing::TestWithParam<double> {};

TEST_P(GaussianEdge, PointSampledMtf50IsWithin3PercentOfAnalytic) {
  const double sigma = GetParam();
  const SfrResult sfr =
      slanted_edge_sfr(render_edge(128, 96, sigma, 5.0, Aperture::kPoint), kWholeEdge);
  const double expected = std::sqrt(std::log(2.0) / (2 * kPi * kPi * sigma * sigma));
  const double error = sfr.mtf50_cy_px / expected - 1;
  std::printf(
      "point-sampled sigma %.2f: MTF50 %.5f analytic %.5f error %+.2f%%; MTF(0.25) %.4f vs %.4f\n",
      sigma, sfr.mtf50_cy_px, expected, 100 * error, sfr.mtf_half_nyquist,
      gaussian_mtf(sigma, 0.25));
  EXPECT_LT(std::fabs(error), 0.03);
  EXPECT_NEAR(sfr.mtf_half_nyquist, gaussian_mtf(sigma, 0.25), 0.02);
  EXPECT_NEAR(sfr.edge_angle_deg, 5.0, 0.05);
  EXPECT_FALSE(sfr.transposed);
}

TEST_P(GaussianEdge, PixelIntegratedMtf50IsWithin3PercentOfGaussianTimesAperture) {
  const double sigma = GetParam();
  const SfrResult sfr =
      slanted_edge_sfr(render_edge(128, 96, sigma, 5.0, Aperture::kPixel), kWholeEdge);
  const double expected = pixel_mtf50(sigma, 5.0);
  const double error = sfr.mtf50_cy_px / expected - 1;
  std::printf(
      "pixel-integrated sigma %.2f: MTF50 %.5f analytic %.5f error %+.2f%%; MTF(0.25) %.4f vs "
      "%.4f\n",
      sigma, sfr.mtf50_cy_px, expected, 100 * error, sfr.mtf_half_nyquist,
      pixel_mtf(sigma, 5.0, 0.25));
  EXPECT_LT(std::fabs(error), 0.03);
  EXPECT_NEAR(sfr.mtf_half_nyquist, pixel_mtf(sigma, 5.0, 0.25), 0.02);
}

INSTANTIATE_TEST_SUITE_P(SigmaOneToTwoAndAHalf, GaussianEdge,
                         ::testing::Values(1.0, 1.5, 2.0, 2.5));

TEST(SlantedEdge, MtfCurveFollowsTheAnalyticCurveUpToNyquist) {
  const SfrResult sfr =
      slanted_edge_sfr(render_edge(128, 96, 1.0, 5.0, Aperture::kPoint), kWholeEdge);
  for (double f = 0; f <= 0.5; f += 0.05) {
    EXPECT_NEAR(mtf_at(sfr, f), gaussian_mtf(1.0, f), 0.015) << "at " << f << " cy/px";
  }
}

TEST(SlantedEdge, NearHorizontalEdgeIsMeasuredTransposed) {
  const SfrResult sfr = slanted_edge_sfr(
      render_edge(128, 96, 1.5, 5.0, Aperture::kPoint, 0, /*transpose=*/true), {0, 0, 96, 128});
  const double expected = std::sqrt(std::log(2.0) / (2 * kPi * kPi * 1.5 * 1.5));
  EXPECT_TRUE(sfr.transposed);
  EXPECT_NEAR(sfr.mtf50_cy_px / expected, 1.0, 0.03);
}

TEST(SlantedEdge, DarkToBrightAndBrightToDarkGiveTheSameMtf) {
  Image16 edge = render_edge(128, 96, 1.5, 5.0, Aperture::kPoint);
  const SfrResult rising = slanted_edge_sfr(edge, kWholeEdge);
  for (uint16_t& v : edge.samples())
    v = static_cast<uint16_t>(65535 - v);
  const SfrResult falling = slanted_edge_sfr(edge, kWholeEdge);
  EXPECT_NEAR(rising.mtf50_cy_px, falling.mtf50_cy_px, 1e-6);
}

TEST(SlantedEdge, NoisyEdgeStaysWithin5Percent) {
  // Noise of 1 % of the edge contrast, seeded.
  const SfrResult sfr = slanted_edge_sfr(
      render_edge(128, 96, 1.5, 5.0, Aperture::kPoint, 0.01 * (kHigh - kLow)), kWholeEdge);
  const double expected = std::sqrt(std::log(2.0) / (2 * kPi * kPi * 1.5 * 1.5));
  EXPECT_NEAR(sfr.mtf50_cy_px / expected, 1.0, 0.05);
}

TEST(SlantedEdge, RegionWithoutEdgeOrOutsideTheImageIsAMetricError) {
  const Image16 flat(64, 64, 1, 1000);
  EXPECT_THROW(slanted_edge_sfr(flat, {0, 0, 64, 64}), MetricError);
  const Image16 edge = render_edge(64, 64, 1.0, 5.0, Aperture::kPoint);
  EXPECT_THROW(slanted_edge_sfr(edge, {10, 10, 64, 64}), MetricError);
  // An edge that is not tilted cannot be oversampled.
  EXPECT_THROW(slanted_edge_sfr(render_edge(64, 64, 1.0, 0.0, Aperture::kPoint), {0, 0, 64, 64}),
               MetricError);
}

}  // namespace
}  // namespace ispsim::iq
