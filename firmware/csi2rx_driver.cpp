#include "firmware/csi2rx_driver.hpp"

#include "model/regmap/regmap.hpp"

namespace ispsim::fw {
namespace csi2rx = regs::csi2rx;

Csi2RxDriver::Csi2RxDriver(Hal& hal) : hal_(hal) {}

void Csi2RxDriver::enable(unsigned virtual_channel, uint32_t data_type, unsigned channels,
                          bool wide) {
  hal_.write32(csi2rx::CTRL, csi2rx::CTRL_ENABLE(1) |
                                 csi2rx::CTRL_VIRTUAL_CHANNEL(virtual_channel) |
                                 csi2rx::CTRL_DATA_TYPE(data_type) |
                                 csi2rx::CTRL_CHANNELS(channels) | csi2rx::CTRL_WIDE(wide));
}

void Csi2RxDriver::disable() {
  hal_.write32(csi2rx::CTRL, csi2rx::CTRL_ENABLE(0) | csi2rx::CTRL_DATA_TYPE(kCsi2DataTypeRaw12));
}

Csi2Counters Csi2RxDriver::counters() {
  Csi2Counters counters;
  counters.ecc_corrected = csi2rx::ECC_CORRECTED_TOTAL.get(hal_.read32(csi2rx::ECC_CORRECTED));
  counters.ecc_errors = csi2rx::ECC_ERRORS_TOTAL.get(hal_.read32(csi2rx::ECC_ERRORS));
  counters.crc_errors = csi2rx::CRC_ERRORS_TOTAL.get(hal_.read32(csi2rx::CRC_ERRORS));
  const uint32_t status = hal_.read32(csi2rx::STATUS);
  counters.overflow = csi2rx::STATUS_OVERFLOW.get(status) != 0;
  counters.frame_count = static_cast<uint16_t>(csi2rx::STATUS_FRAME_COUNT.get(status));
  return counters;
}

void Csi2RxDriver::clear_errors() {
  hal_.write32(csi2rx::ERR_CLEAR, csi2rx::ERR_CLEAR_CLEAR(1));
  hal_.write32(csi2rx::STATUS, csi2rx::STATUS_OVERFLOW(1));
}

uint16_t Csi2RxDriver::frame_count() {
  return static_cast<uint16_t>(csi2rx::STATUS_FRAME_COUNT.get(hal_.read32(csi2rx::STATUS)));
}

}  // namespace ispsim::fw
