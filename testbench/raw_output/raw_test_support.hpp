#pragma once
// Shared set-up for the raw output tests: scratch file names and known synthetic Bayer frames.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <vector>

#include "model/common/error.hpp"
#include "model/image/image.hpp"
#include "sensor_sim/raw_output/dng_writer.hpp"

namespace ispsim::sensor::test {

// A scratch path unique to the running test case and process (ctest may run cases in parallel).
inline std::string scratch_path(const std::string& suffix) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = std::string(info->test_suite_name()) + "_" + info->name();
  for (char& c : name) {
    if (c == '/') c = '_';
  }
  const std::filesystem::path dir(::testing::TempDir());
  return (dir / ("ispsim_raw_" + name + "_" + std::to_string(::getpid()) + suffix)).string();
}

// Removes the named files when the test ends, pass or fail.
class ScratchFiles {
 public:
  explicit ScratchFiles(std::initializer_list<std::string> paths) : paths_(paths) {}
  ~ScratchFiles() {
    for (const std::string& p : paths_)
      std::filesystem::remove(p);
  }

 private:
  std::vector<std::string> paths_;
};

// A frame whose every sample differs from its neighbours and spans 0..2^bits - 1, so a swapped
// byte, a shifted row or a lost bit shows; the two corners hold the extremes.
inline Image16 synthetic_bayer(int width, int height, int bits) {
  const uint32_t code_max = (1u << bits) - 1;
  Image16 raw(width, height, 1);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const uint32_t v = static_cast<uint32_t>(x) * 67 + static_cast<uint32_t>(y) * 131 +
                         static_cast<uint32_t>(x * y) * 29;
      raw.at(x, y) = static_cast<uint16_t>(v % (code_max + 1));
    }
  }
  raw.at(0, 0) = 0;
  raw.at(width - 1, height - 1) = static_cast<uint16_t>(code_max);
  return raw;
}

// A plausible camera matrix (XYZ D65 -> camera RGB, not the identity, with negative lobes).
inline DngRaw test_dng(const Image16& raw, int phase) {
  DngRaw d;
  d.raw = &raw;
  d.bits_per_sample = 12;
  d.cfa_phase = phase;
  d.black_level = {256, 257, 258, 259.5};
  d.white_level = 4000;
  d.color_matrix1 = {0.7, -0.2, -0.05, -0.4, 1.3, 0.1, -0.05, 0.15, 0.6};
  d.as_shot_neutral = {0.5, 1, 0.7};
  d.exposure_s = 1.0 / 60;
  d.iso = 400;
  return d;
}

// Expects `action` to throw an ImageError naming `path` and containing `detail`.
template <typename Action>
void expect_image_error(Action action, const std::string& path, const std::string& detail) {
  try {
    action();
    ADD_FAILURE() << "no ImageError, expected one about " << detail;
  } catch (const ImageError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(detail), std::string::npos) << e.what();
  }
}

}  // namespace ispsim::sensor::test
