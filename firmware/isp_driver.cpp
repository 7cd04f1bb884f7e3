#include "firmware/isp_driver.hpp"

#include <cstdio>

#include "model/regmap/regmap.hpp"

namespace ispsim::fw {
namespace isp = regs::isp;

IspDriver::IspDriver(Hal& hal) : hal_(hal) {}

void IspDriver::program(const IspTuning& tuning, int width, int height) {
  const IspCodes codes = encode_tuning(tuning);
  const uint32_t max_width = isp::HW_CONFIG_MAX_WIDTH.get(hal_.read32(isp::HW_CONFIG));
  if (width < 1 || static_cast<uint32_t>(width) > max_width || height < 1 || height > 0xFFFF) {
    char text[120];
    std::snprintf(text, sizeof text, "isp.FRAME_SIZE %dx%d unsupported (HW_CONFIG.MAX_WIDTH %u)",
                  width, height, static_cast<unsigned>(max_width));
    throw FirmwareError(text);
  }
  cfa_phase_ = tuning.cfa_phase;
  hal_.write32(isp::CTRL, isp::CTRL_ENABLE(0) | isp::CTRL_CFA_PHASE(cfa_phase_));
  hal_.write32(isp::FRAME_SIZE, isp::FRAME_SIZE_WIDTH(width) | isp::FRAME_SIZE_HEIGHT(height));
  write_codes(codes, tuning.bypass);
}

void IspDriver::write_codes(const IspCodes& codes, const IspBypass& bypass) {
  hal_.write32(isp::BLC_CTRL, isp::BLC_CTRL_BYPASS(bypass.black_level));
  for (unsigned i = 0; i < isp::BLC_LEVEL_COUNT; ++i)
    hal_.write32(isp::BLC_LEVEL + 4 * i, isp::BLC_LEVEL_LEVEL(codes.black_level[i]));
  hal_.write32(isp::BLC_NORM_GAIN, isp::BLC_NORM_GAIN_GAIN(codes.blc_norm_gain));

  hal_.write32(isp::WB_CTRL, isp::WB_CTRL_BYPASS(bypass.white_balance));
  for (unsigned i = 0; i < isp::WB_GAIN_COUNT; ++i)
    hal_.write32(isp::WB_GAIN + 4 * i, isp::WB_GAIN_GAIN(codes.wb_gain[i]));

  hal_.write32(isp::DMS_CTRL, isp::DMS_CTRL_BYPASS(bypass.demosaic));

  hal_.write32(isp::CCM_CTRL, isp::CCM_CTRL_BYPASS(bypass.colour_matrix));
  for (unsigned i = 0; i < isp::CCM_COEF_COUNT; ++i)
    hal_.write32(isp::CCM_COEF + 4 * i, isp::CCM_COEF_COEF(codes.ccm[i]));

  hal_.write32(isp::GAMMA_CTRL, isp::GAMMA_CTRL_BYPASS(bypass.gamma));
  for (unsigned i = 0; i < isp::GAMMA_LUT_COUNT; ++i)
    hal_.write32(isp::GAMMA_LUT + 4 * i, isp::GAMMA_LUT_VALUE(codes.gamma[i]));

  hal_.write32(isp::CSC_CTRL, isp::CSC_CTRL_BYPASS(bypass.csc));
  for (unsigned i = 0; i < isp::CSC_COEF_COUNT; ++i)
    hal_.write32(isp::CSC_COEF + 4 * i, isp::CSC_COEF_COEF(codes.csc.coef[i]));
  for (unsigned i = 0; i < isp::CSC_OFFSET_COUNT; ++i)
    hal_.write32(isp::CSC_OFFSET + 4 * i, isp::CSC_OFFSET_OFFSET(codes.csc.offset[i]));
}

void IspDriver::enable(bool on) {
  hal_.write32(isp::CTRL, isp::CTRL_ENABLE(on ? 1 : 0) | isp::CTRL_CFA_PHASE(cfa_phase_));
}

bool IspDriver::take_size_error() {
  if (isp::STATUS_SIZE_ERR.get(hal_.read32(isp::STATUS)) == 0) return false;
  hal_.write32(isp::STATUS, isp::STATUS_SIZE_ERR(1));
  return true;
}

uint16_t IspDriver::frame_count() {
  return static_cast<uint16_t>(isp::STATUS_FRAME_COUNT.get(hal_.read32(isp::STATUS)));
}

}  // namespace ispsim::fw
