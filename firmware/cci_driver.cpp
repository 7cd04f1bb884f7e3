#include "firmware/cci_driver.hpp"

#include <cstdio>
#include <string>

#include "firmware/register_names.hpp"
#include "model/regmap/regmap.hpp"

namespace ispsim::fw {
namespace {

// "0x0202 (COARSE_INTEGRATION_TIME)"
std::string describe(uint16_t cci_address) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%04X", cci_address);
  const std::string name = sensor_register_name(cci_address);
  return name.empty() ? std::string(text) : std::string(text) + " (" + name + ")";
}

std::string describe_transfer(uint16_t cci_address, uint16_t value, bool is_read) {
  if (is_read) return "read of CCI register " + describe(cci_address);
  char text[16];
  std::snprintf(text, sizeof text, "0x%04X", value);
  return std::string("write of ") + text + " to CCI register " + describe(cci_address);
}

}  // namespace

CciDriver::CciDriver(Hal& hal, IrqDispatcher& irq, double timeout_us)
    : hal_(hal), irq_(irq), timeout_us_(timeout_us) {}

void CciDriver::write(uint16_t cci_address, uint16_t value) {
  transfer(cci_address, value, false);
}

uint16_t CciDriver::read(uint16_t cci_address) {
  transfer(cci_address, 0, true);
  return static_cast<uint16_t>(regs::cci::RDATA_VALUE.get(hal_.read32(regs::cci::RDATA)));
}

void CciDriver::transfer(uint16_t cci_address, uint16_t value, bool is_read) {
  hal_.write32(regs::cci::ADDRESS, regs::cci::ADDRESS_ADDRESS(cci_address));
  if (!is_read) hal_.write32(regs::cci::WDATA, regs::cci::WDATA_VALUE(value));
  hal_.write32(regs::cci::CTRL, regs::cci::CTRL_START(1) | regs::cci::CTRL_READ(is_read ? 1 : 0));
  try {
    irq_.wait_for(regs::irq_bit::kCciDone, timeout_us_);
  } catch (const FirmwareError& error) {
    throw FirmwareError("sensor " + describe_transfer(cci_address, value, is_read) +
                        " did not complete: " + error.what());
  }
  const uint32_t status = hal_.read32(regs::cci::STATUS);
  if (regs::cci::STATUS_NACK.get(status) != 0) {
    hal_.write32(regs::cci::STATUS, regs::cci::STATUS_NACK(1));
    throw FirmwareError("sensor refused " + describe_transfer(cci_address, value, is_read));
  }
}

}  // namespace ispsim::fw
