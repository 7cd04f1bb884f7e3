// The register fields' fixed-point codec (model/regmap/regmap.hpp) against hand-computed codes:
// the firmware encodes and the model decodes through it.
#include <cmath>

#include <gtest/gtest.h>

#include "model/regmap/regmap.hpp"

namespace ispsim::regs {
namespace {

// Fields of each format: u4.12, s3.12 (16 bits) and u8.8.
constexpr Field kU4_12 = isp::WB_GAIN_GAIN;
constexpr Field kS3_12 = isp::CCM_COEF_COEF;
constexpr Field kU8_8 = sensor::DIGITAL_GAIN_GAIN;

uint32_t encode(double value, const Field& f) {
  return f.encode(value);
}
double decode(uint32_t reg, const Field& f) {
  return f.decode(reg);
}

TEST(FieldCodec, UnsignedRoundsToNearestCode) {
  EXPECT_EQ(encode(1.0, kU4_12), 0x1000u);
  EXPECT_EQ(encode(1.0 + 0.49 / 4096, kU4_12), 0x1000u);
  EXPECT_EQ(encode(1.0 + 0.5 / 4096, kU4_12), 0x1001u);  // halves round up
  EXPECT_EQ(encode(2.5, kU8_8), 0x0280u);
}

TEST(FieldCodec, UnsignedSaturatesAtBothEnds) {
  EXPECT_EQ(encode(16.0, kU4_12), 0xFFFFu);
  EXPECT_EQ(encode(1e9, kU4_12), 0xFFFFu);
  EXPECT_EQ(encode(-0.3, kU4_12), 0u);
}

TEST(FieldCodec, SignedNegativeIsTwosComplementInTheFieldWidth) {
  EXPECT_EQ(encode(-1.0, kS3_12), 0xF000u);
  EXPECT_EQ(encode(-1.0 / 4096, kS3_12), 0xFFFFu);
  EXPECT_EQ(encode(-0.5 / 4096, kS3_12), 0xFFFFu);  // halves round away from zero
  EXPECT_EQ(encode(0.25, kS3_12), 0x0400u);
}

TEST(FieldCodec, SignedSaturatesToTheRepresentableRange) {
  EXPECT_EQ(encode(8.0, kS3_12), 0x7FFFu);
  EXPECT_EQ(encode(-8.0, kS3_12), 0x8000u);
  EXPECT_EQ(encode(-100.0, kS3_12), 0x8000u);
}

TEST(FieldCodec, NanEncodesAsZero) {
  EXPECT_EQ(encode(std::nan(""), kS3_12), 0u);
}

TEST(FieldCodec, DecodeInvertsEncodeWithinHalfAStep) {
  for (double value : {-7.9, -1.2345, -0.0001, 0.0, 0.5, 3.14159, 7.99}) {
    EXPECT_NEAR(decode(encode(value, kS3_12), kS3_12), value, 0.5 / 4096) << value;
  }
  EXPECT_DOUBLE_EQ(decode(0xF000u, kS3_12), -1.0);
  EXPECT_DOUBLE_EQ(decode(0xABCD1000u, kU4_12), 1.0);  // bits above the field are ignored
}

TEST(FieldCodec, FormatsAreReadFromTheRegisterDescription) {
  EXPECT_TRUE(kS3_12.format.is_signed);
  EXPECT_EQ(kS3_12.format.int_bits, 3u);
  EXPECT_EQ(kS3_12.format.frac_bits, 12u);
  EXPECT_FALSE(kU4_12.format.is_signed);
  EXPECT_EQ(kU4_12.format.frac_bits, 12u);
  EXPECT_FALSE(isp::CTRL_CFA_PHASE.format.fixed_point);  // "enum"
}

TEST(FieldCodec, CodeSignExtendsOnlySignedFields) {
  EXPECT_EQ(kS3_12.code(0xF000u), -4096);
  EXPECT_EQ(kS3_12.code(0x7FFFu), 32767);
  EXPECT_EQ(kS3_12.code(0xFFFF8000u), -32768);  // bits above the field are ignored
  EXPECT_EQ(kU4_12.code(0xF000u), 0xF000);
}

TEST(FieldCodec, EncodePlacesTheCodeAtTheFieldsPosition) {
  constexpr Field kHigh{16, 16, parse_field_format("s3.12")};
  EXPECT_EQ(kHigh.encode(-1.0), 0xF0000000u);
  EXPECT_DOUBLE_EQ(kHigh.decode(0xF0000000u), -1.0);
}

}  // namespace
}  // namespace ispsim::regs

namespace ispsim::regs {
namespace {

TEST(FieldCodec, HoldsWhatEncodesWithoutSaturating) {
  const Field u4_12 = isp::WB_GAIN_GAIN, s3_12 = isp::CCM_COEF_COEF;
  EXPECT_TRUE(u4_12.holds(0.0));
  EXPECT_TRUE(u4_12.holds(65535.0 / 4096));       // the largest code
  EXPECT_TRUE(u4_12.holds(65535.4 / 4096));       // rounds to it
  EXPECT_FALSE(u4_12.holds(65535.5 / 4096));      // rounds past it
  EXPECT_FALSE(u4_12.holds(-0.5 / 4096 - 1e-9));  // rounds to -1
  EXPECT_TRUE(u4_12.holds(-0.4 / 4096));          // rounds to 0
  EXPECT_TRUE(s3_12.holds(-8.0));                 // -32768 / 4096
  EXPECT_FALSE(s3_12.holds(8.0));                 // 32768 / 4096
  EXPECT_TRUE(s3_12.holds(32767.0 / 4096));
  EXPECT_FALSE(u4_12.holds(std::nan("")));
}

}  // namespace
}  // namespace ispsim::regs
