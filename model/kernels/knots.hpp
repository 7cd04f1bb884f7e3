#pragma once
// Piecewise-linear tables in hardware: the value between two knots from a fraction of
// `frac_bits` bits, the step rounded half up whichever its sign (an arithmetic shift). The tone
// curve, the Bayer NR's sigma table and the HDR compander all interpolate this way.
#include <cstdint>

namespace ispsim {

constexpr int32_t between_knots(int32_t low, int32_t high, int32_t frac, int frac_bits) {
  return low + (((high - low) * frac + (1 << (frac_bits - 1))) >> frac_bits);
}

}  // namespace ispsim
