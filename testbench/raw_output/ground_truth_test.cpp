// Float ground-truth TIFFs: lossless round trip, the sample format other tools need to see, and
// the images write_linear_tiff refuses.
#include "sensor_sim/raw_output/ground_truth.hpp"

#include <gtest/gtest.h>
#include <tiffio.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "model/common/error.hpp"
#include "model/image/image_io.hpp"
#include "raw_test_support.hpp"

namespace ispsim::sensor {
namespace {

using test::scratch_path;

// Values a linear ground truth holds: zero, tiny, negative (out-of-gamut sRGB), over-range HDR.
ImageF linear_rgb(int width, int height) {
  ImageF rgb(width, height, 3);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      for (int c = 0; c < 3; ++c) {
        rgb.at(x, y, c) = std::ldexp(static_cast<float>((x * 7 + y * 13 + c * 5) % 97) - 8.0f,
                                     (x + y + c) % 24 - 16) /
                          3.0f;
      }
    }
  }
  rgb.at(0, 0, 0) = 0.0f;
  rgb.at(1, 0, 1) = std::numeric_limits<float>::denorm_min();
  rgb.at(2, 0, 2) = 65504.0f * 1024;
  return rgb;
}

TEST(GroundTruthTiff, RoundTripIsBitExactWithItsDescription) {
  const std::string path = scratch_path(".tif");
  test::ScratchFiles cleanup{path};
  const ImageF rgb = linear_rgb(61, 37);
  write_linear_tiff(path, rgb, "linear camera RGB");
  std::string description;
  const ImageF read = read_linear_tiff(path, &description);
  ASSERT_EQ(read.width(), 61);
  ASSERT_EQ(read.height(), 37);
  ASSERT_EQ(read.channels(), 3);
  // Bitwise, so -0.0 vs 0.0 or a flushed denormal would also fail.
  EXPECT_EQ(std::memcmp(read.data(), rgb.data(), rgb.sample_count() * sizeof(float)), 0);
  EXPECT_EQ(description, "linear camera RGB");
}

TEST(GroundTruthTiff, IsThreeSample32BitIeeeFloatRgb) {
  const std::string path = scratch_path(".tif");
  test::ScratchFiles cleanup{path};
  write_linear_tiff(path, linear_rgb(8, 4));
  TIFF* tiff = TIFFOpen(path.c_str(), "r");
  ASSERT_NE(tiff, nullptr);
  uint16_t bits = 0, samples = 0, format = 0, photometric = 0;
  TIFFGetField(tiff, TIFFTAG_BITSPERSAMPLE, &bits);
  TIFFGetField(tiff, TIFFTAG_SAMPLESPERPIXEL, &samples);
  TIFFGetField(tiff, TIFFTAG_SAMPLEFORMAT, &format);
  TIFFGetField(tiff, TIFFTAG_PHOTOMETRIC, &photometric);
  TIFFClose(tiff);
  EXPECT_EQ(bits, 32);
  EXPECT_EQ(samples, 3);
  EXPECT_EQ(format, SAMPLEFORMAT_IEEEFP);
  EXPECT_EQ(photometric, PHOTOMETRIC_RGB);
}

TEST(GroundTruthTiff, RefusesImagesThatAreNotFiniteRgb) {
  const std::string path = scratch_path(".tif");
  test::ScratchFiles cleanup{path};
  test::expect_image_error([&] { write_linear_tiff(path, ImageF()); }, path, "empty");
  test::expect_image_error([&] { write_linear_tiff(path, ImageF(4, 4, 1)); }, path, "1 channels");
  ImageF rgb = linear_rgb(4, 4);
  rgb.at(2, 3, 1) = std::numeric_limits<float>::quiet_NaN();
  test::expect_image_error([&] { write_linear_tiff(path, rgb); }, path, "(2, 3) channel 1");
}

TEST(GroundTruthTiff, ReaderRefusesAnIntegerTiff) {
  const std::string path = scratch_path(".tif");
  test::ScratchFiles cleanup{path};
  write_tiff(path, Image16(4, 4, 3, 1000));
  test::expect_image_error([&] { read_linear_tiff(path); }, path, "not 32-bit IEEE float");
  test::expect_image_error([&] { read_linear_tiff(path + ".missing"); }, path, "cannot open");
}

}  // namespace
}  // namespace ispsim::sensor
