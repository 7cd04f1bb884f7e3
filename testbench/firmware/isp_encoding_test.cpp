#include "firmware/isp_encoding.hpp"

#include <string>

#include <gtest/gtest.h>

#include "firmware/fixed_point.hpp"
#include "firmware/hal.hpp"

namespace ispsim::fw {
namespace {

int32_t s3_12(uint32_t code) {
  return static_cast<int32_t>(fixed::decode(code, fixed::kS3_12) * 4096);
}

TEST(IspEncoding, BlackLevelNormGainRestoresFullScale) {
  EXPECT_EQ(blc_norm_gain_code(256), 4369u);  // round(4096 * 4095 / 3839)
  EXPECT_EQ(blc_norm_gain_code(0), 4096u);
  EXPECT_THROW(blc_norm_gain_code(4095), FirmwareError);
}

TEST(IspEncoding, NormGainUsesTheLargestPerColourLevel) {
  IspTuning tuning = default_tuning();
  tuning.black_level = {200, 256, 256, 300};
  EXPECT_EQ(encode_tuning(tuning).blc_norm_gain, blc_norm_gain_code(300));
}

TEST(IspEncoding, SrgbGammaLutSpansTheOutputAndIsMonotonic) {
  const auto lut = gamma_lut(srgb_oetf);
  EXPECT_EQ(lut[0], 0);
  EXPECT_EQ(lut[64], 1023);
  EXPECT_EQ(lut[63], 1016);
  for (int i = 1; i < kGammaKnotCount; ++i)
    EXPECT_GE(lut[i], lut[i - 1]) << i;
  // Knot 1 is input 64/4095: 1.055 * (64/4095)^(1/2.4) - 0.055 = 0.1315 -> 135.
  EXPECT_EQ(lut[1], 135);
  EXPECT_EQ(lut[32], 752);  // 2048/4095 -> 0.7355
}

TEST(IspEncoding, ContrastKeepsEndsAndMidGreyAndStaysMonotonic) {
  EXPECT_DOUBLE_EQ(contrast_curve(0.0, 0.8), 0.0);
  EXPECT_DOUBLE_EQ(contrast_curve(0.5, 0.8), 0.5);
  EXPECT_DOUBLE_EQ(contrast_curve(1.0, 0.8), 1.0);
  EXPECT_LT(contrast_curve(0.25, 0.8), 0.25);  // shadows darker
  EXPECT_GT(contrast_curve(0.75, 0.8), 0.75);  // highlights brighter
  const auto lut = gamma_lut([](double x) { return tone_curve(x, 0.9); });
  for (int i = 1; i < kGammaKnotCount; ++i)
    EXPECT_GE(lut[i], lut[i - 1]) << i;
  EXPECT_EQ(lut[0], 0);
  EXPECT_EQ(lut[64], 1023);
}

TEST(IspEncoding, CscIsBt709LimitedRange) {
  const CscCodes csc = bt709_limited_range_csc();
  const int32_t expected[9] = {748, 2516, 254, -412, -1387, 1799, 1799, -1634, -165};
  for (int i = 0; i < 9; ++i)
    EXPECT_EQ(s3_12(csc.coef[i]), expected[i]) << i;
  EXPECT_EQ(csc.coef[3], 0xFE64u);  // -412 as a 16-bit two's complement field
  EXPECT_EQ(csc.offset, (std::array<uint32_t, 3>{16, 128, 128}));
  // Grey has no chroma; white spans 219 luma codes.
  EXPECT_EQ(s3_12(csc.coef[3]) + s3_12(csc.coef[4]) + s3_12(csc.coef[5]), 0);
  EXPECT_EQ(s3_12(csc.coef[6]) + s3_12(csc.coef[7]) + s3_12(csc.coef[8]), 0);
  EXPECT_EQ(s3_12(csc.coef[0]) + s3_12(csc.coef[1]) + s3_12(csc.coef[2]), 3518);  // 4096*219/255
}

TEST(IspEncoding, TuningCodesFollowTheFixedPointFormats) {
  IspTuning tuning = default_tuning();
  tuning.wb_gain = {2.0, 1.0, 1.5};
  const IspCodes codes = encode_tuning(tuning);
  EXPECT_EQ(codes.wb_gain, (std::array<uint32_t, 4>{0x2000, 0x1000, 0x1000, 0x1800}));
  // Within half a code, the diagonal within two (it absorbs its row's rounding).
  for (int i = 0; i < 9; ++i)
    EXPECT_NEAR(fixed::decode(codes.ccm[i], fixed::kS3_12), tuning.colour_matrix[i],
                (i % 4 == 0 ? 2.0 : 0.5) / 4096);
}

TEST(IspEncoding, ColourMatrixRowCodesSumExactlyToOneSoGreyStaysGrey) {
  const IspCodes codes = encode_tuning(default_tuning());
  for (int row = 0; row < 3; ++row)
    EXPECT_EQ(
        s3_12(codes.ccm[3 * row]) + s3_12(codes.ccm[3 * row + 1]) + s3_12(codes.ccm[3 * row + 2]),
        4096)
        << row;
}

TEST(IspEncoding, BadTuningNamesTheField) {
  IspTuning tuning = default_tuning();
  tuning.gamma_contrast = 1.0;
  try {
    encode_tuning(tuning);
    FAIL() << "expected FirmwareError";
  } catch (const FirmwareError& error) {
    EXPECT_NE(std::string(error.what()).find("gamma_contrast"), std::string::npos);
  }
  tuning = default_tuning();
  tuning.colour_matrix[4] = 9.0;
  EXPECT_THROW(encode_tuning(tuning), FirmwareError);
  tuning = default_tuning();
  tuning.wb_gain[0] = 16.0;
  EXPECT_THROW(encode_tuning(tuning), FirmwareError);
}

}  // namespace
}  // namespace ispsim::fw
