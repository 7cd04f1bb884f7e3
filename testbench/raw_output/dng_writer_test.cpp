// DNGs from write_dng, opened with LibRaw: every tag the writer sets must come back as written,
// for each CFA phase and ADC depth.
#include "sensor_sim/raw_output/dng_writer.hpp"

#include <gtest/gtest.h>
#include <libraw/libraw.h>

#include <array>
#include <cmath>
#include <memory>
#include <string>

#include "model/kernels/cfa.hpp"
#include "raw_test_support.hpp"

namespace ispsim::sensor {
namespace {

using test::scratch_path;

// LibRaw's colour index for a CFA colour: 0 R, 1 and 3 the two greens, 2 B.
bool libraw_colour_is(int libraw_colour, CfaColour colour) {
  switch (colour) {
    case kCfaR:
      return libraw_colour == 0;
    case kCfaB:
      return libraw_colour == 2;
    default:
      return libraw_colour == 1 || libraw_colour == 3;
  }
}

class DngLibRawTest : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    raw_ = test::synthetic_bayer(64, 48, 12);
    dng_ = test::test_dng(raw_, GetParam());
    write_dng(path_, dng_);
    const int rc = libraw_->open_file(path_.c_str());
    ASSERT_EQ(rc, LIBRAW_SUCCESS) << libraw_strerror(rc);
  }

  std::string path_ = scratch_path(".dng");
  test::ScratchFiles cleanup_{path_};
  Image16 raw_;
  DngRaw dng_;
  // LibRaw's object holds large buffers inline: too big for the stack.
  std::unique_ptr<LibRaw> libraw_ = std::make_unique<LibRaw>();
};

TEST_P(DngLibRawTest, ReportsADngOfTheWrittenSize) {
  const libraw_image_sizes_t& s = libraw_->imgdata.sizes;
  EXPECT_EQ(libraw_->imgdata.idata.dng_version, 0x01040000u);
  EXPECT_EQ(s.raw_width, 64);
  EXPECT_EQ(s.raw_height, 48);
  EXPECT_EQ(s.width, 64);
  EXPECT_EQ(s.height, 48);
  EXPECT_EQ(s.top_margin, 0);
  EXPECT_EQ(s.left_margin, 0);
  EXPECT_EQ(libraw_->imgdata.idata.colors, 3);
}

TEST_P(DngLibRawTest, ReportsTheCfaPatternOfThePhase) {
  ASSERT_GT(libraw_->imgdata.idata.filters, 1000u) << "not read as a 2x2 Bayer pattern";
  for (int row = 0; row < 4; ++row) {
    for (int col = 0; col < 4; ++col) {
      const CfaColour expected = cfa_colour(GetParam(), col, row);
      EXPECT_TRUE(libraw_colour_is(libraw_->COLOR(row, col), expected))
          << "row " << row << " col " << col << ": LibRaw colour " << libraw_->COLOR(row, col)
          << ", written " << cfa_phase_name(GetParam());
    }
  }
}

TEST_P(DngLibRawTest, ReportsBlackLevelPerCfaPositionAndWhiteLevel) {
  const libraw_colordata_t& c = libraw_->imgdata.color;
  // DNG BlackLevel with BlackLevelRepeatDim 2x2 lands in cblack[6..9] in tile order, with
  // cblack[4..5] the tile size; LibRaw folds it into cblack[0..3] only when processing.
  EXPECT_EQ(c.black, 0u);
  EXPECT_EQ(c.cblack[4], 2u);
  EXPECT_EQ(c.cblack[5], 2u);
  for (int row = 0; row < 2; ++row) {
    for (int col = 0; col < 2; ++col) {
      const double written = dng_.black_level[cfa_colour(GetParam(), col, row)];
      const int i = 6 + row * 2 + col;
      EXPECT_EQ(c.cblack[i], static_cast<unsigned>(written)) << "row " << row << " col " << col;
      EXPECT_FLOAT_EQ(c.dng_levels.dng_fcblack[i], written) << "row " << row << " col " << col;
    }
  }
  EXPECT_EQ(c.maximum, 4000u);
  EXPECT_EQ(c.dng_levels.dng_whitelevel[0], 4000u);
}

