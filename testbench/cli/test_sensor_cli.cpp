// `ispsim sensor` as a user runs it: a DNG of the colour chart opened with LibRaw must carry the
// sensor's geometry, levels, colour matrix and neutral, and bad values must exit 2.
#include <gtest/gtest.h>
#include <libraw/libraw.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "apps/sensor_dng.hpp"
#include "sensor_sim/raw_output/ground_truth.hpp"
#include "sensor_sim/sensor_profile.hpp"

namespace {

int run_ispsim(const std::string& args) {
  const int status =
      std::system((std::string(ISPSIM_BINARY) + " " + args + " > /dev/null 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("ispsim_sensor_cli_" + name)).string();
}

TEST(SensorCli, ColourChartDngOpensInLibRawWithTheSensorsTags) {
  const std::string dng = temp_path("chart.dng");
  ASSERT_EQ(run_ispsim("sensor --scene colorchecker --size 256x192 --iso 200 --exposure 0.01 "
                       "--dng " +
                       dng),
            0);
  LibRaw raw;
  ASSERT_EQ(raw.open_file(dng.c_str()), LIBRAW_SUCCESS);
  ASSERT_EQ(raw.unpack(), LIBRAW_SUCCESS);
  EXPECT_EQ(raw.imgdata.sizes.raw_width, 256);
  EXPECT_EQ(raw.imgdata.sizes.raw_height, 192);
  EXPECT_EQ(raw.COLOR(0, 0), 0);  // RGGB: red top-left
  EXPECT_EQ(raw.COLOR(1, 1), 2);  // blue
  EXPECT_EQ(raw.imgdata.color.maximum, 4095u);
  EXPECT_EQ(raw.imgdata.color.black + raw.imgdata.color.cblack[6], 256u);
  EXPECT_FLOAT_EQ(raw.imgdata.other.iso_speed, 200.0f);
  EXPECT_NEAR(raw.imgdata.other.shutter, 0.01, 1e-4);
  // The colour matrix and neutral are the profile's, as the writer computed them.
  const ispsim::sensor::SensorProfile profile;
  const ispsim::Image16 dummy(2, 2, 1);
  const auto expected = ispsim::app::dng_for(dummy, 12, ispsim::sensor::RawFormat{}, profile, {});
  for (int i = 0; i < 9; ++i)
    EXPECT_NEAR(raw.imgdata.color.dng_color[0].colormatrix[i / 3][i % 3], expected.color_matrix1[i],
                1e-4)
        << i;
  for (int c = 0; c < 3; ++c)
    EXPECT_NEAR(raw.imgdata.color.dng_levels.asshotneutral[c], expected.as_shot_neutral[c], 1e-4);
  // The chart is in the pixels: its white well above black and not clipped (percentiles, since
  // the sensor unit has a few hot pixels).
  const uint16_t* samples = raw.imgdata.rawdata.raw_image;
  std::vector<uint16_t> sorted(samples, samples + 256 * 192);
  std::sort(sorted.begin(), sorted.end());
  EXPECT_GT(sorted[sorted.size() * 995 / 1000], 1000);
  EXPECT_LT(sorted[sorted.size() * 995 / 1000], 4000);
  EXPECT_LT(sorted[sorted.size() / 100], 400);
  std::filesystem::remove(dng);
}

TEST(SensorCli, StaggeredHdrWritesOneDngPerExposure) {
  const std::string dng = temp_path("hdr.dng");
  ASSERT_EQ(run_ispsim("sensor --size 64x48 --hdr 3 --dng " + dng), 0);
  for (int k = 0; k < 3; ++k) {
    const std::string path = temp_path("hdr-" + std::to_string(k) + ".dng");
    EXPECT_TRUE(std::filesystem::exists(path)) << path;
    std::filesystem::remove(path);
  }
}

TEST(SensorCli, GroundTruthIsTheSceneAsTheOpticsDeliverIt) {
  const std::string prefix = temp_path("truth");
  ASSERT_EQ(run_ispsim("sensor --scene flat --size 64x48 --exposure 0.01 --truth " + prefix), 0);
  const ispsim::ImageF srgb = ispsim::sensor::read_linear_tiff(prefix + "-srgb.tif");
  const ispsim::ImageF camera = ispsim::sensor::read_linear_tiff(prefix + "-camera.tif");
  ASSERT_EQ(srgb.width(), 64);
  // The flat scene is 0.5 of diffuse white: on axis the optics pass it unchanged in linear
  // sRGB (shading darkens only off axis), and neutral stays neutral.
  for (int c = 0; c < 3; ++c)
    EXPECT_NEAR(srgb.at(32, 24, c), 0.5, 0.01) << c;
  EXPECT_LT(srgb.at(0, 0, 1), srgb.at(32, 24, 1));  // the corner is vignetted
  EXPECT_GT(camera.at(32, 24, 1), 100.0);           // photo-electrons, not relative units
  std::filesystem::remove(prefix + "-srgb.tif");
  std::filesystem::remove(prefix + "-camera.tif");
}

TEST(SensorCli, ModesAndDcgShowInTheDng) {
  const std::string dng = temp_path("720p.dng");
  ASSERT_EQ(run_ispsim("sensor --mode 720p --exposure 0.002 --dcg 16 --bits 14 --dng " + dng), 0);
  LibRaw raw;
  ASSERT_EQ(raw.open_file(dng.c_str()), LIBRAW_SUCCESS);
  EXPECT_EQ(raw.imgdata.sizes.raw_width, 1280);
  EXPECT_EQ(raw.imgdata.sizes.raw_height, 720);
  EXPECT_EQ(raw.imgdata.color.maximum, 15408u);  // the 14-bit DCG white (reference table)
  std::filesystem::remove(dng);
}

TEST(SensorCli, FullResolutionQuadRawDumpHasTheNativeSize) {
  const std::string dump = temp_path("quad.raw");
  ASSERT_EQ(run_ispsim("sensor --mode full-quad --scene flat --exposure 0.005 --raw " + dump), 0);
  EXPECT_EQ(std::filesystem::file_size(dump), 8192u * 6144 * 2);
  std::filesystem::remove(dump);
  std::filesystem::remove(dump + ".json");
}

TEST(SensorCli, BadValuesExitTwo) {
  EXPECT_EQ(run_ispsim("sensor --iso 50"), 2);
  EXPECT_EQ(run_ispsim("sensor --exposure -1"), 2);
  EXPECT_EQ(run_ispsim("sensor --mode nosuchmode --size 64x48"), 2);
  EXPECT_EQ(run_ispsim("sensor --scene nosuchscene --size 64x48"), 2);
  EXPECT_EQ(run_ispsim("sensor --profile /nonexistent.json --size 64x48"), 2);
  EXPECT_EQ(run_ispsim("sensor --size 65x48"), 2);  // the sensor NACKs odd widths
  EXPECT_EQ(run_ispsim("sensor --mode full-quad --dng /tmp/never.dng"), 2);
  EXPECT_EQ(run_ispsim("sensor --mode 4k --size 64x48"), 2);
  EXPECT_EQ(run_ispsim("sensor --dcg 8"), 2);
}

}  // namespace
