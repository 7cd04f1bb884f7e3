#include "firmware/blocks/hdr_merge/hdr_merge.hpp"

#include <algorithm>
#include <cmath>

#include "model/blocks/hdr_merge/hdr_merge.hpp"
#include "model/regmap/regmap.hpp"

namespace ispsim::fw::blocks {
namespace isp = regs::isp;
static_assert(HdrMerge::kKnots == isp::HDR_COMPAND_COUNT, "one knot per HDR_COMPAND register");

double HdrMerge::compander_curve(double x, double linear_max, double power) {
  return 4095.0 * std::pow(std::clamp(x / linear_max, 0.0, 1.0), power);
}

std::array<uint16_t, HdrMerge::kKnots> HdrMerge::compander_knots(double linear_max, double power) {
  std::array<uint16_t, kKnots> knots{};
  for (int j = 0; j < kKnots; ++j) {
    const double x = ispsim::blocks::HdrMerge::knot_input(j) / 16.0;  // exposure 0's codes
    knots[static_cast<size_t>(j)] =
        static_cast<uint16_t>(std::round(compander_curve(x, linear_max, power)));
  }
  return knots;
}

void HdrMerge::encode(const Tuning& tuning, RegisterWrites& writes) {
  if (tuning.exposures < 1 || tuning.exposures > 3)
    throw_bad_tuning("hdr_merge.exposures", tuning.exposures, "1..3");
  if (!isp::HDR_BLACK_LEVEL.holds(tuning.black))
    throw_bad_tuning("hdr_merge.black", tuning.black, "0..65535 codes");
  if (!isp::HDR_SATURATED_LEVEL.holds(tuning.saturated) || tuning.saturated <= tuning.black)
    throw_bad_tuning("hdr_merge.saturated", tuning.saturated, "black < saturated <= 65535 codes");
  for (double ratio : tuning.ratio)
    if (!(ratio >= 1.0) || !isp::HDR_RATIO_RATIO.holds(ratio))
      throw_bad_tuning("hdr_merge.ratio", ratio, "1..1023.98");
  if (!isp::HDR_SHOT_SHOT.holds(tuning.shot))
    throw_bad_tuning("hdr_merge.shot", tuning.shot, "0..255.99 codes^2 per code");
  if (!isp::HDR_READ_READ.holds(tuning.read))
    throw_bad_tuning("hdr_merge.read", tuning.read, "0..4095.94 codes^2");
  if (!isp::HDR_MOTION_THRESHOLD.holds(tuning.motion_threshold))
    throw_bad_tuning("hdr_merge.motion_threshold", tuning.motion_threshold, "0..15.94 sigmas");
  if (!(tuning.linear_max > 0) || tuning.linear_max > ispsim::blocks::HdrMerge::kMaxLinear / 16.0)
    throw_bad_tuning("hdr_merge.linear_max", tuning.linear_max, "0 < max <= 1048575.94 codes");
  if (!(tuning.power > 0 && tuning.power <= 1))
    throw_bad_tuning("hdr_merge.power", tuning.power, "0 < power <= 1");
  writes.push_back(
      {isp::HDR_CTRL, isp::HDR_CTRL_BYPASS(tuning.bypass) |
                          isp::HDR_CTRL_EXPOSURES(static_cast<uint32_t>(tuning.exposures))});
  writes.push_back({isp::HDR_BLACK, isp::HDR_BLACK_LEVEL.encode(tuning.black)});
  writes.push_back({isp::HDR_SATURATED, isp::HDR_SATURATED_LEVEL.encode(tuning.saturated)});
  for (unsigned k = 0; k < isp::HDR_RATIO_COUNT; ++k)
    writes.push_back({isp::HDR_RATIO + 4 * k, isp::HDR_RATIO_RATIO.encode(tuning.ratio[k])});
  writes.push_back({isp::HDR_SHOT, isp::HDR_SHOT_SHOT.encode(tuning.shot)});
  writes.push_back({isp::HDR_READ, isp::HDR_READ_READ.encode(tuning.read)});
  writes.push_back({isp::HDR_MOTION, isp::HDR_MOTION_THRESHOLD.encode(tuning.motion_threshold)});
  const auto knots = compander_knots(tuning.linear_max, tuning.power);
  for (unsigned j = 0; j < isp::HDR_COMPAND_COUNT; ++j)
    writes.push_back({isp::HDR_COMPAND + 4 * j, isp::HDR_COMPAND_VALUE(knots[j])});
}

}  // namespace ispsim::fw::blocks
