// The defect pixel encoder: the margin's two parts in their register formats, and a clear error
// for a tuning the hardware cannot hold.
#include "firmware/blocks/defect_pixel/defect_pixel.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "firmware/hal.hpp"
#include "model/regmap/regmap.hpp"

namespace ispsim::fw::blocks {
namespace {

namespace isp = regs::isp;

uint32_t written(const RegisterWrites& writes, uint32_t address) {
  for (const auto& w : writes)
    if (w.address == address) return w.value;
  ADD_FAILURE() << "no write to " << address;
  return 0;
}

TEST(DefectPixelEncoder, ThresholdIsCodesAndSlopeIsEighthBitFractions) {
  DefectPixel::Tuning tuning;
  tuning.threshold = 48;
  tuning.slope = 0.125;
  tuning.support_check = false;
  RegisterWrites writes;
  DefectPixel::encode(tuning, writes);
  EXPECT_EQ(written(writes, isp::DPC_CTRL), 0u);        // not bypassed, no support check
  EXPECT_EQ(written(writes, isp::DPC_THRESHOLD), 48u);  // u12.0
  EXPECT_EQ(written(writes, isp::DPC_SLOPE), 32u);      // u0.8: 0.125 x 256
}

TEST(DefectPixelEncoder, SupportCheckIsABitAndItsLimitSixtyFourths) {
  DefectPixel::Tuning tuning;
  tuning.support_limit = 0.75;
  RegisterWrites writes;
  DefectPixel::encode(tuning, writes);
  EXPECT_EQ(written(writes, isp::DPC_CTRL), 2u);      // bit 1
  EXPECT_EQ(written(writes, isp::DPC_SUPPORT), 48u);  // u2.6: 0.75 x 64
  for (const double bad : {-0.1, 4.0, std::nan("")}) {
    tuning.support_limit = bad;
    EXPECT_THROW(
        {
          try {
            DefectPixel::encode(tuning, writes);
          } catch (const FirmwareError& e) {
            EXPECT_NE(std::string(e.what()).find("defect_pixel.support_limit"), std::string::npos);
            throw;
          }
        },
        FirmwareError)
        << bad;
  }
}

TEST(DefectPixelEncoder, ImpossibleTuningNamesTheField) {
  for (const auto& [threshold, slope, field] :
       {std::tuple{5000.0, 0.1, "defect_pixel.threshold"},
        std::tuple{-1.0, 0.1, "defect_pixel.threshold"},
        std::tuple{10.0, 1.5, "defect_pixel.slope"},
        std::tuple{10.0, 0.999, "defect_pixel.slope"},  // rounds to 256/256
        std::tuple{10.0, -0.1, "defect_pixel.slope"},
        std::tuple{10.0, std::nan(""), "defect_pixel.slope"},
        std::tuple{std::nan(""), 0.1, "defect_pixel.threshold"}}) {
    DefectPixel::Tuning tuning;
    tuning.threshold = threshold;
    tuning.slope = slope;
    RegisterWrites writes;
    try {
      DefectPixel::encode(tuning, writes);
      ADD_FAILURE() << field << " accepted";
    } catch (const FirmwareError& e) {
      EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
    }
  }
}

TEST(DefectPixelEncoder, StaticDefectsGoInRasterOrderOnce) {
  DefectPixel::Tuning tuning;
  tuning.static_defects = {{7, 2}, {3, 9}, {100, 2}, {7, 2}, {0, 0}};
  RegisterWrites writes;
  DefectPixel::encode(tuning, writes);
  EXPECT_EQ(written(writes, isp::DPC_TABLE_LEN), 4u);
  const uint32_t expected[] = {0x00000000, 0x00020007, 0x00020064, 0x00090003};  // y << 16 | x
  for (unsigned i = 0; i < 4; ++i)
    EXPECT_EQ(written(writes, isp::DPC_TABLE + 4 * i), expected[i]) << i;
}

TEST(DefectPixelEncoder, ATableItCannotHoldIsRefused) {
  DefectPixel::Tuning outside;
  outside.static_defects = {{5, 70000}};
  RegisterWrites writes;
  EXPECT_THROW(DefectPixel::encode(outside, writes), FirmwareError);
  DefectPixel::Tuning too_many;
  for (int i = 0; i <= DefectPixel::kTableSize; ++i)
    too_many.static_defects.push_back({i % 100, i / 100});
  try {
    DefectPixel::encode(too_many, writes);
    ADD_FAILURE() << "4097 locations accepted";
  } catch (const FirmwareError& e) {
    EXPECT_NE(std::string(e.what()).find("4097 locations"), std::string::npos) << e.what();
  }
}

// A dark frame (black 256, read noise) with planted hot pixels, and a flat one (2000 codes of
// signal, shot-like noise) with planted dead, weak and stuck ones, in a 2% PRNU-like texture.
struct Frames {
  int w = 60, h = 40;
  std::vector<uint16_t> dark, flat;
  RawView view(const std::vector<uint16_t>& s) const { return {s.data(), w, h, 0, 256, 4095}; }
};

Frames planted() {
  Frames f;
  std::mt19937 rng(3);
  std::normal_distribution<double> unit(0.0, 1.0);
  for (int i = 0; i < f.w * f.h; ++i) {
    f.dark.push_back(uint16_t(std::lround(256 + 3 * unit(rng))));
    f.flat.push_back(uint16_t(std::lround(256 + 2000 * (1 + 0.02 * unit(rng)))));
  }
  auto at = [&](std::vector<uint16_t>& s, int x, int y) -> uint16_t& { return s[y * f.w + x]; };
  at(f.dark, 10, 10) = 256 + 400;  // hot
  at(f.dark, 0, 0) = 256 + 60;     // warm, in the corner
  at(f.dark, 59, 39) = 256 + 30;   // warm, in the other corner
  at(f.flat, 31, 17) = 256;        // dead
  at(f.flat, 45, 3) = 256 + 1200;  // weak: 60%
  at(f.flat, 2, 38) = 4095;        // stuck high
  return f;
}

TEST(DefectCalibration, FindsThePlantedDefectsAndNothingElse) {
  const Frames f = planted();
  const auto found = find_static_defects(f.view(f.dark), f.view(f.flat));
  std::vector<std::pair<int, int>> places;
  for (const auto& d : found)
    places.push_back({d.where.x, d.where.y});
  // Worst first: the dead (2000 below), stuck (about 1840 above), weak (800), then the hot ones.
  const std::vector<std::pair<int, int>> expected = {{31, 17}, {2, 38}, {45, 3},
                                                     {10, 10}, {0, 0},  {59, 39}};
  EXPECT_EQ(places, expected);
  const auto table = worst_defects(found, 2);
  ASSERT_EQ(table.size(), 2u);
  EXPECT_EQ(table[1].x, 2);
  EXPECT_EQ(table[1].y, 38);
}

TEST(DefectCalibration, FramesOfDifferentSizesAreRefused) {
  Frames f = planted();
  RawView small = f.view(f.flat);
  small.width = 30;
  EXPECT_THROW(find_static_defects(f.view(f.dark), small), FirmwareError);
}

}  // namespace
}  // namespace ispsim::fw::blocks
