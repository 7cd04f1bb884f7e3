#include "firmware/tuning.hpp"

#include "firmware/hal.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

namespace ispsim::fw {
namespace {

TEST(Tuning, WhiteBalanceMakesANeutralSceneNeutral) {
  const Matrix3 response = simulated_camera_response();
  const Vector3 wb = neutral_white_balance(response);
  EXPECT_DOUBLE_EQ(wb[1], 1.0);
  const Vector3 grey = multiply(multiply(diagonal3(wb), response), Vector3{0.18, 0.18, 0.18});
  EXPECT_NEAR(grey[0], grey[1], 1e-12);
  EXPECT_NEAR(grey[2], grey[1], 1e-12);
  EXPECT_NEAR(wb[0], 1.10 / 0.85, 1e-12);
  EXPECT_NEAR(wb[2], 1.10 / 0.92, 1e-12);
}

TEST(Tuning, ColourMatrixRowsSumToOneSoNeutralsKeepTheirLevel) {
  const IspTuning tuning = default_tuning();
  for (double sum : row_sums(tuning.color_matrix.matrix))
    EXPECT_NEAR(sum, 1.0, 1e-12);
}

TEST(Tuning, ColourMatrixUndoesTheBalancedCameraResponse) {
  const IspTuning tuning = default_tuning();
  const Matrix3 response = simulated_camera_response();
  const Matrix3 chain = multiply(tuning.color_matrix.matrix,
                                 multiply(diagonal3(tuning.white_balance.gain), response));
  const double green_sum = 0.08 + 0.85 + 0.17;  // the neutral level the matrix normalises by
  const Matrix3 expected = diagonal3({green_sum, green_sum, green_sum});
  for (int i = 0; i < 9; ++i)
    EXPECT_NEAR(chain[i], expected[i], 1e-12) << i;
}

TEST(Tuning, DefaultsAreTheDocumentedPedestalAndPhase) {
  const IspTuning tuning = default_tuning();
  for (uint16_t level : tuning.black_level.level)
    EXPECT_EQ(level, 256);
  EXPECT_EQ(tuning.cfa_phase, 0);
  EXPECT_EQ(tuning.gamma.contrast, 0.0);
  for (int i = 0; i < 9; ++i) {
    EXPECT_GT(tuning.color_matrix.matrix[i], -8.0);  // fits s3.12
    EXPECT_LT(tuning.color_matrix.matrix[i], 8.0);
  }
}

// A stored raw clipping below 4095 (a 14-bit white level of 15000 brought to 12 bits: 3750):
// the normalising gain takes its clip point, not 4095, to full scale.
TEST(Tuning, BlackLevelGainTakesTheRawsWhiteLevelToFullScale) {
  EXPECT_EQ(blocks::BlackLevel::norm_gain_code(256, 3750),
            static_cast<uint32_t>(std::lround(4095.0 / (3750 - 256) * 4096)));
  EXPECT_EQ(blocks::BlackLevel::norm_gain_code(256),
            static_cast<uint32_t>(std::lround(4095.0 / (4095 - 256) * 4096)));
  EXPECT_THROW(blocks::BlackLevel::norm_gain_code(256, 256), FirmwareError);
  EXPECT_THROW(blocks::BlackLevel::norm_gain_code(0, 4096), FirmwareError);
  EXPECT_THROW(blocks::BlackLevel::norm_gain_code(0, 200), FirmwareError);  // a gain over 16
}

// The default curve, interpolated between its knots as the block does, stays within 0.6 of an
// 8-bit code of the sRGB curve (IEC 61966-2-1, written out here) at every 12-bit input, the
// steep toe included: the "neutral" output is sRGB in the shadows too.
TEST(Tuning, DefaultToneCurveFollowsSrgbWithinAnEightBitCode) {
  const auto srgb = [](double v) {
    return v <= 0.0031308 ? 12.92 * v : 1.055 * std::pow(v, 1 / 2.4) - 0.055;
  };
  const auto lut = blocks::Gamma::knots([](double x) { return blocks::Gamma::tone_curve(x, 0); });
  const int spacing = 4096 / (blocks::Gamma::kKnots - 1);
  double worst = 0;
  for (int in = 0; in < 4096; ++in) {
    const int k = in / spacing;
    const double t = static_cast<double>(in % spacing) / spacing;
    const double out10 = lut[k] + (lut[k + 1] - lut[k]) * t;
    worst = std::max(worst, std::abs(out10 / 1023 * 255 - srgb(in / 4095.0) * 255));
  }
  EXPECT_LT(worst, 0.6);
}

}  // namespace
}  // namespace ispsim::fw
