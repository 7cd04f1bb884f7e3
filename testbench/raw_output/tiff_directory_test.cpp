// The in-memory TIFF directory under the DNG writer: rational conversion and entry layout.
#include "sensor_sim/raw_output/tiff_directory.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace ispsim::sensor {
namespace {

TEST(ToFraction, StoresCommonExposuresAndMatrixEntriesExactly) {
  const Fraction sixtieth = to_fraction(1.0 / 60, UINT32_MAX);
  EXPECT_EQ(sixtieth.numerator, 1);
  EXPECT_EQ(sixtieth.denominator, 60);
  const Fraction negative = to_fraction(-0.4, INT32_MAX);
  EXPECT_EQ(negative.numerator, -2);
  EXPECT_EQ(negative.denominator, 5);
  const Fraction whole = to_fraction(4095, UINT32_MAX);
  EXPECT_EQ(whole.numerator, 4095);
  EXPECT_EQ(whole.denominator, 1);
}

TEST(ToFraction, ApproximatesWithinTheTermLimit) {
  const double value = 0.123456789012345;
  const Fraction f = to_fraction(value, INT32_MAX);
  EXPECT_LE(f.denominator, INT32_MAX);
  EXPECT_NEAR(static_cast<double>(f.numerator) / f.denominator, value, 1e-15);
  const Fraction tiny = to_fraction(1e-12, INT32_MAX);  // below 1/limit: rounds to zero
  EXPECT_EQ(tiny.numerator, 0);
  EXPECT_EQ(tiny.denominator, 1);
  const Fraction huge = to_fraction(1e12, INT32_MAX);  // beyond the limit: clamped
  EXPECT_EQ(huge.numerator, INT32_MAX);
  EXPECT_EQ(huge.denominator, 1);
}

uint16_t u16_at(const std::vector<uint8_t>& b, size_t at) {
  return static_cast<uint16_t>(b[at] | b[at + 1] << 8);
}
uint32_t u32_at(const std::vector<uint8_t>& b, size_t at) {
  return u16_at(b, at) | static_cast<uint32_t>(u16_at(b, at + 2)) << 16;
}

TEST(TiffDirectory, SortsEntriesAndPlacesLongValuesAtEvenOffsetsAfterIt) {
  TiffDirectory ifd;
  ifd.add_ascii(272, "odd");          // 4 bytes with the NUL: inline
  ifd.add_ascii(271, "make");         // 5 bytes: out of line, padded to 6
  ifd.add_srationals(50721, {-0.5});  // 8 bytes: out of line
  ifd.add_shorts(33421, {2, 2});      // 4 bytes: inline
  const uint32_t offset = 100;
  const std::vector<uint8_t> bytes = ifd.serialize(offset);
  ASSERT_EQ(bytes.size(), ifd.byte_size());
  ASSERT_EQ(bytes.size(), 2 + 4 * 12 + 4 + 6 + 8u);
  ASSERT_EQ(u16_at(bytes, 0), 4);
  EXPECT_EQ(u16_at(bytes, 2), 271);
  EXPECT_EQ(u16_at(bytes, 14), 272);
  EXPECT_EQ(u16_at(bytes, 26), 33421);
  EXPECT_EQ(u16_at(bytes, 38), 50721);

  EXPECT_EQ(u32_at(bytes, 2 + 4), 5u) << "ASCII count includes the NUL";
  const uint32_t make_at = u32_at(bytes, 2 + 8);
  EXPECT_EQ(make_at, offset + 2 + 4 * 12 + 4);
  EXPECT_EQ(std::string(bytes.begin() + (make_at - offset), bytes.begin() + (make_at - offset) + 5),
            std::string("make\0", 5));
  EXPECT_EQ(u32_at(bytes, 14 + 8), 0x0064646Fu) << "short ASCII sits in the entry";
  const uint32_t matrix_at = u32_at(bytes, 38 + 8);
  EXPECT_EQ(matrix_at, make_at + 6) << "next value starts on a word boundary";
  EXPECT_EQ(static_cast<int32_t>(u32_at(bytes, matrix_at - offset)), -1);
  EXPECT_EQ(u32_at(bytes, matrix_at - offset + 4), 2u);
  EXPECT_EQ(u32_at(bytes, 2 + 4 * 12), 0u) << "no next IFD";
}

TEST(TiffDirectory, RepeatedTagIsAProgrammingError) {
  TiffDirectory ifd;
  ifd.add_shorts(274, {1});
  ifd.add_shorts(274, {1});
  EXPECT_THROW(ifd.serialize(8), std::logic_error);
}

}  // namespace
}  // namespace ispsim::sensor
