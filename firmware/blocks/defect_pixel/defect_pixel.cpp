#include "firmware/blocks/defect_pixel/defect_pixel.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "firmware/hal.hpp"

#include "model/regmap/regmap.hpp"

namespace ispsim::fw::blocks {
namespace isp = regs::isp;

void DefectPixel::encode(const Tuning& tuning, RegisterWrites& writes) {
  if (!isp::DPC_THRESHOLD_THRESHOLD.holds(tuning.threshold))
    throw_bad_tuning("defect_pixel.threshold", tuning.threshold, "0..4095");
  if (!isp::DPC_SLOPE_SLOPE.holds(tuning.slope))
    throw_bad_tuning("defect_pixel.slope", tuning.slope, "0..0.996 (255/256)");
  if (!isp::DPC_SUPPORT_LIMIT.holds(tuning.support_limit))
    throw_bad_tuning("defect_pixel.support_limit", tuning.support_limit, "0..3.98 (255/64)");
  writes.push_back({isp::DPC_CTRL, isp::DPC_CTRL_BYPASS(tuning.bypass) |
                                       isp::DPC_CTRL_SUPPORT_CHECK(tuning.support_check)});
  writes.push_back({isp::DPC_THRESHOLD, isp::DPC_THRESHOLD_THRESHOLD.encode(tuning.threshold)});
  writes.push_back({isp::DPC_SLOPE, isp::DPC_SLOPE_SLOPE.encode(tuning.slope)});
  writes.push_back({isp::DPC_SUPPORT, isp::DPC_SUPPORT_LIMIT.encode(tuning.support_limit)});
  std::vector<uint32_t> table;
  for (const auto& d : tuning.static_defects) {
    if (d.x < 0 || d.x > 65535 || d.y < 0 || d.y > 65535)
      throw FirmwareError("tuning defect_pixel.static_defects: location (" + std::to_string(d.x) +
                          ", " + std::to_string(d.y) + ") outside 0..65535");
    table.push_back(isp::DPC_TABLE_Y(static_cast<uint32_t>(d.y)) |
                    isp::DPC_TABLE_X(static_cast<uint32_t>(d.x)));
  }
  // Raster order is (y, x) order, which is the packed words' order (y in the high half).
  std::sort(table.begin(), table.end());
  table.erase(std::unique(table.begin(), table.end()), table.end());
  if (table.size() > static_cast<size_t>(kTableSize))
    throw FirmwareError("tuning defect_pixel.static_defects: " + std::to_string(table.size()) +
                        " locations, more than the table's " + std::to_string(kTableSize));
  writes.push_back(
      {isp::DPC_TABLE_LEN, isp::DPC_TABLE_LEN_ENTRIES(static_cast<uint32_t>(table.size()))});
  for (size_t i = 0; i < table.size(); ++i)
    writes.push_back({isp::DPC_TABLE + 4 * static_cast<uint32_t>(i), table[i]});
}

std::vector<DefectPixel::Tuning::Location> worst_defects(const std::vector<FoundDefect>& found,
                                                         int capacity) {
  std::vector<FoundDefect> sorted = found;
  std::stable_sort(sorted.begin(), sorted.end(), [](const FoundDefect& a, const FoundDefect& b) {
    return a.deviation > b.deviation;
  });
  std::vector<DefectPixel::Tuning::Location> kept;
  for (size_t i = 0; i < sorted.size() && i < static_cast<size_t>(std::max(capacity, 0)); ++i)
    kept.push_back(sorted[i].where);
  return kept;
}

}  // namespace ispsim::fw::blocks
