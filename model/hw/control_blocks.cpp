#include "model/hw/control_blocks.hpp"

namespace ispsim::hw {

using sc_core::sc_time;
namespace irqr = regs::irq;
namespace ccir = regs::cci;

IrqController::IrqController(sc_core::sc_module_name name, const SocConfig& config,
                             SignalTrace& trace)
    : sc_core::sc_module(name),
      bank(regmap::block("irq")),
      target("target", bank, config.register_access_ns),
      trace_(trace),
      trace_line_(trace.add_signal("irq", "irq_line")) {
  SC_METHOD(deliver_due);
  sensitive << wake_;
  dont_initialize();
  auto recompute = [this](uint32_t, uint32_t) { update_line(); };
  bank.on_write(irqr::STATUS, recompute);
  bank.on_write(irqr::ENABLE, recompute);
}

void IrqController::raise_at(uint32_t bits, const sc_time& when) {
  const sc_time now = sc_core::sc_time_stamp();
  pending_.emplace(when < now ? now : when, bits);
  wake_.notify(pending_.begin()->first - now);
}

void IrqController::deliver_due() {
  const sc_time now = sc_core::sc_time_stamp();
  while (!pending_.empty() && pending_.begin()->first <= now) {
    bank.raise(irqr::STATUS, pending_.begin()->second);
    pending_.erase(pending_.begin());
  }
  if (!pending_.empty()) wake_.notify(pending_.begin()->first - now);
  update_line();
}

void IrqController::update_line() {
  const uint32_t active = bank.active(irqr::STATUS) & bank.active(irqr::ENABLE);
  const bool line = active != 0;
  if (line != line_) {
    line_ = line;
    trace_.record(trace_line_, sc_core::sc_time_stamp(), line ? 1 : 0);
    if (line) asserted_.notify(sc_core::SC_ZERO_TIME);
  }
}

// ---------------------------------------------------------------------------------------------
CciMaster::CciMaster(sc_core::sc_module_name name, const SocConfig& config, IrqController& irq)
    : sc_core::sc_module(name),
      bank(regmap::block("cci")),
      target("target", bank, config.register_access_ns),
      irq_(irq),
      cci_clock_hz_(config.cci_clock_hz) {
  SC_METHOD(complete_transfer);
  sensitive << done_;
  dont_initialize();
  bank.on_write(ccir::CTRL, [this](uint32_t, uint32_t value) {
    if (ccir::CTRL_START.get(value)) start_transfer();
  });
}

void CciMaster::start_transfer() {
  if (bank.active(ccir::STATUS, ccir::STATUS_BUSY)) return;  // a START while busy is ignored
  bank.set_hardware(ccir::STATUS, ccir::STATUS_BUSY, 1);
  // I2C frame: start, device address, 2 register address bytes, 2 data bytes (a read adds a
  // repeated start and the device address), stop; 9 clocks per byte.
  const bool read = bank.active(ccir::CTRL, ccir::CTRL_READ) != 0;
  const int bytes = read ? 6 : 5;
  done_.notify(sc_time((bytes * 9 + 2) / cci_clock_hz_, sc_core::SC_SEC));
}

void CciMaster::complete_transfer() {
  const auto address = static_cast<uint16_t>(bank.active(ccir::ADDRESS, ccir::ADDRESS_ADDRESS));
  bool ack = false;
  if (sensor_ != nullptr) {
    if (bank.active(ccir::CTRL, ccir::CTRL_READ)) {
      uint16_t value = 0;
      ack = sensor_->cci_read(address, value);
      bank.set_hardware(ccir::RDATA, ccir::RDATA_VALUE, ack ? value : 0);
    } else {
      ack = sensor_->cci_write(address,
                               static_cast<uint16_t>(bank.active(ccir::WDATA, ccir::WDATA_VALUE)));
    }
  }
  if (!ack) bank.raise(ccir::STATUS, ccir::STATUS_NACK.mask());
  bank.set_hardware(ccir::STATUS, ccir::STATUS_BUSY, 0);
  irq_.raise_at(regs::irq_bit::kCciDone, sc_core::sc_time_stamp());
}

}  // namespace ispsim::hw
