#include "firmware/blocks/green_balance/green_balance.hpp"

#include <cmath>

#include "model/regmap/regmap.hpp"

namespace ispsim::fw::blocks {
namespace isp = regs::isp;

void GreenBalance::encode(const Tuning& tuning, RegisterWrites& writes) {
  if (!isp::GBAL_LIMIT_LIMIT.holds(tuning.limit))
    throw_bad_tuning("green_balance.limit", tuning.limit, "0..0.996 (255/256)");
  writes.push_back({isp::GBAL_CTRL, isp::GBAL_CTRL_BYPASS(tuning.bypass)});
  writes.push_back({isp::GBAL_LIMIT, isp::GBAL_LIMIT_LIMIT.encode(tuning.limit)});
}

}  // namespace ispsim::fw::blocks
