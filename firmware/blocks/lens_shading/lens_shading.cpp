#include "firmware/blocks/lens_shading/lens_shading.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "firmware/hal.hpp"
#include "firmware/interpolation.hpp"
#include "model/regmap/regmap.hpp"

namespace ispsim::fw::blocks {
namespace isp = regs::isp;

LensShading::Grid LensShading::unity() {
  Grid grid;
  grid.fill(1.0);
  return grid;
}

void LensShading::encode(const Tuning& tuning, RegisterWrites& writes) {
  static_assert(isp::LSC_GAIN_COUNT == 4 * kNodes, "one register per node and colour");
  for (size_t i = 0; i < tuning.gain.size(); ++i)
    if (!isp::LSC_GAIN_GAIN.holds(tuning.gain[i])) {
      const std::string field = "lens_shading.gain[" + std::to_string(i) + "]";
      throw_bad_tuning(field.c_str(), tuning.gain[i], "0..15.999");
    }
  writes.push_back({isp::LSC_CTRL, isp::LSC_CTRL_BYPASS(tuning.bypass)});
  for (unsigned i = 0; i < isp::LSC_GAIN_COUNT; ++i)
    writes.push_back({isp::LSC_GAIN + 4 * i, isp::LSC_GAIN_GAIN.encode(tuning.gain[i])});
}

LensShading::Grid lens_shading_for_cct(const std::vector<LensShadingTable>& tables, double cct_k) {
  if (tables.empty()) throw FirmwareError("lens shading: no calibrated tables");
  if (!(cct_k > 0.0))
    throw FirmwareError("lens shading: colour temperature " + std::to_string(cct_k) +
                        " K is not positive");
  std::vector<const LensShadingTable*> by_mired;
  for (const auto& table : tables) {
    if (!(table.cct_k > 0.0))
      throw FirmwareError("lens shading: a table's colour temperature " +
                          std::to_string(table.cct_k) + " K is not positive");
    by_mired.push_back(&table);
  }
  // Ascending mired is descending temperature.
  std::sort(by_mired.begin(), by_mired.end(),
            [](const auto* a, const auto* b) { return a->cct_k > b->cct_k; });
  std::vector<double> mireds;
  for (const auto* table : by_mired)
    mireds.push_back(1e6 / table->cct_k);
  const Bracket at = bracket(mireds, 1e6 / cct_k);
  const LensShadingTable& hot = *by_mired[at.lower];
  const LensShadingTable& cold = *by_mired[at.upper];
  const double t = at.t;
  LensShading::Grid grid;
  for (size_t i = 0; i < grid.size(); ++i)
    grid[i] = hot.gain[i] + t * (cold.gain[i] - hot.gain[i]);
  return grid;
}

}  // namespace ispsim::fw::blocks