TEST_P(DngLibRawTest, ReportsTheColourMatrixItsIlluminantAndUsesIt) {
  const libraw_colordata_t& c = libraw_->imgdata.color;
  EXPECT_EQ(c.dng_color[0].illuminant, 21);  // D65
  for (int i = 0; i < 9; ++i) {
    EXPECT_NEAR(c.dng_color[0].colormatrix[i / 3][i % 3], dng_.color_matrix1[i], 1e-6) << i;
  }
  // LibRaw derives the daylight white balance from the matrix: pre_mul[c] = 1 / (M * white)[c]
  // with white the XYZ of D65 (dcraw's xyz_rgb row sums), so matching ratios prove it used it.
  const std::array<double, 3> d65 = {0.950456, 1.0, 1.088754};
  std::array<double, 3> camera_white{};
  for (int r = 0; r < 3; ++r) {
    for (int k = 0; k < 3; ++k)
      camera_white[r] += dng_.color_matrix1[r * 3 + k] * d65[k];
  }
  for (int ch : {0, 2}) {
    EXPECT_NEAR(c.pre_mul[ch] / c.pre_mul[1], camera_white[1] / camera_white[ch], 1e-4) << ch;
  }
}

TEST_P(DngLibRawTest, ReportsAsShotNeutralAsCameraMultipliers) {
  const libraw_colordata_t& c = libraw_->imgdata.color;
  for (int ch = 0; ch < 3; ++ch) {
    EXPECT_FLOAT_EQ(c.dng_levels.asshotneutral[ch], dng_.as_shot_neutral[ch]) << ch;
    // dcraw convention: the multiplier that makes the neutral grey is its reciprocal.
    EXPECT_NEAR(c.cam_mul[ch] / c.cam_mul[1], dng_.as_shot_neutral[1] / dng_.as_shot_neutral[ch],
                1e-6)
        << ch;
  }
}

TEST_P(DngLibRawTest, ReportsMakeModelAndExposure) {
  EXPECT_STREQ(libraw_->imgdata.idata.make, "ispsim");
  EXPECT_STREQ(libraw_->imgdata.idata.model, "IMX989-class simulated");
  const libraw_imgother_t& o = libraw_->imgdata.other;
  EXPECT_NEAR(o.shutter, 1.0 / 60, 1e-7);
  EXPECT_FLOAT_EQ(o.iso_speed, 400);
  EXPECT_FLOAT_EQ(o.aperture, 1.9f);
  EXPECT_FLOAT_EQ(o.focal_len, 8.7f);
}

TEST_P(DngLibRawTest, RawSamplesEqualTheWrittenFrameBitForBit) {
  ASSERT_EQ(libraw_->unpack(), LIBRAW_SUCCESS);
  const libraw_rawdata_t& r = libraw_->imgdata.rawdata;
  ASSERT_NE(r.raw_image, nullptr) << "not unpacked as a single-channel CFA image";
  const int pitch = libraw_->imgdata.sizes.raw_pitch / 2;
  int mismatches = 0;
  for (int y = 0; y < raw_.height(); ++y) {
    for (int x = 0; x < raw_.width(); ++x) {
      if (r.raw_image[y * pitch + x] != raw_.at(x, y) && ++mismatches <= 5) {
        ADD_FAILURE() << "(" << x << ", " << y << "): LibRaw " << r.raw_image[y * pitch + x]
                      << ", written " << raw_.at(x, y);
      }
    }
  }
  EXPECT_EQ(mismatches, 0);
}

INSTANTIATE_TEST_SUITE_P(AllCfaPhases, DngLibRawTest, ::testing::Range(0, kCfaPhaseCount),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return std::string(cfa_phase_name(info.param));
                         });

// The tags work together when LibRaw develops the file: a flat field whose pedestal-free signal
// is proportional to AsShotNeutral must come out grey with the camera white balance.
class DngDevelopTest : public ::testing::TestWithParam<int> {};

