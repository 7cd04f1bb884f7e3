#pragma once
// Sensor register access over CCI (I2C) through the `cci` controller block: one 16-bit register
// per transfer, completion signalled by the CCI_DONE interrupt.
#include <cstdint>

#include "firmware/hal.hpp"
#include "firmware/irq.hpp"

namespace ispsim::fw {

class CciDriver {
 public:
  // A transfer takes ~100 us of bus time (16-bit address + 16-bit data at 400 kHz); 10 ms means
  // the controller or the sensor is gone.
  static constexpr double kDefaultTimeoutUs = 10000.0;

  CciDriver(Hal& hal, IrqDispatcher& irq, double timeout_us = kDefaultTimeoutUs);

  // Both throw FirmwareError naming the sensor register on NACK or timeout.
  void write(uint16_t cci_address, uint16_t value);
  uint16_t read(uint16_t cci_address);

 private:
  void transfer(uint16_t cci_address, uint16_t value, bool is_read);

  Hal& hal_;
  IrqDispatcher& irq_;
  double timeout_us_;
};

}  // namespace ispsim::fw
