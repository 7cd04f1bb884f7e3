#include "firmware/irq.hpp"

#include <cstdio>

#include "model/regmap/regmap.hpp"

namespace ispsim::fw {

namespace irq_regs = regs::irq;

constexpr uint32_t kAllEvents = regs::irq_bit::kFrameStart | regs::irq_bit::kFrameDone |
                                regs::irq_bit::kAllErrors | regs::irq_bit::kCciDone |
                                regs::irq_bit::kStatsDone;

std::string irq_event_names(uint32_t events) {
  static constexpr struct {
    uint32_t bit;
    const char* name;
  } kNames[] = {
      {regs::irq_bit::kFrameStart, "FRAME_START"}, {regs::irq_bit::kFrameDone, "FRAME_DONE"},
      {regs::irq_bit::kCsi2Error, "CSI2_ERR"},     {regs::irq_bit::kRxOverflow, "RX_OVERFLOW"},
      {regs::irq_bit::kDmaError, "DMA_ERR"},       {regs::irq_bit::kSizeError, "SIZE_ERR"},
      {regs::irq_bit::kCciDone, "CCI_DONE"},       {regs::irq_bit::kStatsDone, "STATS_DONE"}};
  std::string text;
  for (const auto& entry : kNames) {
    if ((events & entry.bit) == 0) continue;
    if (!text.empty()) text += '|';
    text += entry.name;
  }
  return text.empty() ? "none" : text;
}

IrqDispatcher::IrqDispatcher(Hal& hal) : hal_(hal) {}

void IrqDispatcher::reset() {
  enabled_ = 0;
  write_enable(0);
  const uint32_t stale = kAllEvents & hal_.read32(irq_regs::STATUS);
  if (stale != 0) hal_.write32(irq_regs::STATUS, stale);
  pending_ = 0;
  errors_seen_ = 0;
}

void IrqDispatcher::set_enabled(uint32_t events) {
  enabled_ = events;
  write_enable(events);
}

void IrqDispatcher::write_enable(uint32_t events) {
  const uint32_t value = irq_regs::ENABLE_MASK(events);
  if (value == line_enable_) return;
  hal_.write32(irq_regs::ENABLE, value);
  line_enable_ = value;
}

uint32_t IrqDispatcher::poll() {
  const uint32_t status = kAllEvents & hal_.read32(irq_regs::STATUS);
  // W1C exactly what was read: an event latching between the read and the clear survives.
  if (status != 0) hal_.write32(irq_regs::STATUS, status);
  pending_ |= status;
  errors_seen_ |= status & regs::irq_bit::kAllErrors;
  return pending_;
}

uint32_t IrqDispatcher::take(uint32_t events) {
  const uint32_t taken = pending_ & events;
  pending_ &= ~events;
  return taken;
}

uint32_t IrqDispatcher::wait_for(uint32_t events, double timeout_us) {
  if ((pending_ & events) != 0) return take(events);
  const double deadline_us = hal_.now_us() + timeout_us;
  write_enable(enabled_ | events);
  // Poll before sleeping: the event may have latched before it was enabled on the line.
  poll();
  while ((pending_ & events) == 0) {
    const double remaining_us = deadline_us - hal_.now_us();
    const bool raised = remaining_us > 0.0 && hal_.wait_irq(remaining_us);
    poll();
    if (!raised && (pending_ & events) == 0) {
      write_enable(enabled_);
      char text[160];
      std::snprintf(text, sizeof text, "timeout after %.0f us waiting for interrupt %s", timeout_us,
                    irq_event_names(events).c_str());
      throw FirmwareError(text);
    }
  }
  write_enable(enabled_);
  return take(events);
}

}  // namespace ispsim::fw
