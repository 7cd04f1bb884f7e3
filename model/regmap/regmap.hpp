#pragma once
// Register addresses and field positions for firmware, expanded from regmap.def.
// Usage: hal.write32(regs::isp::CTRL, regs::isp::CTRL_ENABLE(1) | regs::isp::CTRL_CFA_PHASE(2));
// Arrays: regs::isp::CCM_COEF + 4 * i (regs::isp::CCM_COEF_COUNT elements).
// CCI blocks (the sensor): the constant is the 16-bit CCI register address.
#include <cstdint>

namespace ispsim::regs {

struct Field {
  unsigned lsb;
  unsigned width;
  constexpr uint32_t mask() const {
    return (width >= 32 ? 0xFFFFFFFFu : ((1u << width) - 1u)) << lsb;
  }
  // Places a value in the field; bits beyond the width are dropped, as hardware would.
  constexpr uint32_t operator()(uint32_t value) const { return (value << lsb) & mask(); }
  constexpr uint32_t get(uint32_t reg_value) const { return (reg_value & mask()) >> lsb; }
};

#define ISPSIM_BLOCK(block, base, size, bits, bus, title) \
  namespace block {                                       \
  constexpr uint32_t kBase = base;                        \
  constexpr uint32_t kSize = size;                        \
  }
#define ISPSIM_REG(block, reg, offset, count, title) \
  namespace block {                                  \
  constexpr uint32_t reg = kBase + (offset);         \
  constexpr unsigned reg##_COUNT = count;            \
  }
#define ISPSIM_FIELD(block, reg, field, lsb, width, access, reset, format, timing, title) \
  namespace block {                                                                       \
  constexpr Field reg##_##field{lsb, width};                                              \
  constexpr uint32_t reg##_##field##_RESET = reset;                                       \
  }
#include "model/regmap/regmap.def"
#undef ISPSIM_BLOCK
#undef ISPSIM_REG
#undef ISPSIM_FIELD

// Bit positions shared by irq.STATUS and irq.ENABLE.
namespace irq_bit {
constexpr uint32_t kFrameStart = irq::STATUS_FRAME_START.mask();
constexpr uint32_t kFrameDone = irq::STATUS_FRAME_DONE.mask();
constexpr uint32_t kCsi2Error = irq::STATUS_CSI2_ERR.mask();
constexpr uint32_t kRxOverflow = irq::STATUS_RX_OVERFLOW.mask();
constexpr uint32_t kDmaError = irq::STATUS_DMA_ERR.mask();
constexpr uint32_t kSizeError = irq::STATUS_SIZE_ERR.mask();
constexpr uint32_t kCciDone = irq::STATUS_CCI_DONE.mask();
constexpr uint32_t kAllErrors = kCsi2Error | kRxOverflow | kDmaError | kSizeError;
}  // namespace irq_bit

}  // namespace ispsim::regs
