#pragma once
// Register addresses and field positions for firmware, expanded from regmap.def.
// Usage: hal.write32(regs::isp::CTRL, regs::isp::CTRL_ENABLE(1) | regs::isp::CTRL_CFA_PHASE(2));
// Arrays: regs::isp::CCM_COEF + 4 * i (regs::isp::CCM_COEF_COUNT elements).
// CCI blocks (the sensor): the constant is the 16-bit CCI register address.
#include <cmath>
#include <cstdint>

namespace ispsim::regs {

// How a field's bits are read: an integer (count, enum, bool, address...) or fixed point uM.N /
// sM.N, as regmap.def declares it. The model decodes and the firmware encodes through this one
// codec, so the format is data, never restated by hand on either side.
struct FieldFormat {
  bool is_signed = false;
  unsigned int_bits = 0;
  unsigned frac_bits = 0;
  bool fixed_point = false;
};

// "u4.12" -> unsigned, 4 integer and 12 fraction bits; "s3.12" -> sign bit plus 3.12; anything
// else ("count", "bool", "enum", ...) an unsigned integer.
constexpr FieldFormat parse_field_format(const char* text) {
  if ((text[0] != 'u' && text[0] != 's') || text[1] < '0' || text[1] > '9') return {};
  FieldFormat f;
  f.is_signed = text[0] == 's';
  f.fixed_point = true;
  const char* c = text + 1;
  for (; *c >= '0' && *c <= '9'; ++c)
    f.int_bits = f.int_bits * 10 + static_cast<unsigned>(*c - '0');
  if (*c == '.')
    for (++c; *c >= '0' && *c <= '9'; ++c)
      f.frac_bits = f.frac_bits * 10 + static_cast<unsigned>(*c - '0');
  return f;
}

struct Field {
  unsigned lsb;
  unsigned width;
  FieldFormat format{};
  constexpr uint32_t mask() const {
    return (width >= 32 ? 0xFFFFFFFFu : ((1u << width) - 1u)) << lsb;
  }
  // Places a value in the field; bits beyond the width are dropped, as hardware would.
  constexpr uint32_t operator()(uint32_t value) const { return (value << lsb) & mask(); }
  constexpr uint32_t get(uint32_t reg_value) const { return (reg_value & mask()) >> lsb; }
  // The field as the integer code a kernel computes with: two's complement fields sign-extended.
  constexpr int32_t code(uint32_t reg_value) const {
    const uint32_t bits = get(reg_value);
    if (!format.is_signed || width >= 32) return static_cast<int32_t>(bits);
    const uint32_t sign = 1u << (width - 1);
    return static_cast<int32_t>(bits ^ sign) - static_cast<int32_t>(sign);
  }
  // A real value in the field's format, rounded to nearest (halves away from zero) and saturated
  // to the field's range, placed in the field. NaN encodes as 0.
  uint32_t encode(double value) const {
    if (std::isnan(value)) return 0;
    const double scaled = std::round(std::ldexp(value, static_cast<int>(format.frac_bits)));
    const double span = std::ldexp(1.0, static_cast<int>(width) - (format.is_signed ? 1 : 0));
    const double low = format.is_signed ? -span : 0.0;
    const double high = span - 1.0;
    const double clamped = scaled < low ? low : (scaled > high ? high : scaled);
    return (*this)(static_cast<uint32_t>(static_cast<int64_t>(clamped)));
  }
  // Whether `value` fits the field once rounded to its steps (encode would not saturate it).
  bool holds(double value) const {
    if (std::isnan(value)) return false;
    const double scaled = std::round(std::ldexp(value, static_cast<int>(format.frac_bits)));
    const double span = std::ldexp(1.0, static_cast<int>(width) - (format.is_signed ? 1 : 0));
    return scaled >= (format.is_signed ? -span : 0.0) && scaled <= span - 1.0;
  }
  // The real value a register's field holds.
  double decode(uint32_t reg_value) const {
    return std::ldexp(static_cast<double>(code(reg_value)), -static_cast<int>(format.frac_bits));
  }
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
  constexpr Field reg##_##field{lsb, width, parse_field_format(format)};                  \
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
constexpr uint32_t kStatsDone = irq::STATUS_STATS_DONE.mask();
constexpr uint32_t kAllErrors = kCsi2Error | kRxOverflow | kDmaError | kSizeError;
}  // namespace irq_bit

}  // namespace ispsim::regs
