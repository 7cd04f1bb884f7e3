#include "firmware/isp_driver.hpp"

#include <cstdio>

#include "model/regmap/regmap.hpp"

namespace ispsim::fw {
namespace isp = regs::isp;

IspDriver::IspDriver(Hal& hal) : hal_(hal) {}

void IspDriver::program(const IspTuning& tuning, int width, int height) {
  const RegisterWrites writes = encode_isp_tuning(tuning);
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
  for (const RegisterWrite& w : writes)
    hal_.write32(w.address, w.value);
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

namespace ispsim::fw {

void IspDriver::configure_statistics(bool enable, uint32_t base, int dark, int saturated) {
  if (dark < 0 || dark > 4095 || saturated < 0 || saturated > 4095) {
    char text[120];
    std::snprintf(text, sizeof text, "statistics limits dark %d, saturated %d outside 0..4095",
                  dark, saturated);
    throw FirmwareError(text);
  }
  hal_.write32(isp::STATS_LIMITS,
               isp::STATS_LIMITS_DARK(static_cast<uint32_t>(dark)) |
                   isp::STATS_LIMITS_SATURATED(static_cast<uint32_t>(saturated)));
  hal_.write32(isp::STATS_BASE, base);
  hal_.write32(isp::STATS_CTRL, isp::STATS_CTRL_ENABLE(enable ? 1 : 0));
}

IspDriver::StatisticsStatus IspDriver::take_statistics_status() {
  const uint32_t status = hal_.read32(isp::STATS_STATUS);
  StatisticsStatus s;
  s.bus_error = isp::STATS_STATUS_BUS_ERR.get(status) != 0;
  s.frames = static_cast<uint16_t>(isp::STATS_STATUS_FRAME_COUNT.get(status));
  if (s.bus_error) {
    s.error_address = hal_.read32(isp::STATS_ERR_ADDR);
    hal_.write32(isp::STATS_STATUS, isp::STATS_STATUS_BUS_ERR(1));
  }
  return s;
}

}  // namespace ispsim::fw
