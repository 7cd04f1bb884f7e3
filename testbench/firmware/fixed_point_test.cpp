#include "firmware/fixed_point.hpp"

#include <cmath>

#include <gtest/gtest.h>

namespace ispsim::fw::fixed {
namespace {

TEST(FixedPoint, UnsignedRoundsToNearestCode) {
  EXPECT_EQ(encode(1.0, kU4_12), 0x1000u);
  EXPECT_EQ(encode(1.0 + 0.49 / 4096, kU4_12), 0x1000u);
  EXPECT_EQ(encode(1.0 + 0.5 / 4096, kU4_12), 0x1001u);  // halves round up
  EXPECT_EQ(encode(2.5, kU8_8), 0x0280u);
}

TEST(FixedPoint, UnsignedSaturatesAtBothEnds) {
  EXPECT_EQ(encode(16.0, kU4_12), 0xFFFFu);
  EXPECT_EQ(encode(1e9, kU4_12), 0xFFFFu);
  EXPECT_EQ(encode(-0.3, kU4_12), 0u);
}

TEST(FixedPoint, SignedNegativeIsTwosComplementInTheFieldWidth) {
  EXPECT_EQ(encode(-1.0, kS3_12), 0xF000u);
  EXPECT_EQ(encode(-1.0 / 4096, kS3_12), 0xFFFFu);
  EXPECT_EQ(encode(-0.5 / 4096, kS3_12), 0xFFFFu);  // halves round away from zero
  EXPECT_EQ(encode(0.25, kS3_12), 0x0400u);
}

TEST(FixedPoint, SignedSaturatesToTheRepresentableRange) {
  EXPECT_EQ(encode(8.0, kS3_12), 0x7FFFu);
  EXPECT_EQ(encode(-8.0, kS3_12), 0x8000u);
  EXPECT_EQ(encode(-100.0, kS3_12), 0x8000u);
}

TEST(FixedPoint, NanEncodesAsZero) {
  EXPECT_EQ(encode(std::nan(""), kS3_12), 0u);
}

TEST(FixedPoint, DecodeInvertsEncodeWithinHalfAStep) {
  for (double value : {-7.9, -1.2345, -0.0001, 0.0, 0.5, 3.14159, 7.99}) {
    EXPECT_NEAR(decode(encode(value, kS3_12), kS3_12), value, 0.5 / 4096) << value;
  }
  EXPECT_DOUBLE_EQ(decode(0xF000u, kS3_12), -1.0);
  EXPECT_DOUBLE_EQ(decode(0xABCD1000u, kU4_12), 1.0);  // bits above the field are ignored
}

}  // namespace
}  // namespace ispsim::fw::fixed
