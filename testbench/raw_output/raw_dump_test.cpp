// Headerless raw dumps: the byte layouts the MIPI CSI-2 RAW10/RAW12 formats define, the sidecar,
// round trips, and the dumps write_raw_dump refuses.
#include "sensor_sim/raw_output/raw_dump.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model/common/error.hpp"
#include "raw_test_support.hpp"

namespace ispsim::sensor {
namespace {

using test::scratch_path;

std::vector<uint8_t> file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class RawDumpFiles : public ::testing::Test {
 protected:
  std::string path_ = scratch_path(".raw");
  test::ScratchFiles cleanup_{path_, path_ + ".json"};
};

TEST_F(RawDumpFiles, Raw10PacksHighBitsThenLowBitPairsFirstPixelLowest) {
  Image16 raw(4, 1, 1);
  raw.at(0, 0) = 0x3FF;  // bits [9:2] 0xFF, [1:0] 3
  raw.at(1, 0) = 0x001;  // 0x00, 1
  raw.at(2, 0) = 0x202;  // 0x80, 2
  raw.at(3, 0) = 0x0F0;  // 0x3C, 0
  write_raw_dump(path_, raw, {10, 0, RawPacking::kRaw10, {}, 1023});
  // Fifth byte: P3[1:0] P2[1:0] P1[1:0] P0[1:0] from bit 7 down = 00 10 01 11.
  EXPECT_EQ(file_bytes(path_), (std::vector<uint8_t>{0xFF, 0x00, 0x80, 0x3C, 0b00100111}));
}

TEST_F(RawDumpFiles, Raw12PacksHighBytesThenBothLowNibblesFirstPixelLowest) {
  Image16 raw(2, 1, 1);
  raw.at(0, 0) = 0xABC;
  raw.at(1, 0) = 0x123;
  write_raw_dump(path_, raw, {12, 0, RawPacking::kRaw12, {}, 4095});
  EXPECT_EQ(file_bytes(path_), (std::vector<uint8_t>{0xAB, 0x12, 0x3C}));
}

TEST_F(RawDumpFiles, U16IsLittleEndianWords) {
  Image16 raw(2, 1, 1);
  raw.at(0, 0) = 0x3FFF;
  raw.at(1, 0) = 0x0102;
  write_raw_dump(path_, raw, {14, 0, RawPacking::kU16Le, {}, 16383});
  EXPECT_EQ(file_bytes(path_), (std::vector<uint8_t>{0xFF, 0x3F, 0x02, 0x01}));
}

TEST_F(RawDumpFiles, SidecarDescribesTheDump) {
  const Image16 raw = test::synthetic_bayer(64, 48, 10);
  write_raw_dump(path_, raw, {10, 3, RawPacking::kRaw10, {64, 64.5, 65, 66}, 1023});
  std::ifstream in(path_ + ".json");
  const nlohmann::json sidecar = nlohmann::json::parse(in);
  EXPECT_EQ(sidecar.at("width"), 64);
  EXPECT_EQ(sidecar.at("height"), 48);
  EXPECT_EQ(sidecar.at("bits"), 10);
  EXPECT_EQ(sidecar.at("packing"), "raw10");
  EXPECT_EQ(sidecar.at("row_bytes"), 80);
  EXPECT_EQ(sidecar.at("cfa_phase"), 3);
  EXPECT_EQ(sidecar.at("cfa_pattern"), "BGGR");
  EXPECT_EQ(sidecar.at("black_level"), nlohmann::json({64, 64.5, 65, 66}));
  EXPECT_EQ(sidecar.at("white_level"), 1023);
  EXPECT_EQ(file_bytes(path_).size(), 80u * 48);
}

struct RoundTripCase {
  RawPacking packing;
  int bits;
};

class RawDumpRoundTrip : public ::testing::TestWithParam<RoundTripCase> {};

TEST_P(RawDumpRoundTrip, ReadsBackTheFrameAndItsFormat) {
  const std::string path = scratch_path(".raw");
  test::ScratchFiles cleanup{path, path + ".json"};
  const auto [packing, bits] = GetParam();
  const Image16 raw = test::synthetic_bayer(64, 48, bits);
  const RawDumpFormat written{bits, 2, packing, {1, 2, 3, 4}, (1 << bits) - 1.0};
  write_raw_dump(path, raw, written);
  RawDumpFormat read_format;
  const Image16 read = read_raw_dump(path, &read_format);
  EXPECT_TRUE(read == raw);
  EXPECT_EQ(read_format.bits, bits);
  EXPECT_EQ(read_format.packing, packing);
  EXPECT_EQ(read_format.cfa_phase, 2);
  EXPECT_EQ(read_format.black_level, written.black_level);
  EXPECT_EQ(read_format.white_level, written.white_level);
}

INSTANTIATE_TEST_SUITE_P(
    Packings, RawDumpRoundTrip,
    ::testing::Values(RoundTripCase{RawPacking::kU16Le, 16}, RoundTripCase{RawPacking::kU16Le, 12},
                      RoundTripCase{RawPacking::kRaw10, 10}, RoundTripCase{RawPacking::kRaw12, 12}),
    [](const ::testing::TestParamInfo<RoundTripCase>& info) {
      return std::string(packing_name(info.param.packing)) + "_" + std::to_string(info.param.bits);
    });

TEST_F(RawDumpFiles, RefusesWhatThePackingCannotHold) {
  const Image16 raw = test::synthetic_bayer(6, 2, 12);
  test::expect_image_error(
      [&] {
        write_raw_dump(path_, raw, {10, 0, RawPacking::kRaw10, {}, 1023});
      },
      path_, "width 6 is not a multiple of 4");
  test::expect_image_error(
      [&] {
        write_raw_dump(path_, raw, {12, 0, RawPacking::kRaw10, {}, 4095});
      },
      path_, "not bits 12");
  test::expect_image_error(
      [&] {
        write_raw_dump(path_, raw, {10, 0, RawPacking::kU16Le, {}, 1023});
      },
      path_, "exceeds bits 10");
  test::expect_image_error(
      [&] {
        write_raw_dump(path_, Image16(4, 2, 3), {12, 0, RawPacking::kU16Le, {}, 4095});
      },
      path_, "3 channels");
  EXPECT_FALSE(std::filesystem::exists(path_));
}

TEST_F(RawDumpFiles, ReadingNeedsASidecarThatMatchesTheFile) {
  test::expect_image_error([&] { read_raw_dump(path_); }, path_ + ".json", "cannot open sidecar");
  const Image16 raw = test::synthetic_bayer(8, 4, 12);
  write_raw_dump(path_, raw, {12, 0, RawPacking::kRaw12, {}, 4095});
  std::filesystem::resize_file(path_, 47);
  test::expect_image_error([&] { read_raw_dump(path_); }, path_, "has 47 bytes");
  std::ofstream(path_ + ".json") << R"({"width": 8, "height": 4, "bits": 12})";
  test::expect_image_error([&] { read_raw_dump(path_); }, path_ + ".json", "sidecar is malformed");
}

}  // namespace
}  // namespace ispsim::sensor
