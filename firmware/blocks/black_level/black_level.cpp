#include "firmware/blocks/black_level/black_level.hpp"

#include <algorithm>

#include "model/regmap/regmap.hpp"

namespace ispsim::fw::blocks {
namespace isp = regs::isp;

constexpr int kRawMax = 4095;

uint32_t BlackLevel::norm_gain_code(uint16_t black_level, uint16_t white_level) {
  if (white_level > kRawMax) throw_bad_tuning("black_level.white_level", white_level, "<= 4095");
  if (black_level >= white_level)
    throw_bad_tuning("black_level", black_level, "below the white level");
  const double gain = static_cast<double>(kRawMax) / (white_level - black_level);
  if (!isp::BLC_NORM_GAIN_GAIN.holds(gain))
    throw_bad_tuning("black_level.white_level", white_level,
                     "at least 1/16 of full scale above black");
  return isp::BLC_NORM_GAIN_GAIN.encode(gain);
}

namespace {

uint32_t gain_code_of(const BlackLevel::Tuning& tuning) {
  uint16_t max_level = 0;
  for (uint16_t level : tuning.level) {
    if (level > kRawMax - 1) throw_bad_tuning("black_level", level, "0..4094");
    max_level = std::max(max_level, level);
  }
  return BlackLevel::norm_gain_code(max_level, tuning.white_level);
}

}  // namespace

double BlackLevel::norm_gain(const Tuning& tuning) {
  return isp::BLC_NORM_GAIN_GAIN.decode(gain_code_of(tuning));
}

void BlackLevel::encode(const Tuning& tuning, RegisterWrites& writes) {
  const uint32_t gain_code = gain_code_of(tuning);
  writes.push_back({isp::BLC_CTRL, isp::BLC_CTRL_BYPASS(tuning.bypass)});
  for (unsigned i = 0; i < isp::BLC_LEVEL_COUNT; ++i)
    writes.push_back({isp::BLC_LEVEL + 4 * i, isp::BLC_LEVEL_LEVEL(tuning.level[i])});
  writes.push_back({isp::BLC_NORM_GAIN, gain_code});
}

}  // namespace ispsim::fw::blocks
