#pragma once
// Interrupt bookkeeping shared by all drivers. irq.STATUS latches events; reading it and W1C
// clearing what was read is the only way to drop the interrupt line, so whatever a driver reads
// while waiting for its own event (say CCI_DONE) is kept here as pending for the driver that
// waits for it next (say a FRAME_START that arrived during a sensor register write).
#include <cstdint>
#include <string>

#include "firmware/hal.hpp"

namespace ispsim::fw {

// "FRAME_START|CCI_DONE" for a set of irq.STATUS bits.
std::string irq_event_names(uint32_t events);

class IrqDispatcher {
 public:
  explicit IrqDispatcher(Hal& hal);

  // Masks the interrupt line and drops events latched before now (from an earlier sequence).
  void reset();
  // Events that drive the interrupt line outside wait_for (written to irq.ENABLE).
  void set_enabled(uint32_t events);
  uint32_t enabled() const { return enabled_; }

  // Returns the events in `events` seen so far or within `timeout_us` of hardware time (at least
  // one), removing them from pending; other events stay pending. Enables `events` on the line
  // while waiting. Throws FirmwareError naming the events on timeout.
  uint32_t wait_for(uint32_t events, double timeout_us);
  // Reads irq.STATUS once and records it; returns everything pending.
  uint32_t poll();
  // Removes `events` from pending and returns those that were pending.
  uint32_t take(uint32_t events);
  uint32_t pending() const { return pending_; }
  // Error events (regs::irq_bit::kAllErrors) seen since reset, pending or taken.
  uint32_t errors_seen() const { return errors_seen_; }

 private:
  void write_enable(uint32_t events);

  Hal& hal_;
  uint32_t enabled_ = 0;
  uint32_t line_enable_ = 0;  // last value written to irq.ENABLE
  uint32_t pending_ = 0;
  uint32_t errors_seen_ = 0;
};

}  // namespace ispsim::fw
