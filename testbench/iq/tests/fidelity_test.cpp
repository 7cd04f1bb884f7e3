// PSNR, CPSNR and SSIM against hand-computed and closed-form cases.
#include "iq/fidelity.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "iq/metric_error.hpp"
#include "synthetic.hpp"

namespace ispsim::iq {
namespace {

Image16 textured(int width, int height, int channels) {
  Image16 image(width, height, channels);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      for (int c = 0; c < channels; ++c) {
        image.at(x, y, c) =
            static_cast<uint16_t>(100 + 60 * std::sin(0.3 * x + c) * std::cos(0.2 * y));
      }
    }
  }
  return image;
}

TEST(Psnr, MatchesAHandComputedCase) {
  // One sample of 16 off by 10: MSE = 100 / 16 = 6.25, PSNR = 10 log10(255^2 / 6.25) = 40.1720 dB.
  const Image16 reference(4, 4, 1, 0);
  Image16 test = reference;
  test.at(2, 1) = 10;
  EXPECT_NEAR(psnr_db(reference, test, 255, 0), 40.1720, 1e-4);
  EXPECT_NEAR(cpsnr_db(reference, test, 255), 40.1720, 1e-4);
}

TEST(Cpsnr, AveragesTheSquaredErrorOverAllChannels) {
  // Error only in channel 0 (MSE 6.25): channels 1, 2 are exact, so CPSNR uses MSE 6.25 / 3.
  const Image16 reference(4, 4, 3, 50);
  Image16 test = reference;
  test.at(2, 1, 0) = 60;
  EXPECT_NEAR(psnr_db(reference, test, 255, 0), 40.1720, 1e-4);
  EXPECT_EQ(psnr_db(reference, test, 255, 1), INFINITY);
  EXPECT_NEAR(cpsnr_db(reference, test, 255), 40.1720 + 10 * std::log10(3.0), 1e-4);
}

TEST(Psnr, BorderExclusionIgnoresErrorsInTheBorder) {
  const Image16 reference = textured(32, 32, 3);
  Image16 test = reference;
  test.at(0, 5, 1) += 40;
  test.at(31, 31, 2) += 40;
  EXPECT_LT(cpsnr_db(reference, test, 255), 60);
  EXPECT_EQ(cpsnr_db(reference, test, 255, 1), INFINITY);
  EXPECT_NEAR(ssim(reference, test, 255, 1), 1.0, 1e-12);
}

TEST(Ssim, IdenticalImagesScoreOne) {
  const Image16 image = textured(40, 30, 3);
  EXPECT_NEAR(ssim(image, image, 255), 1.0, 1e-12);
  EXPECT_EQ(cpsnr_db(image, image, 255), INFINITY);
}

TEST(Ssim, ConstantOffsetOnAFlatImageLeavesOnlyTheLuminanceTerm) {
  // Flat 100 vs flat 120: variances and covariance vanish, so
  // SSIM = (2 * 100 * 120 + C1) / (100^2 + 120^2 + C1) with C1 = (0.01 * 255)^2.
  const double c1 = 0.01 * 255 * 0.01 * 255;
  EXPECT_NEAR(ssim(Image16(24, 24, 1, 100), Image16(24, 24, 1, 120), 255),
              (2 * 100 * 120 + c1) / (100 * 100 + 120 * 120 + c1), 1e-12);
}

TEST(Ssim, NoiseOnAFlatImageFollowsTheStructureTerm) {
  // Flat reference, test = reference + noise of sigma 10: luminance ~1, and the contrast-structure
  // term is C2 / (s^2 + C2) with s^2 the window's noise variance, whose expectation is
  // sigma^2 (1 - sum w^2) for the normalised Gaussian weights (sum w^2 ~ 0.035 here).
  const Image16 reference(96, 96, 1, 128);
  Image16 test = reference;
  test::GaussianSource noise(8);
  for (uint16_t& v : test.samples())
    v = static_cast<uint16_t>(std::lround(128 + 10 * noise.next()));
  const double c2 = 0.03 * 255 * 0.03 * 255;
  const double variance = (100 + 1.0 / 12) * (1 - 0.0354);
  const double measured = ssim(reference, test, 255);
  std::printf("SSIM with noise sigma 10: %.4f measured, %.4f expected\n", measured,
              c2 / (variance + c2));
  EXPECT_NEAR(measured, c2 / (variance + c2), 0.03);
}

