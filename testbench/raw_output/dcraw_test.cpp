// The same DNGs through dcraw, the reference many raw tools descend from. Skipped when dcraw is
// not installed (it is an optional tool, not a build dependency).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <sstream>
#include <string>

#include "model/kernels/cfa.hpp"
#include "raw_test_support.hpp"
#include "sensor_sim/raw_output/dng_writer.hpp"

namespace ispsim::sensor {
namespace {

using test::scratch_path;

std::string find_dcraw() {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const std::string candidate = dir + "/dcraw";
    if (!dir.empty() && ::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return {};
}

// Runs a command and returns its standard output (binary-safe).
std::string run(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
  if (!pipe) return {};
  std::string out;
  char buffer[4096];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe.get())) > 0)
    out.append(buffer, n);
  return out;
}

class DcrawTest : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    dcraw_ = find_dcraw();
    if (dcraw_.empty()) GTEST_SKIP() << "dcraw is not installed";
    write_dng(path_, test::test_dng(raw_, GetParam()));
  }

  std::string dcraw_;
  Image16 raw_ = test::synthetic_bayer(64, 48, 12);
  std::string path_ = scratch_path(".dng");
  test::ScratchFiles cleanup_{path_};
};

TEST_P(DcrawTest, IdentifiesCameraSizePatternAndExposure) {
  const std::string info = run(dcraw_ + " -i -v '" + path_ + "'");
  EXPECT_NE(info.find("Camera: ispsim IMX989-class simulated\n"), std::string::npos) << info;
  EXPECT_NE(info.find("DNG Version: 1.4.0.0\n"), std::string::npos) << info;
  EXPECT_NE(info.find("Full size:     64 x 48\n"), std::string::npos) << info;
  EXPECT_NE(info.find("ISO speed: 400\n"), std::string::npos) << info;
  EXPECT_NE(info.find("Shutter: 1/60.0 sec\n"), std::string::npos) << info;
  // dcraw prints the 2x2 tile as "top row/bottom row", one letter per colour.
  const std::string name = cfa_phase_name(GetParam());
  const std::string pattern = name.substr(0, 2) + "/" + name.substr(2, 2);
  EXPECT_NE(info.find("Filter pattern: " + pattern + "\n"), std::string::npos) << info;
  // Camera multipliers are the reciprocals of AsShotNeutral (0.5, 1, 0.7).
  EXPECT_NE(info.find("Camera multipliers: 2.000000 1.000000 1.428571"), std::string::npos) << info;
}

TEST_P(DcrawTest, DocumentModeOutputsTheWrittenSamples) {
  // -D: no black subtraction, no scaling; -4: 16-bit PGM (big-endian per Netpbm) on stdout.
  const std::string pgm = run(dcraw_ + " -D -4 -c '" + path_ + "'");
  const std::string header = "P5\n64 48\n65535\n";
  ASSERT_EQ(pgm.compare(0, header.size(), header), 0) << pgm.substr(0, 20);
  ASSERT_EQ(pgm.size(), header.size() + 64 * 48 * 2);
  int mismatches = 0;
  for (int y = 0; y < 48; ++y) {
    for (int x = 0; x < 64; ++x) {
      const size_t at = header.size() + (static_cast<size_t>(y) * 64 + x) * 2;
      const int value = static_cast<uint8_t>(pgm[at]) << 8 | static_cast<uint8_t>(pgm[at + 1]);
      if (value != raw_.at(x, y)) ++mismatches;
    }
  }
  EXPECT_EQ(mismatches, 0);
}

INSTANTIATE_TEST_SUITE_P(AllCfaPhases, DcrawTest, ::testing::Range(0, kCfaPhaseCount),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return std::string(cfa_phase_name(info.param));
                         });

}  // namespace
}  // namespace ispsim::sensor
