#pragma once
// Fixed-point encoding of register fields (uM.N and sM.N as written in regmap.def). The model
// keeps its own copy in model/kernels; firmware may not include model internals.
#include <cmath>
#include <cstdint>

namespace ispsim::fw::fixed {

// uM.N: M integer and N fraction bits, M + N bits in all. sM.N: a sign bit in front, two's
// complement, 1 + M + N bits in all (s3.12 fills a 16-bit field).
struct Format {
  bool is_signed;
  unsigned int_bits;
  unsigned frac_bits;
  constexpr unsigned total_bits() const { return (is_signed ? 1u : 0u) + int_bits + frac_bits; }
  constexpr uint32_t field_mask() const {
    return total_bits() >= 32 ? 0xFFFFFFFFu : (1u << total_bits()) - 1u;
  }
};

constexpr Format kU4_12{false, 4, 12};
constexpr Format kS3_12{true, 3, 12};
constexpr Format kU8_8{false, 8, 8};

// Real value to field bits: rounded to nearest (halves away from zero) and saturated to the
// format's range; NaN encodes as 0.
inline uint32_t encode(double value, Format format) {
  if (std::isnan(value)) return 0;
  const double scaled = std::round(std::ldexp(value, static_cast<int>(format.frac_bits)));
  const double span = std::ldexp(1.0, static_cast<int>(format.int_bits + format.frac_bits));
  const double low = format.is_signed ? -span : 0.0;
  const double high = span - 1.0;
  const double code = scaled < low ? low : (scaled > high ? high : scaled);
  return static_cast<uint32_t>(static_cast<int64_t>(code)) & format.field_mask();
}

// Field bits (higher bits ignored) back to the real value they encode.
inline double decode(uint32_t field, Format format) {
  const uint32_t bits = field & format.field_mask();
  int64_t code = bits;
  if (format.is_signed && (bits >> (format.total_bits() - 1)) != 0)
    code -= int64_t{1} << format.total_bits();
  return std::ldexp(static_cast<double>(code), -static_cast<int>(format.frac_bits));
}

}  // namespace ispsim::fw::fixed
