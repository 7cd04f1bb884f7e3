// The defect pixel encoder: the margin's two parts in their register formats, and a clear error
// for a tuning the hardware cannot hold.
#include "firmware/blocks/defect_pixel/defect_pixel.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <tuple>

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
  RegisterWrites writes;
  DefectPixel::encode(tuning, writes);
  EXPECT_EQ(written(writes, isp::DPC_CTRL), 0u);        // not bypassed
  EXPECT_EQ(written(writes, isp::DPC_THRESHOLD), 48u);  // u12.0
  EXPECT_EQ(written(writes, isp::DPC_SLOPE), 32u);      // u0.8: 0.125 x 256
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

}  // namespace
}  // namespace ispsim::fw::blocks
