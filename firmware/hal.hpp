#pragma once
// The firmware's only view of the hardware: registers, interrupts and memory. Two backends
// implement it: the SystemC SoC (timed bus transactions from a CPU-model thread) and the
// functional reference platform. The same firmware runs on both.
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace ispsim::fw {

// A bus error (unmapped address, a slave's error response) or a protocol failure seen by
// firmware; the message names the address or the register.
class FirmwareError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Hal {
 public:
  virtual ~Hal() = default;
  // 32-bit register access; throws FirmwareError on a bus error.
  virtual uint32_t read32(uint32_t address) = 0;
  virtual void write32(uint32_t address, uint32_t value) = 0;
  // Waits until the interrupt line is asserted or `timeout_us` of hardware time passes.
  // Returns false on timeout. The firmware then reads irq.STATUS to see why.
  virtual bool wait_irq(double timeout_us) = 0;
  // Memory (the SoC's DRAM), byte addressed; throws FirmwareError outside memory.
  virtual void read_memory(uint64_t address, void* destination, size_t bytes) = 0;
  virtual void write_memory(uint64_t address, const void* source, size_t bytes) = 0;
  // Hardware time since reset, for logs.
  virtual double now_us() const = 0;
};

}  // namespace ispsim::fw
