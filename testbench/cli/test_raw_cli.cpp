// `ispsim run --raw` as a user runs it: a DNG or raw dump reprocessed through the read DMA
// develops like the capture it came from; each CFA phase, level and neutral of a DNG is taken as
// written; broken and unsupported files exit 2 naming the file and the reason.
#include <gtest/gtest.h>
#include <tiffio.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sensor_sim/raw_output/dng_writer.hpp"
#include "testbench/cli/run_ispsim.hpp"

namespace {

using ispsim::test::CommandResult;
using ispsim::test::ispsim;

std::string scratch(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / "ispsim_raw_cli";
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

std::vector<uint8_t> file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A DNG of a flat raw at `level` (every sample), identity colour matrix; `adjust` sets the rest.
template <typename Adjust>
std::string flat_dng(const std::string& name, int width, int height, uint16_t level,
                     Adjust&& adjust) {
  ispsim::Image16 raw(width, height, 1);
  for (auto& sample : raw.samples())
    sample = level;
  ispsim::sensor::DngRaw dng;
  dng.raw = &raw;
  dng.color_matrix1 = {1, 0, 0, 0, 1, 0, 0, 0, 1};
  adjust(dng);
  const std::string path = scratch(name);
  ispsim::sensor::write_dng(path, dng);
  return path;
}

bool mentions(const CommandResult& r, const std::string& text) {
  return r.output.find(text) != std::string::npos;
}

// With the blocks whose tuning a DNG cannot carry bypassed (the module's lens shading, static
// defects and measured noise), the DNG of a capture develops to the capture's very bits.
TEST(RawCli, DngOfACaptureDevelopsToTheCapturesBits) {
  const std::string dng = scratch("capture.dng"), a = scratch("capture"), b = scratch("again");
  const std::string bypass = " --bypass lens_shading,defect_pixel,bayer_nr";
  ASSERT_EQ(ispsim("run --size 128x96 --iso 800 --dng " + dng + " --out " + a + bypass).exit_code,
            0);
  const CommandResult r = ispsim("run --raw " + dng + " --out " + b + bypass);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto captured = file_bytes(a + "/frame.nv12");
  ASSERT_EQ(captured.size(), 128u * 96 * 3 / 2);
  EXPECT_TRUE(captured == file_bytes(b + "/frame.nv12"));
  const auto report = nlohmann::json::parse(std::ifstream(b + "/report.json"));
  EXPECT_EQ(report["settings"]["kind"], "DNG");
  EXPECT_EQ(report["settings"]["iso"], 800.0);
  EXPECT_EQ(report["settings"]["bayer_nr_noise_from"], "NoiseProfile");
  EXPECT_TRUE(report["timing"]["frame_cycles_measured"].get<bool>());
  // Two prefetched lines of 16-bit words at the ISP's widest line, 8192 pixels.
  EXPECT_EQ(report["read_dma"]["line_buffer_bytes"], 2 * 2 * 8192);
}

// A flat raw whose channels sit at the levels of `neutral` (R 1000, G 2000, B 1500 above black):
// the DNG's AsShotNeutral makes it grey whichever CFA phase it was written in, if the phase,
// the per-colour black levels and the neutral are read as written.
class RawCliPhase : public ::testing::TestWithParam<int> {};

TEST_P(RawCliPhase, AFlatRawWithItsNeutralDevelopsGrey) {
  const int phase = GetParam();
  const int width = 64, height = 48;
  const std::array<double, 4> black{200, 240, 260, 300};  // R, Gr, Gb, B
  const std::array<double, 4> above{1000, 2000, 2000, 1500};
  // Colour slot (R, Gr, Gb, B) of each position of the 2x2 tile, per phase.
  const int slot[4][4] = {{0, 1, 2, 3}, {1, 0, 3, 2}, {2, 3, 0, 1}, {3, 2, 1, 0}};
  ispsim::Image16 raw(width, height, 1);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const int s = slot[phase][(y % 2) * 2 + x % 2];
      raw.at(x, y) = static_cast<uint16_t>(black[s] + above[s]);
    }
  ispsim::sensor::DngRaw dng;
  dng.raw = &raw;
  dng.cfa_phase = phase;
  dng.black_level = black;
  dng.white_level = 4095;
  dng.color_matrix1 = {1, 0, 0, 0, 1, 0, 0, 0, 1};
  dng.as_shot_neutral = {0.5, 1.0, 0.75};
  const std::string path = scratch("phase" + std::to_string(phase) + ".dng");
  ispsim::sensor::write_dng(path, dng);
  const std::string out = scratch("phase" + std::to_string(phase));
  const CommandResult r = ispsim("run --raw " + path + " --out " + out + " --bypass bayer_nr");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto nv12 = file_bytes(out + "/frame.nv12");
  ASSERT_EQ(nv12.size(), static_cast<size_t>(width * height * 3 / 2));
  // Away from the borders: every chroma sample neutral, luma bright and even.
  const size_t chroma = static_cast<size_t>(width) * height;
  for (int y = 4; y < height / 2 - 4; ++y)
    for (int x = 4; x < width - 4; ++x)
      ASSERT_NEAR(nv12[chroma + static_cast<size_t>(y) * width + x], 128, 1)
          << "chroma at " << x << "," << y;
  EXPECT_GT(nv12[static_cast<size_t>(height / 2) * width + width / 2], 150);
}

INSTANTIATE_TEST_SUITE_P(EveryPhase, RawCliPhase, ::testing::Values(0, 1, 2, 3));

// NoiseProfile's variance is in fractions of (white - black); the noise reduction's input is in
// 12-bit codes with white at 4095: shot x 4095 and read x 4095^2. ISO 3200 is gain 32.
TEST(RawCli, NoiseProfileAndIsoSetTheNoiseReduction) {
  const std::string path = flat_dng("noisy.dng", 64, 48, 1000, [](auto& dng) {
    dng.black_level = {256, 256, 256, 256};
    dng.iso = 3200;
    dng.noise_scale = 1e-3;
    dng.noise_offset = 2e-6;
  });
  const std::string out = scratch("noisy");
  const CommandResult r = ispsim("run --raw " + path + " --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const auto settings = nlohmann::json::parse(std::ifstream(out + "/report.json"))["settings"];
  EXPECT_EQ(settings["iso"], 3200.0);
  EXPECT_NEAR(settings["bayer_nr"]["shot_codes2_per_code"].get<double>(), 4.095, 1e-9);
  EXPECT_NEAR(settings["bayer_nr"]["read_codes2"].get<double>(), 2e-6 * 4095 * 4095, 1e-9);
  // Gain 32, a third of the way in log gain from 5 sigmas (16) to 7.9 (128) in the default table,
  // at 0.8 of that in the wide window the default takes from gain 16 on.
  EXPECT_NEAR(settings["bayer_nr"]["strength_sigmas"].get<double>(),
              0.8 * (5.0 + 2.9 * std::log(32.0 / 16) / std::log(128.0 / 16)), 1e-9);
  EXPECT_EQ(settings["bayer_nr"]["wide"], true);
}

// The sensor's dump carries its ISO and noise in the sidecar, as its DNG does; a sidecar without
// them (an older dump, another tool's) takes --iso and the module calibration's noise.
TEST(RawCli, RawDumpCarriesItsIsoAndNoiseElseTakesThemFromTheOptions) {
  const std::string dump = scratch("dump.raw"), out = scratch("dump");
  ASSERT_EQ(ispsim("sensor --size 128x96 --iso 1600 --bits 10 --raw " + dump).exit_code, 0);
  CommandResult r = ispsim("run --raw " + dump + " --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto settings = nlohmann::json::parse(std::ifstream(out + "/report.json"))["settings"];
  EXPECT_EQ(settings["kind"], "raw dump");
  EXPECT_EQ(settings["source_bits"], 10);
  EXPECT_EQ(settings["white_level_12bit"], 4092.0);  // 1023 << 2
  EXPECT_EQ(settings["iso"], 1600.0);
  EXPECT_EQ(settings["bayer_nr_noise_from"], "the sidecar's noise_profile");

  auto sidecar = nlohmann::json::parse(std::ifstream(dump + ".json"));
  sidecar.erase("iso");
  sidecar.erase("noise_profile");
  std::ofstream(dump + ".json") << sidecar.dump();
  r = ispsim("run --raw " + dump + " --iso 1600 --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  settings = nlohmann::json::parse(std::ifstream(out + "/report.json"))["settings"];
  EXPECT_EQ(settings["iso"], 1600.0);
  EXPECT_EQ(settings["iso_from"], "--iso");
  EXPECT_NE(settings["bayer_nr_noise_from"].get<std::string>().find("module calibration"),
            std::string::npos);
}

TEST(RawCli, AQuadBayerDumpIsRefused) {
  const std::string dump = scratch("quad.raw");
  ASSERT_EQ(ispsim("sensor --mode full-quad --raw " + dump).exit_code, 0);
  const CommandResult r = ispsim("run --raw " + dump + " --out " + scratch("quad"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(mentions(r, dump) && mentions(r, "Quad Bayer")) << r.output;
}

TEST(RawCli, ASidecarThatContradictsItselfIsRefused) {
  const std::string dump = scratch("twofaced.raw");
  ASSERT_EQ(ispsim("sensor --size 128x96 --raw " + dump).exit_code, 0);
  auto sidecar = nlohmann::json::parse(std::ifstream(dump + ".json"));
  sidecar["cfa_pattern"] = "BGGR";  // cfa_phase stays 0, RGGB
  std::ofstream(dump + ".json") << sidecar.dump();
  const CommandResult r = ispsim("run --raw " + dump + " --out " + scratch("twofaced"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(mentions(r, "cfa_pattern") && mentions(r, dump + ".json")) << r.output;
}

// Black within 1/16 of full scale of white leaves the ISP's normalising gain nothing to do.
TEST(RawCli, LevelsThatLeaveNoRangeAreRefusedNamingTheFile) {
  const std::string path = flat_dng("flat_out.dng", 64, 48, 4000, [](auto& dng) {
    dng.black_level = {3900, 3900, 3900, 3900};
  });
  const CommandResult r = ispsim("run --raw " + path + " --out " + scratch("flat_out"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(mentions(r, path) && mentions(r, "no range")) << r.output;
}

TEST(RawCli, EmptyNamesAndEmptyFilesAreRefused) {
  EXPECT_EQ(ispsim("run --raw '' --out " + scratch("noname")).exit_code, 2);
  const std::string empty = scratch("empty.dng");
  std::ofstream{empty};
  const CommandResult r = ispsim("run --raw " + empty + " --out " + scratch("empty"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(mentions(r, "an empty file")) << r.output;
  EXPECT_TRUE(mentions(ispsim("run --raw " + scratch("")), "not a regular file"));
}

TEST(RawCli, TruncatedDngExitsTwoSayingSo) {
  const std::string dng = scratch("whole.dng"), cut = scratch("cut.dng");
  ASSERT_EQ(ispsim("sensor --size 128x96 --dng " + dng).exit_code, 0);
  const auto bytes = file_bytes(dng);
  std::ofstream(cut, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size() / 2));
  const CommandResult r = ispsim("run --raw " + cut + " --out " + scratch("cut"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(mentions(r, cut) && mentions(r, "truncated")) << r.output;
}

TEST(RawCli, AnImageThatIsNoRawExitsTwo) {
  ASSERT_EQ(ispsim("sensor --size 128x96 --truth " + scratch("truth")).exit_code, 0);
  const CommandResult r = ispsim("run --raw " + scratch("truth") + "-srgb.tif");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(mentions(r, "truth-srgb.tif") && mentions(r, "LibRaw cannot read it")) << r.output;
}

// A LinearRaw DNG (demosaiced, three samples a pixel): not for a Bayer ISP.
TEST(RawCli, ALinearDngIsNotBayerAndExitsTwo) {
  const std::string path = scratch("linear.dng");
  {
    TIFF* tiff = TIFFOpen(path.c_str(), "w");
    ASSERT_NE(tiff, nullptr);
    const uint8_t version[4] = {1, 4, 0, 0};
    TIFFSetField(tiff, TIFFTAG_SUBFILETYPE, 0);
    TIFFSetField(tiff, TIFFTAG_IMAGEWIDTH, 64);
    TIFFSetField(tiff, TIFFTAG_IMAGELENGTH, 48);
    TIFFSetField(tiff, TIFFTAG_BITSPERSAMPLE, 16);
    TIFFSetField(tiff, TIFFTAG_SAMPLESPERPIXEL, 3);
    TIFFSetField(tiff, TIFFTAG_PHOTOMETRIC, 34892);  // LinearRaw
    TIFFSetField(tiff, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    TIFFSetField(tiff, TIFFTAG_MAKE, "ispsim");
    TIFFSetField(tiff, TIFFTAG_MODEL, "linear");
    TIFFSetField(tiff, TIFFTAG_DNGVERSION, version);
    TIFFSetField(tiff, TIFFTAG_UNIQUECAMERAMODEL, "ispsim linear");
    std::vector<uint16_t> row(64 * 3, 1000);
    for (uint32_t y = 0; y < 48; ++y)
      ASSERT_EQ(TIFFWriteScanline(tiff, row.data(), y, 0), 1);
    TIFFClose(tiff);
  }
  const CommandResult r = ispsim("run --raw " + path + " --out " + scratch("linear"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(mentions(r, path) && mentions(r, "not a Bayer raw")) << r.output;
}

// A colour matrix (or neutral) whose correction matrix leaves the ISP's s3.12 coefficients.
TEST(RawCli, AColourMatrixTheIspCannotHoldExitsTwoNamingTheFile) {
  const std::string path = flat_dng("alike.dng", 64, 48, 1000, [](auto& dng) {
    dng.black_level = {256, 256, 256, 256};
    dng.color_matrix1 = {1, 0.95, 0, 0.95, 1, 0, 0, 0, 1};  // red and green nearly alike
  });
  const CommandResult r = ispsim("run --raw " + path + " --out " + scratch("alike"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(mentions(r, path) && mentions(r, "cannot hold")) << r.output;
}

TEST(RawCli, ARawWiderThanTheIspsLinesExitsTwo) {
  const std::string path = flat_dng("wide.dng", 8200, 64, 0, [](auto&) {});
  const CommandResult r = ispsim("run --raw " + path + " --out " + scratch("wide"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(mentions(r, "8200 pixels wide")) << r.output;
}

TEST(RawCli, ARawThatDoesNotFitTheDramAsksForMore) {
  const std::string dng = scratch("fits.dng");
  ASSERT_EQ(ispsim("sensor --size 1024x768 --dng " + dng).exit_code, 0);
  const CommandResult r = ispsim("run --raw " + dng + " --memory-mib 2 --out " + scratch("dram"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(mentions(r, "raise --memory-mib")) << r.output;
}

TEST(RawCli, ARawDumpWhoseSidecarDisagreesWithItsSizeExitsTwo) {
  const std::string dump = scratch("liar.raw");
  ASSERT_EQ(ispsim("sensor --size 128x96 --raw " + dump).exit_code, 0);
  auto sidecar = nlohmann::json::parse(std::ifstream(dump + ".json"));
  sidecar["width"] = 100000;
  std::ofstream(dump + ".json") << sidecar.dump();
  const CommandResult r = ispsim("run --raw " + dump + " --out " + scratch("liar"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(mentions(r, dump)) << r.output;
}

TEST(RawCli, SceneOptionsDoNotGoWithARaw) {
  EXPECT_EQ(ispsim("run --raw x.dng --scene flat").exit_code, 2);
  EXPECT_EQ(ispsim("run --raw x.dng --exposure 0.01").exit_code, 2);
  const CommandResult r = ispsim("run --raw " + scratch("missing.dng"));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(mentions(r, "no such file")) << r.output;
}

}  // namespace
