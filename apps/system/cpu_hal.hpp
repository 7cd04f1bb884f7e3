#pragma once
// The firmware HAL bound to the SystemC SoC: firmware runs on the CPU model, and each of its
// register, interrupt and memory accesses is the CPU's timed bus transaction. This binding lives
// with the system assembly so that the model knows nothing of the firmware's API.
#include <functional>

#include "firmware/hal.hpp"
#include "model/hw/bus_master.hpp"
#include "model/hw/soc_top.hpp"

namespace ispsim::platform {

// fw::Hal over a bus master; the bus's errors reach the firmware as fw::FirmwareError, the error
// its drivers handle.
class CpuHal : public fw::Hal {
 public:
  explicit CpuHal(hw::BusMaster& bus) : bus_(bus) {}

  uint32_t read32(uint32_t address) override;
  void write32(uint32_t address, uint32_t value) override;
  bool wait_irq(double timeout_us) override;
  void read_memory(uint64_t address, void* destination, size_t bytes) override;
  void write_memory(uint64_t address, const void* source, size_t bytes) override;
  double now_us() const override;

 private:
  hw::BusMaster& bus_;
};

// Runs `firmware` on the SoC's CPU until it returns; rethrows what it threw. May be called again.
void run_firmware(hw::SocTop& soc, const std::function<void(fw::Hal&)>& firmware);

}  // namespace ispsim::platform
