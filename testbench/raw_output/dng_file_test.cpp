// The DNG file itself: TIFF structure rules a strict reader enforces, and the inputs write_dng
// refuses (with an ImageError naming the path and field, and no file left behind).
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "model/common/error.hpp"
#include "raw_test_support.hpp"
#include "sensor_sim/raw_output/dng_writer.hpp"

namespace ispsim::sensor {
namespace {

using test::scratch_path;

struct IfdEntry {
  uint16_t tag, type;
  uint32_t count, value;  // value: the 4-byte field (inline value or offset)
};

// Reads one little-endian IFD and checks TIFF 6.0's rules for it: ascending tags, and every
// value longer than 4 bytes at an even offset inside the file.
std::map<uint16_t, IfdEntry> read_ifd(const std::vector<uint8_t>& file, uint32_t offset) {
  auto u16 = [&](size_t at) { return static_cast<uint16_t>(file.at(at) | file.at(at + 1) << 8); };
  auto u32 = [&](size_t at) { return static_cast<uint32_t>(u16(at) | u16(at + 2) << 16); };
  const std::map<uint16_t, uint32_t> type_bytes = {{1, 1}, {2, 1}, {3, 2},  {4, 4},
                                                   {5, 8}, {7, 1}, {10, 8}, {12, 8}};
  EXPECT_EQ(offset % 2, 0u) << "IFD at odd offset " << offset;
  std::map<uint16_t, IfdEntry> entries;
  const uint16_t count = u16(offset);
  uint16_t previous = 0;
  for (uint16_t i = 0; i < count; ++i) {
    const size_t at = offset + 2 + 12u * i;
    const IfdEntry e{u16(at), u16(at + 2), u32(at + 4), u32(at + 8)};
    EXPECT_GT(e.tag, previous) << "tags out of order at entry " << i;
    previous = e.tag;
    EXPECT_TRUE(type_bytes.count(e.type)) << "tag " << e.tag << " has unknown type " << e.type;
    const uint64_t bytes = static_cast<uint64_t>(type_bytes.at(e.type)) * e.count;
    if (bytes > 4) {
      EXPECT_EQ(e.value % 2, 0u) << "tag " << e.tag << " value at odd offset";
      EXPECT_LE(e.value + bytes, file.size()) << "tag " << e.tag << " value beyond the file";
    }
    entries[e.tag] = e;
  }
  EXPECT_EQ(u32(offset + 2 + 12u * count), 0u) << "a second top-level IFD";
  return entries;
}

TEST(DngFile, IsALittleEndianTiffWithSortedWordAlignedDirectories) {
  const std::string path = scratch_path(".dng");
  test::ScratchFiles cleanup{path};
  const Image16 raw = test::synthetic_bayer(64, 48, 12);
  write_dng(path, test::test_dng(raw, 0));
  std::ifstream in(path, std::ios::binary);
  const std::vector<uint8_t> file((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
  ASSERT_GE(file.size(), 8u);
  ASSERT_EQ(std::string(file.begin(), file.begin() + 4), std::string("II*\0", 4));

  const auto ifd0 = read_ifd(file, file[4] | file[5] << 8 | file[6] << 16 | file[7] << 24);
  ASSERT_TRUE(ifd0.count(34665)) << "no Exif IFD";
  read_ifd(file, ifd0.at(34665).value);
  EXPECT_EQ(ifd0.at(254).value, 0u);      // NewSubFileType: main image
  EXPECT_EQ(ifd0.at(262).value, 32803u);  // PhotometricInterpretation: CFA
  EXPECT_EQ(ifd0.at(258).value, 16u);     // BitsPerSample
  const uint32_t strip = ifd0.at(273).value, strip_bytes = ifd0.at(279).value;
  EXPECT_EQ(strip % 2, 0u);
  EXPECT_EQ(strip_bytes, 64u * 48 * 2);
  EXPECT_EQ(strip + strip_bytes, file.size()) << "the strip is the end of the file";
  EXPECT_EQ(file[strip + 2], 67) << "sample (1, 0), low byte first";
}

// NoiseProfile (DNG 1.3, tag 51041): two DOUBLEs, variance = scale x signal + offset.
TEST(DngFile, NoiseProfileIsTwoDoublesAndLeftOutWithoutANoiseModel) {
  const std::string path = scratch_path(".dng");
  test::ScratchFiles cleanup{path};
  const Image16 raw = test::synthetic_bayer(32, 24, 12);
  DngRaw dng = test::test_dng(raw, 0);
  for (const bool with_model : {true, false}) {
    dng.noise_scale = with_model ? 3.5e-5 : 0;
    dng.noise_offset = with_model ? 2.25e-8 : 0;
    write_dng(path, dng);
    std::ifstream in(path, std::ios::binary);
    const std::vector<uint8_t> file((std::istreambuf_iterator<char>(in)),
                                    std::istreambuf_iterator<char>());
    const auto ifd0 = read_ifd(file, file[4] | file[5] << 8 | file[6] << 16 | file[7] << 24);
    ASSERT_EQ(ifd0.count(51041), with_model ? 1u : 0u);
    if (!with_model) continue;
    EXPECT_EQ(ifd0.at(51041).type, 12);
    ASSERT_EQ(ifd0.at(51041).count, 2u);
    double values[2];
    std::memcpy(values, &file.at(ifd0.at(51041).value), sizeof values);  // little-endian host
    EXPECT_EQ(values[0], 3.5e-5);
    EXPECT_EQ(values[1], 2.25e-8);
  }
  dng.noise_scale = -1;
  EXPECT_THROW(write_dng(path, dng), ImageError);
}

class DngRejects : public ::testing::Test {
 protected:
  // Expects write_dng to throw an ImageError whose message names the path and `field`, and to
  // leave no file behind.
  void expect_rejected(const std::function<void(DngRaw&)>& edit, const std::string& field) {
    DngRaw dng = test::test_dng(raw_, 0);
    edit(dng);
    try {
      write_dng(path_, dng);
      ADD_FAILURE() << "no ImageError for a bad " << field;
    } catch (const ImageError& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find(path_), std::string::npos) << message;
      EXPECT_NE(message.find(field), std::string::npos) << message;
    }
    EXPECT_FALSE(std::filesystem::exists(path_)) << "a file was written for a bad " << field;
  }

  Image16 raw_ = test::synthetic_bayer(16, 8, 12);
  std::string path_ = scratch_path(".dng");
  test::ScratchFiles cleanup_{path_};
};

TEST_F(DngRejects, AMissingOrEmptyImage) {
  expect_rejected([](DngRaw& d) { d.raw = nullptr; }, "empty");
  const Image16 empty;
  expect_rejected([&](DngRaw& d) { d.raw = &empty; }, "empty");
}

TEST_F(DngRejects, AnImageWithMoreThanOneChannel) {
  const Image16 rgb(16, 8, 3);
  expect_rejected([&](DngRaw& d) { d.raw = &rgb; }, "3 channels");
}

TEST_F(DngRejects, BitsOutside10To16) {
  expect_rejected([](DngRaw& d) { d.bits_per_sample = 9; }, "bits_per_sample 9");
  expect_rejected([](DngRaw& d) { d.bits_per_sample = 17; }, "bits_per_sample 17");
}

TEST_F(DngRejects, ASampleWiderThanTheBitDepth) {
  raw_.at(5, 3) = 4096;
  expect_rejected([](DngRaw&) {}, "raw sample 4096 at (5, 3)");
}

TEST_F(DngRejects, AWhiteLevelNotAboveBlackOrBeyondTheCodeRange) {
  expect_rejected([](DngRaw& d) { d.white_level = 259.5; }, "white_level");
  expect_rejected([](DngRaw& d) { d.white_level = 4096; }, "white_level 4096");
  expect_rejected([](DngRaw& d) { d.white_level = 4000.5; }, "white_level 4000.5");
  expect_rejected([](DngRaw& d) { d.black_level[2] = -1; }, "black_level[2]");
}

TEST_F(DngRejects, AnUnknownCfaPhase) {
  expect_rejected([](DngRaw& d) { d.cfa_phase = 4; }, "cfa_phase 4");
}

TEST_F(DngRejects, ASingularOrUnsetColourMatrix) {
  expect_rejected([](DngRaw& d) { d.color_matrix1 = {}; }, "color_matrix1");
  expect_rejected([](DngRaw& d) { d.color_matrix1 = {1, 2, 3, 2, 4, 6, 0, 0, 1}; },
                  "color_matrix1 is singular");
}

TEST_F(DngRejects, ANonPositiveNeutral) {
  expect_rejected([](DngRaw& d) { d.as_shot_neutral = {0.5, 0, 0.7}; }, "as_shot_neutral[1]");
}

TEST_F(DngRejects, ExposureMetadataOutOfRange) {
  expect_rejected([](DngRaw& d) { d.exposure_s = -0.01; }, "exposure_s");
  expect_rejected([](DngRaw& d) { d.iso = 70000; }, "iso 70000");
}

TEST_F(DngRejects, TextThatTiffAsciiCannotHold) {
  expect_rejected([](DngRaw& d) { d.unique_camera_model.clear(); }, "unique_camera_model");
  expect_rejected([](DngRaw& d) { d.model = std::string("a\0b", 3); }, "model");
}

TEST(DngWrite, UnwritablePathIsAnImageErrorNamingIt) {
  const Image16 raw = test::synthetic_bayer(16, 8, 12);
  const std::string path = "/nonexistent-dir/frame.dng";
  try {
    write_dng(path, test::test_dng(raw, 0));
    FAIL() << "no ImageError";
  } catch (const ImageError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ispsim::sensor
