#pragma once
// What software running on the CPU model sees of the SoC: register and memory accesses over the
// bus, the interrupt line and the time. Neutral of any firmware API: the system assembly binds a
// firmware's HAL to it (apps/system/cpu_hal.hpp).
#include <cstddef>
#include <cstdint>

namespace ispsim::hw {

class BusMaster {
 public:
  virtual ~BusMaster() = default;
  // 32-bit register access; throws BusError when the bus refuses it.
  virtual uint32_t read32(uint32_t address) = 0;
  virtual void write32(uint32_t address, uint32_t value) = 0;
  // Waits until the interrupt line is asserted or `timeout_us` of simulated time passes; false
  // on timeout.
  virtual bool wait_irq(double timeout_us) = 0;
  // Byte-addressed memory access; throws BusError outside the mapped targets.
  virtual void read_memory(uint64_t address, void* destination, size_t bytes) = 0;
  virtual void write_memory(uint64_t address, const void* source, size_t bytes) = 0;
  // Simulated time since reset, including the CPU's local time ahead of the kernel.
  virtual double now_us() const = 0;
};

}  // namespace ispsim::hw
