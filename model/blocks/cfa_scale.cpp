#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "model/blocks/cfa_scale.cpp"
#include <hwy/foreach_target.h>  // re-includes this file once per SIMD target
#include <hwy/highway.h>

#include "model/blocks/cfa_scale.hpp"

HWY_BEFORE_NAMESPACE();
namespace ispsim::blocks::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// min((a * b + 2048) >> 12, 4095) for unsigned 16-bit a and b, in 16-bit lanes: the 32-bit
// product is split into its high and low halves (pmulhuw/pmullw), the rounding carry moved
// across, and any high half >= 256 (a result >= 4096) saturates. Exact for every input pair.
template <class D, class V = hn::VFromD<D>>
HWY_INLINE V MulRound12Clamp4095(D d, V a, V b) {
  const V lo = hn::Mul(a, b);
  const V hi = hn::MulHigh(a, b);
  const V rounded_lo = hn::Add(lo, hn::Set(d, 2048));
  const auto carry = hn::Lt(rounded_lo, lo);
  const V hi_carried = hn::Sub(hi, hn::VecFromMask(d, carry));  // all-ones mask is -1
  const V capped_hi = hn::Min(hi_carried, hn::Set(d, 256));
  const V value = hn::Or(hn::ShiftLeft<4>(capped_hi), hn::ShiftRight<12>(rounded_lo));
  return hn::Min(value, hn::Set(d, 4095));
}

void CfaScaleRow(const uint16_t* in, uint16_t* out, int width, uint16_t even_subtract,
                 uint16_t odd_subtract, uint16_t even_gain, uint16_t odd_gain) {
  const hn::ScalableTag<uint16_t> d;
  // Lanes start on even columns; a one-lane target (HWY_SCALAR) starts every other vector on an
  // odd one, hence both orders.
  const auto subtract_from_even = hn::OddEven(hn::Set(d, odd_subtract), hn::Set(d, even_subtract));
  const auto subtract_from_odd = hn::OddEven(hn::Set(d, even_subtract), hn::Set(d, odd_subtract));
  const auto gain_from_even = hn::OddEven(hn::Set(d, odd_gain), hn::Set(d, even_gain));
  const auto gain_from_odd = hn::OddEven(hn::Set(d, even_gain), hn::Set(d, odd_gain));
  const int lanes = static_cast<int>(hn::Lanes(d));
  for (int x = 0; x < width; x += lanes) {
    const bool odd_start = (x & 1) != 0;
    const auto above =
        hn::SaturatedSub(hn::LoadU(d, in + x), odd_start ? subtract_from_odd : subtract_from_even);
    hn::StoreU(MulRound12Clamp4095(d, above, odd_start ? gain_from_odd : gain_from_even), d,
               out + x);
  }
}

}  // namespace ispsim::blocks::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "model/kernels/cfa.hpp"

namespace ispsim::blocks {

HWY_EXPORT(CfaScaleRow);

uint16_t cfa_scale_sample(uint16_t in, uint16_t subtract, uint16_t gain) {
  const uint32_t above = in > subtract ? in - subtract : 0u;
  const uint32_t scaled = (above * gain + 2048u) >> 12;
  return static_cast<uint16_t>(scaled > 4095u ? 4095u : scaled);
}

void cfa_scale_row_scalar(const CfaScale& scale, const uint16_t* in, uint16_t* out, int width,
                          int y, int cfa_phase) {
  for (int x = 0; x < width; ++x) {
    const CfaColour colour = cfa_colour(cfa_phase, x, y);
    out[x] = cfa_scale_sample(in[x], scale.subtract[colour], scale.gain[colour]);
  }
}

void cfa_scale_row(const CfaScale& scale, const uint16_t* in, uint16_t* out, int width, int y,
                   int cfa_phase) {
  const CfaColour even = cfa_colour(cfa_phase, 0, y), odd = cfa_colour(cfa_phase, 1, y);
  HWY_DYNAMIC_DISPATCH(CfaScaleRow)
  (in, out, width, scale.subtract[even], scale.subtract[odd], scale.gain[even], scale.gain[odd]);
}

}  // namespace ispsim::blocks
#endif  // HWY_ONCE
