#pragma once
// Interrupt controller and the CCI (I2C) master towards the sensor.
#include <cstdint>
#include <map>
#include <systemc>

#include "model/hw/bus_targets.hpp"
#include "model/hw/cci_slave.hpp"
#include "model/hw/trace.hpp"
#include "model/regmap/register_bank.hpp"

namespace ispsim::hw {

class IrqController : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(IrqController);
  explicit IrqController(sc_core::sc_module_name name, const SocConfig& config, SignalTrace& trace);
  regmap::RegisterBank bank;
  RegisterTarget target;

  // Latches `bits` into irq.STATUS at `when` (>= now): models may compute events ahead of time.
  void raise_at(uint32_t bits, const sc_core::sc_time& when);
  bool line() const { return line_; }
  const sc_core::sc_event& line_asserted() const { return asserted_; }

 private:
  void deliver_due();
  void update_line();

  std::multimap<sc_core::sc_time, uint32_t> pending_;
  sc_core::sc_event wake_;
  sc_core::sc_event asserted_;
  bool line_ = false;
  SignalTrace& trace_;
  int trace_line_;
};

class CciMaster : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(CciMaster);
  CciMaster(sc_core::sc_module_name name, const SocConfig& config, IrqController& irq);
  regmap::RegisterBank bank;
  RegisterTarget target;
  void connect(CciSlave& sensor) { sensor_ = &sensor; }

 private:
  void start_transfer();
  void complete_transfer();

  IrqController& irq_;
  CciSlave* sensor_ = nullptr;
  double cci_clock_hz_;
  sc_core::sc_event done_;
};

}  // namespace ispsim::hw
