#include "firmware/blocks/defect_pixel/defect_pixel.hpp"

#include <cmath>

#include "model/regmap/regmap.hpp"

namespace ispsim::fw::blocks {
namespace isp = regs::isp;

void DefectPixel::encode(const Tuning& tuning, RegisterWrites& writes) {
  if (!(tuning.threshold >= 0.0 && tuning.threshold <= 4095.0))
    throw_bad_tuning("defect_pixel.threshold", tuning.threshold, "0..4095");
  // u0.8: at most 255/256 once rounded to the register's steps.
  if (!(tuning.slope >= 0.0 && std::round(tuning.slope * 256.0) <= 255.0))
    throw_bad_tuning("defect_pixel.slope", tuning.slope, "0..0.996 (255/256)");
  writes.push_back({isp::DPC_CTRL, isp::DPC_CTRL_BYPASS(tuning.bypass)});
  writes.push_back({isp::DPC_THRESHOLD, isp::DPC_THRESHOLD_THRESHOLD.encode(tuning.threshold)});
  writes.push_back({isp::DPC_SLOPE, isp::DPC_SLOPE_SLOPE.encode(tuning.slope)});
}

}  // namespace ispsim::fw::blocks