TEST_P(DngDevelopTest, AsShotNeutralDevelopsToGrey) {
  const std::string path = scratch_path(".dng");
  test::ScratchFiles cleanup{path};
  Image16 raw(64, 48, 1);
  DngRaw dng = test::test_dng(raw, GetParam());
  const double signal = 2000;
  const std::array<double, 4> neutral = {dng.as_shot_neutral[0], dng.as_shot_neutral[1],
                                         dng.as_shot_neutral[1], dng.as_shot_neutral[2]};
  for (int y = 0; y < raw.height(); ++y) {
    for (int x = 0; x < raw.width(); ++x) {
      const CfaColour c = cfa_colour(GetParam(), x, y);
      raw.at(x, y) = static_cast<uint16_t>(std::lround(dng.black_level[c] + signal * neutral[c]));
    }
  }
  write_dng(path, dng);

  auto libraw = std::make_unique<LibRaw>();
  ASSERT_EQ(libraw->open_file(path.c_str()), LIBRAW_SUCCESS);
  ASSERT_EQ(libraw->unpack(), LIBRAW_SUCCESS);
  libraw_output_params_t& params = libraw->imgdata.params;
  params.use_camera_wb = 1;
  params.output_color = 0;  // camera RGB: isolates white balance and black from the matrix
  params.gamm[0] = params.gamm[1] = 1;
  params.no_auto_bright = 1;
  params.output_bps = 16;
  ASSERT_EQ(libraw->dcraw_process(), LIBRAW_SUCCESS);
  int error = 0;
  libraw_processed_image_t* image = libraw->dcraw_make_mem_image(&error);
  ASSERT_NE(image, nullptr) << libraw_strerror(error);
  const auto* rgb = reinterpret_cast<const uint16_t*>(image->data);
  const size_t centre = (static_cast<size_t>(image->height / 2) * image->width + image->width / 2);
  const double r = rgb[centre * 3], g = rgb[centre * 3 + 1], b = rgb[centre * 3 + 2];
  LibRaw::dcraw_clear_mem(image);
  EXPECT_GT(g, 10000) << "developed image is dark";
  // 0.5%: LibRaw keeps black levels as integers, so the 259.5 pedestal costs ~0.07% in blue.
  EXPECT_NEAR(r / g, 1.0, 0.005) << "R " << r << " G " << g;
  EXPECT_NEAR(b / g, 1.0, 0.005) << "B " << b << " G " << g;
}

INSTANTIATE_TEST_SUITE_P(AllCfaPhases, DngDevelopTest, ::testing::Range(0, kCfaPhaseCount),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return std::string(cfa_phase_name(info.param));
                         });

// Each ADC depth keeps its full code range, at an odd size that leaves the 2x2 tile incomplete.
class DngBitDepthTest : public ::testing::TestWithParam<int> {};

TEST_P(DngBitDepthTest, FullCodeRangeSurvivesAtOddSize) {
  const int bits = GetParam();
  const std::string path = scratch_path(".dng");
  test::ScratchFiles cleanup{path};
  const Image16 raw = test::synthetic_bayer(37, 23, bits);
  DngRaw dng = test::test_dng(raw, 1);
  dng.bits_per_sample = bits;
  dng.white_level = (1 << bits) - 1;
  write_dng(path, dng);

  auto libraw = std::make_unique<LibRaw>();
  ASSERT_EQ(libraw->open_file(path.c_str()), LIBRAW_SUCCESS);
  ASSERT_EQ(libraw->unpack(), LIBRAW_SUCCESS);
  EXPECT_EQ(libraw->imgdata.sizes.raw_width, 37);
  EXPECT_EQ(libraw->imgdata.sizes.raw_height, 23);
  EXPECT_EQ(libraw->imgdata.color.maximum, static_cast<unsigned>((1 << bits) - 1));
  const int pitch = libraw->imgdata.sizes.raw_pitch / 2;
  Image16 read(37, 23, 1);
  for (int y = 0; y < 23; ++y) {
    for (int x = 0; x < 37; ++x)
      read.at(x, y) = libraw->imgdata.rawdata.raw_image[y * pitch + x];
  }
  EXPECT_TRUE(read == raw);
}

INSTANTIATE_TEST_SUITE_P(AdcDepths, DngBitDepthTest, ::testing::Values(10, 12, 14, 16));

}  // namespace
}  // namespace ispsim::sensor
