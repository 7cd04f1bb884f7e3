// The ispsim command as a user runs it: exit codes, messages and files.
#include <gtest/gtest.h>

#include <libraw/libraw.h>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "model/image/image_io.hpp"
#include "testbench/cli/run_ispsim.hpp"

namespace {

using ispsim::test::CommandResult;
using ispsim::test::ispsim;

std::string temp_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("ispsim_cli_" + name);
  std::filesystem::remove_all(dir);
  return dir.string();
}

TEST(Cli, UnknownOptionExitsTwo) {
  const CommandResult r = ispsim("run --no-such-option");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("no-such-option"), std::string::npos) << r.output;
}

TEST(Cli, BadBackendValueExitsTwo) {
  EXPECT_EQ(ispsim("run --backend fpga").exit_code, 2);
}

// A seed that would wrap (negative, past 64 bits) or is not a number exits 2 naming it.
TEST(Cli, SeedsOutsideSixtyFourBitsExitTwo) {
  const std::string out = temp_dir("seed");
  for (const std::string& command :
       {"run --size 64x48 --out " + out, std::string("sensor --size 64x48")})
    for (const char* seed : {"-1", "18446744073709551616", "12x"}) {
      const CommandResult r = ispsim(command + " --seed " + seed);
      EXPECT_EQ(r.exit_code, 2) << command << " " << seed << ": " << r.output;
      EXPECT_NE(r.output.find("not a whole number"), std::string::npos) << r.output;
    }
  EXPECT_EQ(ispsim("run --size 64x48 --seed 18446744073709551615 --out " + out).exit_code, 0);
}

TEST(Cli, BadPixelsPerClockExitsTwo) {
  EXPECT_EQ(ispsim("run --pixels-per-clock 3").exit_code, 2);
}

