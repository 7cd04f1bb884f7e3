// The `ispsim iq` subcommand run in-process: JSON keys, exit codes and error messages.
#include "apps/cmd_iq.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "model/image/image_io.hpp"
#include "sensor_sim/raw_output/ground_truth.hpp"

namespace ispsim::app {
namespace {

// Named after the running test: ctest runs the cases as parallel processes.
std::string temp_path(const std::string& name) {
  std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  for (char& c : test)
    if (c == '/') c = '_';  // parameterised names
  return ::testing::TempDir() + "ispsim_cmd_iq_" + test + "_" + name;
}

int run(std::vector<std::string> args) {
  CLI::App root{"ispsim"};
  int exit_code = -1;
  add_iq_command(root, exit_code);
  args.insert(args.begin(), "ispsim");
  std::vector<const char*> argv;
  for (const std::string& a : args)
    argv.push_back(a.c_str());
  root.parse(static_cast<int>(argv.size()), argv.data());
  return exit_code;
}

TEST(CmdIq, WritesPsnrCpsnrAndSsimToJson) {
  Image8 reference(32, 32, 3, 100), test(32, 32, 3, 100);
  test.at(5, 5, 0) = 110;
  write_png(temp_path("ref.png"), reference);
  write_png(temp_path("test.png"), test);
  ASSERT_EQ(run({"iq", "--ref", temp_path("ref.png"), "--test", temp_path("test.png"), "--json",
                 temp_path("out.json")}),
            0);
  std::ifstream in(temp_path("out.json"));
  const nlohmann::json report = nlohmann::json::parse(in);
  // MSE = 100 / (32 * 32 * 3).
  EXPECT_NEAR(report["cpsnr_db"].get<double>(), 10 * std::log10(255.0 * 255 * 3072 / 100), 1e-9);
  EXPECT_EQ(report["psnr_db"], report["cpsnr_db"]);
  EXPECT_LT(report["ssim"].get<double>(), 1.0);
  EXPECT_FALSE(report.contains("chart"));
}

// Against a linear truth: a test that is the truth at half exposure in sRGB codes comes back
// with gains of 2 and a high CPSNR; --ref and --truth together are refused.
TEST(CmdIq, TruthComparisonGainMatchesInLinearLight) {
  ImageF truth(16, 12, 3);
  Image8 test(16, 12, 3, 0);
  for (int y = 0; y < 12; ++y)
    for (int x = 0; x < 16; ++x)
      for (int c = 0; c < 3; ++c) {
        const double t = 0.05 + 0.05 * ((x + y + c) % 10);
        truth.at(x, y, c) = static_cast<float>(t);
        const double half = t / 2, encoded = half <= 0.0031308
                                                 ? 12.92 * half
                                                 : 1.055 * std::pow(half, 1 / 2.4) - 0.055;
        test.at(x, y, c) = static_cast<uint8_t>(std::lround(255 * encoded));
      }
  sensor::write_linear_tiff(temp_path("truth.tif"), truth, "test truth");
  write_png(temp_path("test.png"), test);
  ASSERT_EQ(run({"iq", "--truth", temp_path("truth.tif"), "--test", temp_path("test.png"), "--json",
                 temp_path("out.json")}),
            0);
  std::ifstream in(temp_path("out.json"));
  const nlohmann::json report = nlohmann::json::parse(in);
  for (int c = 0; c < 3; ++c)
    EXPECT_NEAR(report["gains"][c].get<double>(), 2.0, 0.02) << c;
  EXPECT_GT(report["cpsnr_db"].get<double>(), 40.0);  // 8-bit rounding of the test
  EXPECT_EQ(run({"iq", "--truth", temp_path("truth.tif"), "--ref", temp_path("test.png"), "--test",
                 temp_path("test.png")}),
            2);
}

TEST(CmdIq, BadInputSetsExitCodeTwoWithAMessage) {
  write_png(temp_path("small.png"), Image8(16, 16, 1, 7));
  write_png(temp_path("large.png"), Image8(20, 16, 1, 7));
  testing::internal::CaptureStderr();
  EXPECT_EQ(run({"iq", "--ref", temp_path("small.png"), "--test", temp_path("large.png")}), 2);
  EXPECT_EQ(run({"iq", "--ref", temp_path("missing.png"), "--test", temp_path("large.png")}), 2);
  const std::string errors = testing::internal::GetCapturedStderr();
  EXPECT_NE(errors.find("ispsim iq: error: image comparison"), std::string::npos) << errors;
  EXPECT_NE(errors.find("missing.png"), std::string::npos) << errors;
}

TEST(CmdIq, ChartOutsideTheImageIsExitCodeTwo) {
  write_png(temp_path("rgb.png"), Image8(64, 48, 3, 90));
  testing::internal::CaptureStderr();
  EXPECT_EQ(run({"iq", "--ref", temp_path("rgb.png"), "--test", temp_path("rgb.png"), "--chart",
                 "colorchecker", "--quad", "0,0,80,0,80,48,0,48"}),
            2);
  EXPECT_NE(testing::internal::GetCapturedStderr().find("outside the 64x48 image"),
            std::string::npos);
}

}  // namespace
}  // namespace ispsim::app
