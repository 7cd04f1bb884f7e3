#pragma once
// The sensor's side of CCI (camera control interface, I2C): register access by 16-bit address.
// Plain C++, so the functional reference platform uses the same sensor control.
#include <cstdint>

namespace ispsim::hw {

class CciSlave {
 public:
  virtual ~CciSlave() = default;
  // false: the sensor NACKs (unknown or read-only register, value out of range).
  virtual bool cci_write(uint16_t address, uint16_t value) = 0;
  virtual bool cci_read(uint16_t address, uint16_t& value) = 0;
};

}  // namespace ispsim::hw