TEST(Cli, UnknownSceneExitsTwoAndNamesIt) {
  const CommandResult r = ispsim("run --scene nosuchscene --out " + temp_dir("scene"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("nosuchscene"), std::string::npos) << r.output;
}

TEST(Cli, SizeTheSensorCannotOutputExitsTwo) {
  EXPECT_EQ(ispsim("run --size 5000x48 --out " + temp_dir("big")).exit_code, 2);
  EXPECT_EQ(ispsim("run --size 63x48 --out " + temp_dir("odd")).exit_code, 2);
}

TEST(Cli, SizeWithAFixedSizeModeOrAQuadModeExitsTwo) {
  EXPECT_EQ(ispsim("run --mode 4k --size 64x48 --out " + temp_dir("mode_size")).exit_code, 2);
  EXPECT_EQ(ispsim("run --mode full-quad --out " + temp_dir("quad")).exit_code, 2);
  EXPECT_EQ(ispsim("run --mode nosuchmode --out " + temp_dir("nomode")).exit_code, 2);
}

TEST(Cli, MalformedSizeExitsTwo) {
  const CommandResult r = ispsim("run --size 64by48 --out " + temp_dir("size"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find("64by48"), std::string::npos) << r.output;
}

TEST(Cli, HelpOnEveryCommand) {
  EXPECT_EQ(ispsim("--help").exit_code, 0);
  EXPECT_NE(ispsim("run --help").output.find("--backend"), std::string::npos);
  EXPECT_NE(ispsim("regmap --help").output.find("--out"), std::string::npos);
}

TEST(Cli, RegmapPrintsTheReference) {
  const CommandResult r = ispsim("regmap");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.output.find("BLC_NORM_GAIN"), std::string::npos);
}

TEST(Cli, RunWritesImageReportAndWaveform) {
  const std::string out = temp_dir("run");
  const CommandResult r = ispsim("run --size 64x48 --vcd --seed 3 --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_TRUE(std::filesystem::file_size(out + "/frame.png") > 100);
  EXPECT_EQ(std::filesystem::file_size(out + "/frame.nv12"), 64u * 48 * 3 / 2);
  std::ifstream vcd(out + "/trace.vcd");
  std::string text((std::istreambuf_iterator<char>(vcd)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("$var wire 1"), std::string::npos);
  EXPECT_NE(text.find("line_valid"), std::string::npos);
  const auto report = nlohmann::json::parse(std::ifstream(out + "/report.json"));
  EXPECT_EQ(report["backend"], "soc");
  EXPECT_EQ(report["frame"]["width"], 64);
  EXPECT_EQ(report["frame"]["format"], "NV12");
  EXPECT_GT(report["timing"]["frame_cycles"].get<double>(), 0);
  const auto& blocks = report["blocks"];
  EXPECT_TRUE(std::any_of(blocks.begin(), blocks.end(),
                          [](const nlohmann::json& b) { return b["name"] == "demosaic"; }));
  for (const char* key : {"isp_clock_hz", "pixels_per_clock", "fps_at_clock", "bound_by"})
    EXPECT_TRUE(report["timing"].contains(key)) << key;
  EXPECT_TRUE(report["host"].contains("sim_mpix_per_s"));
  EXPECT_EQ(report["memory"]["bytes_written"], 64 * 48 * 3 / 2);
}

TEST(Cli, BypassNamesBlocksAndTheFirmwareSetsTheirBypassBits) {
  const std::string out = temp_dir("bypass");
  const CommandResult r =
      ispsim("run --size 64x48 --register-log --bypass lens_shading,gamma --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::ifstream log(out + "/registers.log");
  const std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("= 0x00000001  isp.LSC_CTRL"), std::string::npos);
  EXPECT_NE(text.find("= 0x00000001  isp.GAMMA_CTRL"), std::string::npos);
  EXPECT_NE(text.find("= 0x00000002  isp.DPC_CTRL"), std::string::npos);  // support check only
  const CommandResult bad = ispsim("run --size 64x48 --bypass lens_shading,sharpen --out " + out);
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.output.find("--bypass sharpen: no such ISP block"), std::string::npos)
      << bad.output;
  EXPECT_NE(bad.output.find("lens_shading"), std::string::npos) << bad.output;
}

TEST(Cli, FlatSceneMetricsReportShadingAndOutliers) {
  const std::string out = temp_dir("flat");
  for (const bool corrected : {true, false}) {
    const CommandResult r = ispsim("run --scene flat --size 256x192 --metrics --out " + out +
                                   (corrected ? "" : " --bypass lens_shading,defect_pixel"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto report = nlohmann::json::parse(std::ifstream(out + "/report.json"));
    const auto& flat = report["iq"]["flat_field"];
    ASSERT_EQ(flat["corners"].size(), 4u);
    const double luma = flat["worst_corner_luma"].get<double>();
    if (corrected) {
      EXPECT_GT(luma, 0.95);
      EXPECT_LT(flat["worst_colour_shift"].get<double>(), 0.02);
      EXPECT_EQ(flat["outlier_clusters"].get<int>(), 0);
    } else {
      EXPECT_LT(luma, 0.85);
      EXPECT_GT(flat["worst_colour_shift"].get<double>(), 0.08);
    }
  }
}

TEST(Cli, DumpAfterWritesTheFrameAsItLeavesTheBlock) {
  const std::string out = temp_dir("dump");
  ASSERT_EQ(ispsim("run --size 64x48 --dump-after lens_shading --out " + out).exit_code, 0);
  int bits = 0;
  const ispsim::Image16 mosaic = ispsim::read_image(out + "/after_lens_shading.png", &bits);
  EXPECT_EQ(bits, 16);
  ASSERT_EQ(mosaic.channels(), 1);
  EXPECT_EQ(mosaic.width(), 64);
  for (const uint16_t s : mosaic.samples())
    ASSERT_EQ(s % 16, 0);  // 12-bit codes x 16
  // After the last block: its luma is the NV12 frame's Y plane.
  ASSERT_EQ(ispsim("run --size 64x48 --dump-after csc --out " + out).exit_code, 0);
  const ispsim::Image16 ycbcr = ispsim::read_image(out + "/after_csc.png", &bits);
  ASSERT_EQ(ycbcr.channels(), 3);
  std::ifstream nv12(out + "/frame.nv12", std::ios::binary);
  const std::string y_plane((std::istreambuf_iterator<char>(nv12)),
                            std::istreambuf_iterator<char>());
  for (int y = 0; y < 48; ++y)
    for (int x = 0; x < 64; ++x)
      ASSERT_EQ(ycbcr.at(x, y, 0) >> 8, static_cast<uint8_t>(y_plane[size_t(y) * 64 + x]));
  EXPECT_EQ(ispsim("run --size 64x48 --dump-after sharpen --out " + out).exit_code, 2);
}

// Black level's output carries the pedestal the noise reduction takes off (the firmware sets
// none with the noise reduction bypassed): the dump takes it off, so both runs give one frame.
TEST(Cli, DumpAfterBlackLevelTakesThePedestalOff) {
  const std::string with = temp_dir("dump_pedestal"), without = temp_dir("dump_no_pedestal");
  ASSERT_EQ(ispsim("run --size 64x48 --dump-after black_level --out " + with).exit_code, 0);
  ASSERT_EQ(ispsim("run --size 64x48 --dump-after black_level --bypass bayer_nr --out " + without)
                .exit_code,
            0);
  int bits = 0;
  EXPECT_TRUE(ispsim::read_image(with + "/after_black_level.png", &bits) ==
              ispsim::read_image(without + "/after_black_level.png", &bits));
}

TEST(Cli, DumpStatsWritesTheStatisticsTheFirmwareReadBack) {
  const std::string out = temp_dir("stats");
  const CommandResult r = ispsim("run --size 128x96 --dump-stats --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("stats.json"), std::string::npos) << r.output;
  const auto stats = nlohmann::json::parse(std::ifstream(out + "/stats.json"));
  ASSERT_EQ(stats["histogram"].size(), 256u);
  uint64_t total = 0;
  for (const auto& bin : stats["histogram"])
    total += bin.get<uint64_t>();
  EXPECT_EQ(total, 64u * 48);  // every 2x2 quad once
  ASSERT_EQ(stats["awb_zones"].size(), 32u * 24);
  EXPECT_EQ(stats["af"].size(), 32u * 24);
  uint64_t counted = 0;
  for (const auto& zone : stats["awb_zones"])
    counted += zone["count"].get<uint64_t>();
  EXPECT_GT(counted, 64u * 48 / 2);  // the chart: most quads neither dark nor clipped
  EXPECT_LE(counted, 64u * 48);
}

TEST(Cli, IsoAndExposureSetTheSensorsGainAndTime) {
  auto mean_luma = [](const std::string& dir) {
    std::ifstream nv12(dir + "/frame.nv12", std::ios::binary);
    double sum = 0;
    for (int i = 0; i < 64 * 48; ++i)
      sum += static_cast<unsigned char>(nv12.get());
    return sum / (64 * 48);
  };
  const std::string base = temp_dir("iso100"), bright = temp_dir("iso400"),
                    short_exposure = temp_dir("iso400short");
  ASSERT_EQ(ispsim("run --size 64x48 --exposure 0.004 --out " + base).exit_code, 0);
  ASSERT_EQ(ispsim("run --size 64x48 --exposure 0.004 --iso 400 --out " + bright).exit_code, 0);
  ASSERT_EQ(ispsim("run --size 64x48 --exposure 0.001 --iso 400 --out " + short_exposure).exit_code,
            0);
  EXPECT_GT(mean_luma(bright), mean_luma(base) + 20);
  // Four times the gain for a quarter of the time: the same picture, give or take the noise.
  EXPECT_NEAR(mean_luma(short_exposure), mean_luma(base), 3.0);
  EXPECT_EQ(ispsim("run --size 64x48 --iso 50 --out " + base).exit_code, 2);
  // The top of the range: the noise model's registers hold it.
  EXPECT_EQ(ispsim("run --size 64x48 --iso 102400 --exposure 0.0001 --out " + base).exit_code, 0);
}

TEST(Cli, CalibrationFileIsWrittenThenReadForTheSameFrameOnly) {
  const std::string dir = temp_dir("calibration");
  std::filesystem::create_directories(dir);
  const std::string file = dir + "/module.json";
  auto bytes = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  };
  ASSERT_EQ(ispsim("run --size 128x96 --calibration " + file + " --out " + dir + "/a").exit_code,
            0);
  ASSERT_TRUE(std::filesystem::exists(file));
  const std::string measured = bytes(file);
  ASSERT_EQ(ispsim("run --size 128x96 --calibration " + file + " --out " + dir + "/b").exit_code,
            0);
  EXPECT_EQ(bytes(file), measured);  // read, not measured again
  EXPECT_EQ(bytes(dir + "/a/frame.nv12"), bytes(dir + "/b/frame.nv12"));
  const CommandResult other = ispsim("run --size 64x48 --calibration " + file + " --out " + dir);
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_NE(other.output.find("measured for imx989-binned"), std::string::npos) << other.output;
  std::ofstream(dir + "/broken.json") << "{\"ispsim_module_calibration\": 1, \"key\": ";
  const CommandResult broken =
      ispsim("run --size 64x48 --calibration " + dir + "/broken.json --out " + dir);
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_NE(broken.output.find("broken.json': not valid JSON"), std::string::npos) << broken.output;
}

TEST(Cli, DngOfTheRawTheIspTookOpensInLibRaw) {
  const std::string out = temp_dir("rundng");
  const CommandResult r =
      ispsim("run --size 64x48 --iso 400 --exposure 0.004 --dng " + out + ".dng --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  LibRaw raw;
  ASSERT_EQ(raw.open_file((out + ".dng").c_str()), LIBRAW_SUCCESS);
  ASSERT_EQ(raw.unpack(), LIBRAW_SUCCESS);
  EXPECT_EQ(raw.imgdata.sizes.raw_width, 64);
  EXPECT_EQ(raw.imgdata.sizes.raw_height, 48);
  EXPECT_NEAR(raw.imgdata.other.iso_speed, 400, 0.5);
  EXPECT_NEAR(raw.imgdata.other.shutter, 0.004, 0.0001);
  // The chart's mean above black: lit, not clipped.
  double sum = 0;
  for (int i = 0; i < 64 * 48; ++i)
    sum += raw.imgdata.rawdata.raw_image[i];
  const double mean = sum / (64 * 48) - raw.imgdata.color.black;
  EXPECT_GT(mean, 100);
  EXPECT_LT(mean, raw.imgdata.color.maximum * 0.9);
}

TEST(Cli, MetricsNameWhatTheFrameCannotGiveAndKeepTheRest) {
  const std::string out = temp_dir("metricserrors");
  // Overexposed: the slanted edge clips, the colour chart is still measured (badly).
  ASSERT_EQ(ispsim("run --size 512x384 --iso 6400 --metrics --out " + out).exit_code, 0);
  auto report = nlohmann::json::parse(std::ifstream(out + "/report.json"));
  EXPECT_TRUE(report["iq"]["errors"].contains("slanted_edge")) << report["iq"].dump();
  EXPECT_TRUE(report["iq"].contains("de00_mean"));
  EXPECT_EQ(report["settings"]["iso"], 6400);
  // A mode cropping the chart: nothing measured on charts it cuts, and said so.
  ASSERT_EQ(ispsim("run --mode 720p --metrics --out " + out).exit_code, 0);
  report = nlohmann::json::parse(std::ifstream(out + "/report.json"));
  EXPECT_FALSE(report["iq"].contains("de00_mean")) << report["iq"].dump();
  EXPECT_NE(report["iq"]["note"].get<std::string>().find("field of view"), std::string::npos);
}

TEST(Cli, BothBackendsWriteIdenticalPngs) {
  const std::string soc = temp_dir("soc"), ref = temp_dir("ref");
  ASSERT_EQ(ispsim("run --size 64x48 --out " + soc).exit_code, 0);
  ASSERT_EQ(ispsim("run --backend reference --size 64x48 --out " + ref).exit_code, 0);
  std::ifstream a(soc + "/frame.png", std::ios::binary), b(ref + "/frame.png", std::ios::binary);
  const std::string bytes_a((std::istreambuf_iterator<char>(a)), std::istreambuf_iterator<char>());
  const std::string bytes_b((std::istreambuf_iterator<char>(b)), std::istreambuf_iterator<char>());
  EXPECT_FALSE(bytes_a.empty());
  EXPECT_EQ(bytes_a, bytes_b);
}

TEST(Cli, MetricsAddTheIqSectionForTheDefaultChart) {
  const std::string out = temp_dir("metrics");
  ASSERT_EQ(ispsim("run --size 512x384 --metrics --out " + out).exit_code, 0);
  const auto iq = nlohmann::json::parse(std::ifstream(out + "/report.json"))["iq"];
  for (const char* key : {"de00_mean", "de00_max", "de00_chroma_corrected_mean", "snr_db_grey",
                          "mtf50_cy_px", "dynamic_range_stops"})
    EXPECT_TRUE(iq.contains(key)) << key;
  EXPECT_GT(iq["de00_mean"].get<double>(), 0.0);
  EXPECT_LT(iq["de00_mean"].get<double>(), 15.0);  // a sensible rendering, not a broken one
  EXPECT_GT(iq["mtf50_cy_px"].get<double>(), 0.1);
  EXPECT_GT(iq["dynamic_range_stops"].get<double>(), 6.0);
}

// The target: one exposure of the wedge holds about 12 stops; three staggered ones
// merged by the ISP at least 16 (measured on the merge's linear signal; the wedge lit so its
// brightest steps clip the long exposure and its darkest sink into the noise).
TEST(Cli, HdrMergeWidensTheWedgesDynamicRange) {
  const std::string out = temp_dir("hdr_wedge");
  std::map<std::string, double> stops;
  for (const std::string args : {"--hdr 1", "--hdr 3", "--dcg 16"}) {
    const CommandResult r = ispsim("run --scene wedge --size 1024x768 --exposure 0.25 --metrics " +
                                   args + " --out " + out);
    ASSERT_EQ(r.exit_code, 0) << r.output;
    const auto report = nlohmann::json::parse(std::ifstream(out + "/report.json"));
    EXPECT_EQ(report["settings"]["hdr_exposures"], args == "--hdr 3" ? 3 : 1);
    const auto& iq = report["iq"];
    EXPECT_EQ(iq["dynamic_range_measured_on"],
              args == "--hdr 1" ? "the raw green" : "the HDR merge's linear green");
    stops[args] = iq["dynamic_range_stops"].get<double>();
    // The ISP's input held rows of the earlier exposures only when there were some.
    EXPECT_EQ(report["hdr"]["exposure_buffer_bytes"].get<uint64_t>() > 0, args == "--hdr 3");
  }
  EXPECT_GT(stops["--hdr 1"], 11.0);
  EXPECT_LT(stops["--hdr 1"], 13.0);
  EXPECT_GE(stops["--hdr 3"], 16.0);
  // The 14-bit dual-gain code: the high conversion gain's lower read noise, about 1.4 stops.
  EXPECT_GT(stops["--dcg 16"], stops["--hdr 1"] + 1.0);
  const CommandResult bad = ispsim("run --hdr 4 --out " + out);
  EXPECT_EQ(bad.exit_code, 2) << bad.output;
}

// The exposures keep their ratios when the mode caps the long one; settings the sensor cannot
// take are refused; the highest ISO runs; dual gain without the merge is a plain 12-bit frame.
TEST(Cli, HdrAndDualGainOptionsHoldTogether) {
  const std::string out = temp_dir("hdr_options");
  const CommandResult capped = ispsim("run --size 256x192 --hdr 3 --exposure 1 --out " + out);
  ASSERT_EQ(capped.exit_code, 0) << capped.output;
  const auto report = nlohmann::json::parse(std::ifstream(out + "/report.json"));
  EXPECT_LT(report["capture"]["exposure_s"].get<double>(), 0.5);  // the mode's cap
  EXPECT_EQ(report["hdr"]["merged_exposures"], 3);
  EXPECT_NEAR(report["hdr"]["ratios"][0].get<double>(), 8.0, 0.1);
  EXPECT_NEAR(report["hdr"]["ratios"][1].get<double>(), 64.0, 1.0);
  const CommandResult full = ispsim("run --mode full --dcg 4 --out " + out);
  EXPECT_EQ(full.exit_code, 2) << full.output;
  EXPECT_NE(full.output.find("binned modes only"), std::string::npos) << full.output;
  for (const char* args : {"--hdr 3 --iso 102400", "--dcg 16 --iso 51200"}) {
    const CommandResult high = ispsim(std::string("run --size 128x96 ") + args + " --out " + out);
    EXPECT_EQ(high.exit_code, 0) << args << ": " << high.output;
  }
}

TEST(Cli, IqComparesTwoImagesAndRejectsMismatchedSizes) {
  const std::string a = temp_dir("iq_a"), b = temp_dir("iq_b");
  ASSERT_EQ(ispsim("run --size 64x48 --out " + a).exit_code, 0);
  ASSERT_EQ(ispsim("run --size 64x48 --seed 9 --out " + b).exit_code, 0);
  const CommandResult same_scene =
      ispsim("iq --ref " + a + "/frame.png --test " + b + "/frame.png --json " + a + "/iq.json");
  ASSERT_EQ(same_scene.exit_code, 0) << same_scene.output;
  const auto json = nlohmann::json::parse(std::ifstream(a + "/iq.json"));
  EXPECT_GT(json["psnr_db"].get<double>(), 25.0);  // only the temporal noise differs
  EXPECT_LT(json["ssim"].get<double>(), 1.0);
  const std::string c = temp_dir("iq_c");
  ASSERT_EQ(ispsim("run --size 32x24 --out " + c).exit_code, 0);
  const CommandResult mismatched =
      ispsim("iq --ref " + a + "/frame.png --test " + c + "/frame.png");
  EXPECT_EQ(mismatched.exit_code, 2);
  EXPECT_NE(mismatched.output.find("error"), std::string::npos) << mismatched.output;
}

TEST(Cli, RunsWithAnotherSensorProfileAndRejectsABadOne) {
  const std::string out = temp_dir("profile");
  const CommandResult good =
      ispsim("run --size 64x48 --out " + out + " --profile " +
             ISPSIM_SOURCE_DIR "/sensor_sim/profiles/half-inch-48mp-binned.json");
  EXPECT_EQ(good.exit_code, 0) << good.output;
  const CommandResult bad = ispsim("run --size 64x48 --out " + out + " --profile /no/such.json");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.output.find("/no/such.json"), std::string::npos) << bad.output;
}

TEST(Cli, OutputFolderThatIsAFileExitsTwoAndNamesIt) {
  const std::string file = temp_dir("not_a_folder");
  std::ofstream(file) << "x";
  const CommandResult r = ispsim("run --size 64x48 --out " + file);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.output.find(file), std::string::npos) << r.output;
  std::filesystem::remove(file);
}

TEST(Cli, StarvedMemoryOverflowsTheReceiverAndTheRunSaysSo) {
  const CommandResult r = ispsim("run --size 256x192 --memory-gbps 0.05 --out " + temp_dir("slow"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("RX_OVERFLOW"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("raise --memory-gbps"), std::string::npos) << r.output;
}

TEST(Cli, FullModeAtTwoPixelsPerClockOverflowsAndSaysWhatToRaise) {
  // 8192-pixel lines at 2 px/clk and 600 MHz take 6.9 us; the full mode sends one every 5.2 us.
  const CommandResult r =
      ispsim("run --mode full --memory-mib 128 --scene flat --out " + temp_dir("full_slow"));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find("RX_OVERFLOW"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("raise --pixels-per-clock"), std::string::npos) << r.output;
}

// The throughput verdict in report.json, against the three frame times written out here for the
// derived binned modes (line_length_pck = width + 904 at 480 MHz; the default 31.25 ms exposure
// stretches the frame to ceil(exposure / line time) + 4 lines).
struct FrameTimesMs {
  double sensor, isp, memory;
};

FrameTimesMs hand_frame_times_ms(int width, int height, double isp_clock_hz, int pixels_per_clock,
                                 double memory_bytes_per_s) {
  const double line_s = (width + 904) / 480e6;
  const double lines = std::max(height + 32.0, std::ceil(0.03125 / line_s) + 4);
  const double isp_line_clocks = std::ceil(static_cast<double>(width) / pixels_per_clock) + 16;
  return {lines * line_s * 1e3, height * isp_line_clocks / isp_clock_hz * 1e3,
          width * height * 1.5 / memory_bytes_per_s * 1e3};
}

// The report's frame times and fps against `hand`, and its verdict against `bound_by`.
void expect_report_frame_times(const std::string& out, const FrameTimesMs& hand,
                               const std::string& bound_by) {
  const auto timing = nlohmann::json::parse(std::ifstream(out + "/report.json"))["timing"];
  EXPECT_NEAR(timing["sensor_frame_ms"].get<double>(), hand.sensor, 1e-6);
  EXPECT_NEAR(timing["isp_frame_ms"].get<double>(), hand.isp, 1e-6);
  EXPECT_NEAR(timing["memory_frame_ms"].get<double>(), hand.memory, 1e-6);
  const double slowest = std::max({hand.sensor, hand.isp, hand.memory});
  EXPECT_NEAR(timing["fps_at_clock"].get<double>(), 1e3 / slowest, 1e-6);
  EXPECT_EQ(timing["bound_by"], bound_by);
}

// 64 lines of 1040 clocks at 1 MHz (66.6 ms) against a 31.3 ms sensor frame. The ISP also falls
// behind the sensor's line rate, so the receiver overflows: the report is written all the same.
TEST(Cli, IspClockTooLowReportsBoundByIsp) {
  const std::string out = temp_dir("isp_bound");
  ispsim("run --size 1024x64 --isp-clock-mhz 1 --pixels-per-clock 1 --out " + out);
  const FrameTimesMs hand = hand_frame_times_ms(1024, 64, 1e6, 1, 12.8e9);
  ASSERT_GT(hand.isp, 1.5 * hand.sensor);
  expect_report_frame_times(out, hand, "isp");
}

// 393 KB of NV12 at 10 MB/s (39.3 ms) against a 31.3 ms sensor frame. DRAM also falls behind
// the sensor's line rate, so the receiver overflows: the report is written all the same.
TEST(Cli, MemoryBandwidthTooLowReportsBoundByMemory) {
  const std::string out = temp_dir("memory_bound");
  ispsim("run --size 4096x64 --memory-gbps 0.01 --out " + out);
  const FrameTimesMs hand = hand_frame_times_ms(4096, 64, 600e6, 2, 0.01e9);
  ASSERT_GT(hand.memory, 1.2 * hand.sensor);
  expect_report_frame_times(out, hand, "memory");
}

TEST(Cli, DefaultSmallRunReportsBoundBySensor) {
  const std::string out = temp_dir("sensor_bound");
  ASSERT_EQ(ispsim("run --size 64x48 --out " + out).exit_code, 0);
  expect_report_frame_times(out, hand_frame_times_ms(64, 48, 600e6, 2, 12.8e9), "sensor");
}

}  // namespace
