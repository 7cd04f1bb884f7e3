#include "firmware/blocks/white_balance/white_balance.hpp"

#include "model/regmap/regmap.hpp"

namespace ispsim::fw::blocks {
namespace isp = regs::isp;

void WhiteBalance::encode(const Tuning& tuning, RegisterWrites& writes) {
  const double max_gain = isp::WB_GAIN_GAIN.decode(isp::WB_GAIN_GAIN.mask());
  for (int c = 0; c < 3; ++c)
    if (!(tuning.gain[c] >= 0.0 && tuning.gain[c] <= max_gain))
      throw_bad_tuning("wb_gain", tuning.gain[c], "0..15.9998 (u4.12)");
  writes.push_back({isp::WB_CTRL, isp::WB_CTRL_BYPASS(tuning.bypass)});
  const double per_cfa_colour[4] = {tuning.gain[0], tuning.gain[1], tuning.gain[1], tuning.gain[2]};
  for (unsigned i = 0; i < isp::WB_GAIN_COUNT; ++i)
    writes.push_back({isp::WB_GAIN + 4 * i, isp::WB_GAIN_GAIN.encode(per_cfa_colour[i])});
}

}  // namespace ispsim::fw::blocks
