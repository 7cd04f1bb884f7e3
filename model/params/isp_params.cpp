#include "model/params/isp_params.hpp"

#include "model/kernels/fixed_point.hpp"
#include "model/regmap/regmap.hpp"

namespace ispsim {

IspParams decode_isp_params(const ActiveRegisterReader& read_active) {
  namespace isp = regs::isp;
  IspParams p;
  const uint32_t ctrl = read_active(isp::CTRL);
  p.enable = isp::CTRL_ENABLE.get(ctrl) != 0;
  p.cfa_phase = static_cast<int>(isp::CTRL_CFA_PHASE.get(ctrl));
  const uint32_t size = read_active(isp::FRAME_SIZE);
  p.frame_width = static_cast<int>(isp::FRAME_SIZE_WIDTH.get(size));
  p.frame_height = static_cast<int>(isp::FRAME_SIZE_HEIGHT.get(size));

  p.black_level.bypass = isp::BLC_CTRL_BYPASS.get(read_active(isp::BLC_CTRL)) != 0;
  p.black_level.cfa_phase = p.cfa_phase;
  for (unsigned i = 0; i < isp::BLC_LEVEL_COUNT; ++i)
    p.black_level.level[i] =
        static_cast<uint16_t>(isp::BLC_LEVEL_LEVEL.get(read_active(isp::BLC_LEVEL + 4 * i)));
  p.black_level.norm_gain =
      static_cast<uint16_t>(isp::BLC_NORM_GAIN_GAIN.get(read_active(isp::BLC_NORM_GAIN)));

  p.white_balance.bypass = isp::WB_CTRL_BYPASS.get(read_active(isp::WB_CTRL)) != 0;
  p.white_balance.cfa_phase = p.cfa_phase;
  for (unsigned i = 0; i < isp::WB_GAIN_COUNT; ++i)
    p.white_balance.gain[i] =
        static_cast<uint16_t>(isp::WB_GAIN_GAIN.get(read_active(isp::WB_GAIN + 4 * i)));

  p.demosaic.bypass = isp::DMS_CTRL_BYPASS.get(read_active(isp::DMS_CTRL)) != 0;
  p.demosaic.cfa_phase = p.cfa_phase;

  p.color_matrix.bypass = isp::CCM_CTRL_BYPASS.get(read_active(isp::CCM_CTRL)) != 0;
  for (unsigned i = 0; i < isp::CCM_COEF_COUNT; ++i)
    p.color_matrix.coef[i] = static_cast<int16_t>(fixed::sign_extend(
        isp::CCM_COEF_COEF.get(read_active(isp::CCM_COEF + 4 * i)), isp::CCM_COEF_COEF.width));

  p.gamma.bypass = isp::GAMMA_CTRL_BYPASS.get(read_active(isp::GAMMA_CTRL)) != 0;
  for (unsigned i = 0; i < isp::GAMMA_LUT_COUNT; ++i)
    p.gamma.lut[i] =
        static_cast<uint16_t>(isp::GAMMA_LUT_VALUE.get(read_active(isp::GAMMA_LUT + 4 * i)));

  p.csc.bypass = isp::CSC_CTRL_BYPASS.get(read_active(isp::CSC_CTRL)) != 0;
  for (unsigned i = 0; i < isp::CSC_COEF_COUNT; ++i)
    p.csc.coef[i] = static_cast<int16_t>(fixed::sign_extend(
        isp::CSC_COEF_COEF.get(read_active(isp::CSC_COEF + 4 * i)), isp::CSC_COEF_COEF.width));
  for (unsigned i = 0; i < isp::CSC_OFFSET_COUNT; ++i)
    p.csc.offset[i] =
        static_cast<uint8_t>(isp::CSC_OFFSET_OFFSET.get(read_active(isp::CSC_OFFSET + 4 * i)));
  return p;
}

}  // namespace ispsim
