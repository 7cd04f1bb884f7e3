#pragma once
// Small fixed-point helpers shared by kernels, parameter decoding and firmware tuning.
#include <cmath>
#include <cstdint>

namespace ispsim::fixed {

template <typename T>
constexpr T clamp(T value, T low, T high) {
  return value < low ? low : (value > high ? high : value);
}

// Real value to an unsigned or two's complement field with `frac_bits` fraction bits, rounded
// to nearest and saturated to the field's `total_bits`.
inline uint32_t to_unsigned(double value, unsigned frac_bits, unsigned total_bits) {
  const double max_code = std::ldexp(1.0, static_cast<int>(total_bits)) - 1.0;
  const double code = std::round(std::ldexp(value, static_cast<int>(frac_bits)));
  return static_cast<uint32_t>(clamp(code, 0.0, max_code));
}

inline uint32_t to_signed(double value, unsigned frac_bits, unsigned total_bits) {
  const double limit = std::ldexp(1.0, static_cast<int>(total_bits) - 1);
  const double code =
      clamp(std::round(std::ldexp(value, static_cast<int>(frac_bits))), -limit, limit - 1.0);
  const uint32_t field_mask = total_bits >= 32 ? 0xFFFFFFFFu : ((1u << total_bits) - 1u);
  return static_cast<uint32_t>(static_cast<int32_t>(code)) & field_mask;
}

// Two's complement field of `total_bits` to a signed integer.
constexpr int32_t sign_extend(uint32_t field, unsigned total_bits) {
  const uint32_t sign = 1u << (total_bits - 1);
  const uint32_t value = field & ((sign << 1) - 1u);
  return static_cast<int32_t>(value ^ sign) - static_cast<int32_t>(sign);
}

// Right shift rounding half up, for signed accumulators; floor semantics for negative values
// (arithmetic shift, as the hardware's adder tree does).
constexpr int32_t round_shift(int32_t value, unsigned shift) {
  return (value + (1 << (shift - 1))) >> shift;
}

}  // namespace ispsim::fixed
