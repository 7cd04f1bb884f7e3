#include "firmware/blocks/csc/csc.hpp"

#include "model/regmap/regmap.hpp"

namespace ispsim::fw::blocks {
namespace isp = regs::isp;

Csc::Codes Csc::bt709_limited_range() {
  // ITU-R BT.709-6 item 3.2/3.3: Y = Kr R + Kg G + Kb B, Cb = (B - Y) / (2 (1 - Kb)),
  // Cr = (R - Y) / (2 (1 - Kr)); limited range scales Y by 219/255 and chroma by 224/255.
  constexpr double kr = 0.2126, kb = 0.0722, kg = 1.0 - kr - kb;
  constexpr double y_scale = 219.0 / 255.0, c_scale = 224.0 / 255.0;
  const double cb_div = 2.0 * (1.0 - kb), cr_div = 2.0 * (1.0 - kr);
  const double k[9] = {kr * y_scale,           kg * y_scale,           kb * y_scale,
                       -kr / cb_div * c_scale, -kg / cb_div * c_scale, 0.5 * c_scale,
                       0.5 * c_scale,          -kg / cr_div * c_scale, -kb / cr_div * c_scale};
  Codes codes{};
  for (int i = 0; i < 9; ++i)
    codes.coef[i] = isp::CSC_COEF_COEF.encode(k[i]);
  codes.offset = {16, 128, 128};
  return codes;
}

void Csc::encode(const Tuning& tuning, RegisterWrites& writes) {
  writes.push_back({isp::CSC_CTRL, isp::CSC_CTRL_BYPASS(tuning.bypass)});
  const Codes codes = bt709_limited_range();
  for (unsigned i = 0; i < isp::CSC_COEF_COUNT; ++i)
    writes.push_back({isp::CSC_COEF + 4 * i, codes.coef[i]});
  for (unsigned i = 0; i < isp::CSC_OFFSET_COUNT; ++i)
    writes.push_back({isp::CSC_OFFSET + 4 * i, isp::CSC_OFFSET_OFFSET(codes.offset[i])});
}

}  // namespace ispsim::fw::blocks