TEST(Fidelity, MismatchedImagesOrOversizedBorderAreMetricErrors) {
  EXPECT_THROW(cpsnr_db(Image16(8, 8, 3), Image16(8, 9, 3), 255), MetricError);
  EXPECT_THROW(ssim(Image16(16, 16, 3), Image16(16, 16, 1), 255), MetricError);
  EXPECT_THROW(psnr_db(Image16(8, 8, 1), Image16(8, 8, 1), 255, 0, 4), MetricError);
  EXPECT_THROW(ssim(Image16(16, 16, 1), Image16(16, 16, 1), 255, 3), MetricError);
}

TEST(DifferenceMap, ScalesTheAbsoluteDifference) {
  const Image16 reference(2, 1, 1, 1000);
  Image16 test = reference;
  test.at(0, 0) = 1100;   // |d| = 100 -> 100 * 10 * 255 / 65535 = 3.89 -> 4
  test.at(1, 0) = 65535;  // saturates at 255
  const Image8 map = difference_map(reference, test, 65535, 10);
  EXPECT_EQ(map.at(0, 0), 4);
  EXPECT_EQ(map.at(1, 0), 255);
  const Image16 wide = widen_to_16bit(Image16(1, 1, 1, 255));
  EXPECT_EQ(wide.at(0, 0), 65535);
}

}  // namespace
}  // namespace ispsim::iq

namespace ispsim::iq {
namespace {

double encode_by_hand(double linear) {  // IEC 61966-2-1
  return linear <= 0.0031308 ? 12.92 * linear : 1.055 * std::pow(linear, 1 / 2.4) - 0.055;
}

TEST(GainMatchedFidelity, RecoversPerChannelGainsAndScoresTheRest) {
  const int w = 32, h = 24;
  ImageF truth(w, h, 3);
  Image16 scaled(w, h, 3), noisy(w, h, 3);
  const double gains[3] = {0.5, 0.8, 1.2};  // exposure and white balance a developer chose
  uint32_t state = 7;
  auto uniform = [&state] {
    state = state * 1664525u + 1013904223u;
    return (state >> 8) / 16777216.0;
  };
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < 3; ++c) {
        const double t = 0.02 + 0.76 * uniform();
        truth.at(x, y, c) = static_cast<float>(t);
        scaled.at(x, y, c) = uint16_t(std::lround(65535 * encode_by_hand(t * gains[c])));
        const double n = std::clamp(t * gains[c] + 0.02 * (uniform() - 0.5), 0.0, 1.0);
        noisy.at(x, y, c) = uint16_t(std::lround(65535 * encode_by_hand(n)));
      }
  const GainMatchedFidelity exact = gain_matched_fidelity(truth, scaled, 65535);
  for (int c = 0; c < 3; ++c)
    EXPECT_NEAR(exact.gains[c], 1 / gains[c], 1e-3 / gains[c]) << c;
  EXPECT_GT(exact.cpsnr_db, 50.0);  // only the 16-bit file's rounding is left
  const GainMatchedFidelity worse = gain_matched_fidelity(truth, noisy, 65535);
  EXPECT_LT(worse.cpsnr_db, exact.cpsnr_db - 10);
  EXPECT_GT(worse.cpsnr_db, 30.0);  // +-1% noise in linear light
  EXPECT_THROW(gain_matched_fidelity(truth, Image16(w, h - 1, 3), 65535), MetricError);
  EXPECT_THROW(gain_matched_fidelity(truth, scaled, 65535, 12), MetricError);
}

}  // namespace
}  // namespace ispsim::iq
