#include "firmware/blocks/black_level/black_level.hpp"

#include <algorithm>

#include "model/regmap/regmap.hpp"

namespace ispsim::fw::blocks {
namespace isp = regs::isp;

constexpr int kRawMax = 4095;

uint32_t BlackLevel::norm_gain_code(uint16_t black_level) {
  if (black_level >= kRawMax) throw_bad_tuning("black_level", black_level, "0..4094");
  return isp::BLC_NORM_GAIN_GAIN.encode(static_cast<double>(kRawMax) / (kRawMax - black_level));
}

void BlackLevel::encode(const Tuning& tuning, RegisterWrites& writes) {
  uint16_t max_level = 0;
  for (uint16_t level : tuning.level) {
    if (level > kRawMax - 1) throw_bad_tuning("black_level", level, "0..4094");
    max_level = std::max(max_level, level);
  }
  writes.push_back({isp::BLC_CTRL, isp::BLC_CTRL_BYPASS(tuning.bypass)});
  for (unsigned i = 0; i < isp::BLC_LEVEL_COUNT; ++i)
    writes.push_back({isp::BLC_LEVEL + 4 * i, isp::BLC_LEVEL_LEVEL(tuning.level[i])});
  writes.push_back({isp::BLC_NORM_GAIN, norm_gain_code(max_level)});
}

}  // namespace ispsim::fw::blocks
