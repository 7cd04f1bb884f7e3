// PNG and TIFF files: lossless round trips at 8 and 16 bit, and clear errors on bad files.
#include "model/image/image_io.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "model/common/error.hpp"

namespace ispsim {
namespace {

// Named after the running test: ctest runs the cases as parallel processes.
std::string temp_path(const std::string& name) {
  std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  for (char& c : test)
    if (c == '/') c = '_';  // parameterised names
  return ::testing::TempDir() + "ispsim_iq_" + test + "_" + name;
}

template <typename T>
Image<T> gradient(int width, int height, int channels, int max_value) {
  Image<T> image(width, height, channels);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      for (int c = 0; c < channels; ++c) {
        image.at(x, y, c) = static_cast<T>((x * 7919 + y * 104729 + c * 31337) % (max_value + 1));
      }
    }
  }
  return image;
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

Image16 widen(const Image8& image) {
  Image16 wide(image.width(), image.height(), image.channels());
  for (size_t i = 0; i < image.sample_count(); ++i)
    wide.data()[i] = image.data()[i];
  return wide;
}

class RoundTrip : public ::testing::TestWithParam<int> {};

TEST_P(RoundTrip, PngAndTiffKeepEverySampleAndReportDepth) {
  const int channels = GetParam();
  const Image8 eight = gradient<uint8_t>(37, 23, channels, 255);
  const Image16 sixteen = gradient<uint16_t>(37, 23, channels, 65535);
  const std::string tag = std::to_string(channels);
  int depth = 0;
  write_png(temp_path("8_" + tag + ".png"), eight);
  EXPECT_EQ(read_image(temp_path("8_" + tag + ".png"), &depth), widen(eight));
  EXPECT_EQ(depth, 8);
  write_png(temp_path("16_" + tag + ".png"), sixteen);
  EXPECT_EQ(read_image(temp_path("16_" + tag + ".png"), &depth), sixteen);
  EXPECT_EQ(depth, 16);
  write_tiff(temp_path("8_" + tag + ".tif"), eight);
  EXPECT_EQ(read_image(temp_path("8_" + tag + ".tif"), &depth), widen(eight));
  EXPECT_EQ(depth, 8);
  write_tiff(temp_path("16_" + tag + ".tif"), sixteen);
  EXPECT_EQ(read_image(temp_path("16_" + tag + ".tif"), &depth), sixteen);
  EXPECT_EQ(depth, 16);
}

INSTANTIATE_TEST_SUITE_P(GrayAndRgb, RoundTrip, ::testing::Values(1, 3));

// The PNG writer deflates bands of 256 rows separately and joins them into one zlib stream:
// libpng, reading it back, checks the joined stream and its Adler-32. Heights of one row, exactly
// one band, and several bands with a partial last one.
TEST(PngWriter, BandedImageDataReadsBackExactly) {
  for (const int height : {1, 256, 700}) {
    for (const int channels : {1, 3}) {
      const std::string tag = std::to_string(height) + "_" + std::to_string(channels);
      Image8 eight(61, height, channels);
      Image16 sixteen(61, height, channels);
      uint32_t state = 12345;
      for (size_t i = 0; i < eight.sample_count(); ++i) {
        state = state * 1664525u + 1013904223u;
        // Smooth rows with noise: the Up filter gives deflate real matches and literals.
        eight.data()[i] = static_cast<uint8_t>((i / 97) + (state >> 29));
        sixteen.data()[i] = static_cast<uint16_t>(i * 13 + (state >> 20));
      }
      int depth = 0;
      write_png(temp_path("banded8_" + tag + ".png"), eight);
      EXPECT_EQ(read_image(temp_path("banded8_" + tag + ".png"), &depth), widen(eight)) << tag;
      write_png(temp_path("banded16_" + tag + ".png"), sixteen);
      EXPECT_EQ(read_image(temp_path("banded16_" + tag + ".png"), &depth), sixteen) << tag;
    }
  }
}

TEST(ReadImage, MissingFileIsAnImageErrorNamingThePath) {
  try {
    read_image(temp_path("does_not_exist.png"));
    FAIL() << "no error";
  } catch (const ImageError& e) {
    EXPECT_NE(std::string(e.what()).find("does_not_exist.png"), std::string::npos) << e.what();
  }
}

TEST(ReadImage, GarbageIsAnImageError) {
  write_bytes(temp_path("garbage.png"), "this is not an image at all, just text");
  EXPECT_THROW(read_image(temp_path("garbage.png")), ImageError);
  write_bytes(temp_path("empty.tif"), "");
  EXPECT_THROW(read_image(temp_path("empty.tif")), ImageError);
}

TEST(ReadImage, TruncatedPngIsAnImageError) {
  write_png(temp_path("full.png"), gradient<uint16_t>(64, 64, 3, 65535));
  const std::string bytes = read_bytes(temp_path("full.png"));
  for (size_t keep : {size_t{8}, size_t{40}, bytes.size() / 2, bytes.size() - 20}) {
    write_bytes(temp_path("cut.png"), bytes.substr(0, keep));
    EXPECT_THROW(read_image(temp_path("cut.png")), ImageError) << keep << " bytes kept";
  }
}

TEST(ReadImage, TruncatedOrCorruptTiffIsAnImageError) {
  write_tiff(temp_path("full.tif"), gradient<uint16_t>(64, 64, 3, 65535));
  const std::string bytes = read_bytes(temp_path("full.tif"));
  for (size_t keep : {size_t{4}, size_t{16}, bytes.size() / 2, bytes.size() - 8}) {
    write_bytes(temp_path("cut.tif"), bytes.substr(0, keep));
    EXPECT_THROW(read_image(temp_path("cut.tif")), ImageError) << keep << " bytes kept";
  }
}

TEST(WriteImage, RejectsUnsupportedChannelCountsAndUnwritablePaths) {
  EXPECT_THROW(write_png(temp_path("two.png"), Image8(4, 4, 2)), ImageError);
  EXPECT_THROW(write_tiff(temp_path("four.tif"), Image16(4, 4, 4)), ImageError);
  EXPECT_THROW(write_png("/nonexistent_dir/x.png", Image8(4, 4, 1)), ImageError);
  EXPECT_THROW(write_tiff("/nonexistent_dir/x.tif", Image8(4, 4, 1)), ImageError);
}

}  // namespace
}  // namespace ispsim
