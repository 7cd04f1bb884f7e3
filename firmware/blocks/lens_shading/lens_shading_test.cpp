// The lens shading firmware: the grid in its register format, the choice between calibrated
// tables by colour temperature (hand values in mired), and the calibration against a flat
// field whose fall-off is written in the test.
#include "firmware/blocks/lens_shading/lens_shading.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "firmware/hal.hpp"
#include "model/regmap/regmap.hpp"

namespace ispsim::fw::blocks {
namespace {

namespace isp = regs::isp;
constexpr int kCols = 17, kRows = 13;

TEST(LensShadingEncoder, EveryNodeInU412InRegisterOrder) {
  LensShading::Tuning tuning;
  tuning.gain[0] = 1.5;                               // R, top-left
  tuning.gain[(3 * kRows + 12) * kCols + 16] = 2.25;  // B, bottom-right
  RegisterWrites writes;
  LensShading::encode(tuning, writes);
  ASSERT_EQ(writes.size(), 1u + 4 * kRows * kCols);
  EXPECT_EQ(writes[0].address, isp::LSC_CTRL);
  EXPECT_EQ(writes[0].value, 0u);
  EXPECT_EQ(writes[1].address, isp::LSC_GAIN);
  EXPECT_EQ(writes[1].value, 6144u);  // 1.5 x 4096
  EXPECT_EQ(writes[2].value, 4096u);  // unity
  EXPECT_EQ(writes.back().address, isp::LSC_GAIN + 4 * (4 * kRows * kCols - 1));
  EXPECT_EQ(writes.back().value, 9216u);  // 2.25 x 4096
}

TEST(LensShadingEncoder, ImpossibleGainNamesTheNode) {
  for (const double bad : {16.0, -0.01, std::nan("")}) {
    LensShading::Tuning tuning;
    tuning.gain[37] = bad;
    RegisterWrites writes;
    try {
      LensShading::encode(tuning, writes);
      ADD_FAILURE() << bad << " accepted";
    } catch (const FirmwareError& e) {
      EXPECT_NE(std::string(e.what()).find("lens_shading.gain[37]"), std::string::npos) << e.what();
    }
  }
}

LensShadingTable table(double cct, double gain) {
  LensShadingTable t;
  t.cct_k = cct;
  t.gain.fill(gain);
  return t;
}

TEST(LensShadingTables, InterpolatedInMiredNearestOutside) {
  const std::vector<LensShadingTable> tables = {table(6500, 1.0), table(2850, 2.0),
                                                table(4000, 1.2)};
  EXPECT_DOUBLE_EQ(lens_shading_for_cct(tables, 6500)[0], 1.0);
  EXPECT_DOUBLE_EQ(lens_shading_for_cct(tables, 12000)[5], 1.0);  // bluer than any: nearest
  EXPECT_DOUBLE_EQ(lens_shading_for_cct(tables, 2000)[5], 2.0);   // warmer than any
  EXPECT_DOUBLE_EQ(lens_shading_for_cct(tables, 4000)[9], 1.2);
  // Halfway in mired between 4000 K (250) and 2850 K (350.88): 300.44 mired, 3328.5 K.
  const double halfway = 1e6 / ((1e6 / 4000 + 1e6 / 2850) / 2);
  EXPECT_NEAR(lens_shading_for_cct(tables, halfway)[100], 1.6, 1e-12);
  // A quarter of the way from 6500 K (153.85 mired) to 4000 K (250).
  const double quarter = 1e6 / (1e6 / 6500 + (1e6 / 4000 - 1e6 / 6500) / 4);
  EXPECT_NEAR(lens_shading_for_cct(tables, quarter)[0], 1.05, 1e-12);
  EXPECT_THROW(lens_shading_for_cct({}, 5000), FirmwareError);
  EXPECT_THROW(lens_shading_for_cct(tables, 0), FirmwareError);
  EXPECT_THROW(lens_shading_for_cct({table(-1, 1.0)}, 5000), FirmwareError);
}

// Relative illumination written here: cos^4-like radial fall-off, stronger in red, with a
// horizontal tilt in blue (a decentred lens), r = 1 at the corner.
double shading(int colour, double x, double y, int w, int h) {
  const double u = (x - 0.5 * (w - 1)) / (0.5 * (w - 1)), v = (y - 0.5 * (h - 1)) / (0.5 * (h - 1));
  const double r2 = (u * u * w * w + v * v * h * h) / double(w * w + h * h);
  const double falloff[4] = {0.55, 0.45, 0.45, 0.48};
  return (1.0 - falloff[colour] * r2 - 0.05 * r2 * r2) * (colour == 3 ? 1.0 + 0.04 * u : 1.0);
}

struct Field {
  int w, h;
  std::vector<uint16_t> samples;
  RawView flat() const { return {samples.data(), w, h, 1, 256.0, 4095.0}; }
};

// A GRBG flat field: 2000 codes above a 256 black at the centre, shaded, with shot-like noise
// and a sprinkle of hot and dead pixels.
Field make_field(int w, int h, double centre) {
  Field f{w, h, std::vector<uint16_t>(size_t(w) * size_t(h))};
  std::mt19937 rng(5);
  std::normal_distribution<double> noise(0.0, 1.0);
  const char* grbg[2] = {"GR", "BG"};
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const char letter = grbg[y & 1][x & 1];
      const int colour = letter == 'R' ? 0 : letter == 'B' ? 3 : (y & 1) ? 2 : 1;
      const double mean = centre * shading(colour, x, y, w, h);
      double value = 256.0 + mean + std::sqrt(mean * 0.5) * noise(rng);
      if ((x * 7 + y * 13) % 997 == 0) value = 4095;  // hot
      if ((x * 11 + y * 3) % 1499 == 0) value = 0;    // dead
      f.samples[size_t(y) * size_t(w) + size_t(x)] = uint16_t(std::clamp(value, 0.0, 4095.0));
    }
  return f;
}

TEST(LensShadingCalibration, GainsUndoTheFieldsFallOff) {
  const Field field = make_field(1024, 768, 2000);
  const LensShading::Grid grid = calibrate_lens_shading(field.flat());
  double worst = 0;
  for (int c = 0; c < 4; ++c)
    for (int j = 0; j < kRows; ++j)
      for (int i = 0; i < kCols; ++i) {
        const double x = i * 1023.0 / 16, y = j * 767.0 / 12;
        const double expected = shading(c, 511.5, 383.5, 1024, 768) / shading(c, x, y, 1024, 768);
        const double got = grid[size_t((c * kRows + j) * kCols + i)];
        worst = std::max(worst, std::abs(got / expected - 1));
      }
  EXPECT_LT(worst, 0.004);  // corners need x2.5 in red
}

TEST(LensShadingCalibration, RefusesFieldsItCannotMeasure) {
  Field small = make_field(100, 80, 2000);
  EXPECT_THROW(calibrate_lens_shading(small.flat()), FirmwareError);
  Field clipped = make_field(256, 192, 3900);
  EXPECT_THROW(calibrate_lens_shading(clipped.flat()), FirmwareError);
  Field dark = make_field(256, 192, 40);
  try {
    calibrate_lens_shading(dark.flat());
    ADD_FAILURE() << "a dark field was accepted";
  } catch (const FirmwareError& e) {
    EXPECT_NE(std::string(e.what()).find("expose it higher"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace ispsim::fw::blocks
