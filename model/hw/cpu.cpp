#include "model/hw/cpu.hpp"

#include <cstdio>
#include <string>

#include "model/common/error.hpp"

namespace ispsim::hw {

using sc_core::sc_time;

namespace {
constexpr size_t kMemoryBurstBytes = 4096;  // firmware memcpy: one bus transaction per 4 KiB

std::string hex(uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%08llX", static_cast<unsigned long long>(value));
  return text;
}
}  // namespace

Cpu::Cpu(sc_core::sc_module_name name, const SocConfig& config, const IrqController& irq)
    : sc_core::sc_module(name), bus("bus"), irq_(irq) {
  tlm_utils::tlm_quantumkeeper::set_global_quantum(sc_time(config.cpu_quantum_ns, sc_core::SC_NS));
  quantum_.reset();
  SC_THREAD(run);
}

void Cpu::load(Program program) {
  program_ = std::move(program);
  failure_ = nullptr;
  start_.notify(sc_core::SC_ZERO_TIME);
}

void Cpu::rethrow_if_failed() {
  if (failure_) std::rethrow_exception(failure_);
}

void Cpu::run() {
  for (;;) {
    while (!program_)
      wait(start_);
    try {
      program_(*this);
    } catch (...) {
      failure_ = std::current_exception();
    }
    quantum_.sync();
    program_ = nullptr;
    sc_core::sc_pause();
    wait(sc_core::SC_ZERO_TIME);
  }
}

void Cpu::transfer(tlm::tlm_command command, uint64_t address, void* data, size_t bytes) {
  tlm::tlm_generic_payload payload;
  payload.set_command(command);
  payload.set_address(address);
  payload.set_data_ptr(static_cast<unsigned char*>(data));
  payload.set_data_length(static_cast<unsigned int>(bytes));
  payload.set_streaming_width(static_cast<unsigned int>(bytes));
  payload.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  sc_time delay = quantum_.get_local_time();
  bus->b_transport(payload, delay);
  quantum_.set(delay);
  ++bus_accesses_;
  if (quantum_.need_sync()) quantum_.sync();
  if (!payload.is_response_ok())
    throw BusError(std::string("bus error: ") +
                   (command == tlm::TLM_READ_COMMAND ? "read from " : "write to ") + hex(address) +
                   " (" + payload.get_response_string() + ")");
}

uint32_t Cpu::read32(uint32_t address) {
  uint32_t value = 0;
  transfer(tlm::TLM_READ_COMMAND, address, &value, 4);
  return value;
}

void Cpu::write32(uint32_t address, uint32_t value) {
  transfer(tlm::TLM_WRITE_COMMAND, address, &value, 4);
}

bool Cpu::wait_irq(double timeout_us) {
  quantum_.sync();
  if (irq_.line()) return true;
  wait(sc_time(timeout_us, sc_core::SC_US), irq_.line_asserted());
  return irq_.line();
}

void Cpu::read_memory(uint64_t address, void* destination, size_t bytes) {
  auto* cursor = static_cast<uint8_t*>(destination);
  for (size_t done = 0; done < bytes; done += kMemoryBurstBytes)
    transfer(tlm::TLM_READ_COMMAND, address + done, cursor + done,
             std::min(kMemoryBurstBytes, bytes - done));
}

void Cpu::write_memory(uint64_t address, const void* source, size_t bytes) {
  auto* cursor = static_cast<uint8_t*>(const_cast<void*>(source));
  for (size_t done = 0; done < bytes; done += kMemoryBurstBytes)
    transfer(tlm::TLM_WRITE_COMMAND, address + done, cursor + done,
             std::min(kMemoryBurstBytes, bytes - done));
}

double Cpu::now_us() const {
  return (sc_core::sc_time_stamp() + quantum_.get_local_time()).to_seconds() * 1e6;
}

}  // namespace ispsim::hw
