#pragma once
// The CPU model: runs a program (plain C++ against the BusMaster interface) in a SystemC thread.
// Each register access is a timed bus transaction; a quantum keeper lets the CPU run ahead of
// simulated time by up to one quantum before it synchronises. That trades the exact interleaving of
// firmware accesses with hardware events inside a quantum for speed; interrupts are still seen at
// their own time, because waiting for one synchronises first.
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>
#include <systemc>
#include <tlm>

#include <exception>
#include <functional>

#include "model/hw/bus_master.hpp"
#include "model/hw/control_blocks.hpp"

namespace ispsim::hw {

class Cpu : public sc_core::sc_module, public BusMaster {
 public:
  SC_HAS_PROCESS(Cpu);
  using Program = std::function<void(BusMaster&)>;
  tlm_utils::simple_initiator_socket<Cpu> bus;

  Cpu(sc_core::sc_module_name name, const SocConfig& config, const IrqController& irq);

  // Runs `program` from the next sc_start(); the simulation pauses when it returns.
  void load(Program program);
  bool finished() const { return !program_; }
  void rethrow_if_failed();
  uint64_t bus_accesses() const { return bus_accesses_; }

  // BusMaster
  uint32_t read32(uint32_t address) override;
  void write32(uint32_t address, uint32_t value) override;
  bool wait_irq(double timeout_us) override;
  void read_memory(uint64_t address, void* destination, size_t bytes) override;
  void write_memory(uint64_t address, const void* source, size_t bytes) override;
  double now_us() const override;

 private:
  void run();
  void transfer(tlm::tlm_command command, uint64_t address, void* data, size_t bytes);

  const IrqController& irq_;
  tlm_utils::tlm_quantumkeeper quantum_;
  Program program_;
  sc_core::sc_event start_;
  std::exception_ptr failure_;
  uint64_t bus_accesses_ = 0;
};

}  // namespace ispsim::hw
