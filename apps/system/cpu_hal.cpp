#include "apps/system/cpu_hal.hpp"

#include <utility>

#include "model/common/error.hpp"

namespace ispsim::platform {

namespace {
// Runs one bus access; a refused access becomes the firmware's error with the bus's message.
template <typename Access>
auto firmware_access(Access&& access) -> decltype(access()) {
  try {
    return std::forward<Access>(access)();
  } catch (const BusError& error) {
    throw fw::FirmwareError(error.what());
  }
}
}  // namespace

uint32_t CpuHal::read32(uint32_t address) {
  return firmware_access([&] { return bus_.read32(address); });
}

void CpuHal::write32(uint32_t address, uint32_t value) {
  firmware_access([&] { bus_.write32(address, value); });
}

bool CpuHal::wait_irq(double timeout_us) {
  return bus_.wait_irq(timeout_us);
}

void CpuHal::read_memory(uint64_t address, void* destination, size_t bytes) {
  firmware_access([&] { bus_.read_memory(address, destination, bytes); });
}

void CpuHal::write_memory(uint64_t address, const void* source, size_t bytes) {
  firmware_access([&] { bus_.write_memory(address, source, bytes); });
}

double CpuHal::now_us() const {
  return bus_.now_us();
}

void run_firmware(hw::SocTop& soc, const std::function<void(fw::Hal&)>& firmware) {
  soc.run_program([&firmware](hw::BusMaster& bus) {
    CpuHal hal(bus);
    firmware(hal);
  });
}

}  // namespace ispsim::platform
