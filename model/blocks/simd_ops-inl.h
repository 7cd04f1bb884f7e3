// Highway helpers shared by the block kernels; included once per SIMD target (Highway's
// foreach_target pattern), hence the toggling include guard instead of #pragma once.
#if defined(ISPSIM_MODEL_BLOCKS_SIMD_OPS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef ISPSIM_MODEL_BLOCKS_SIMD_OPS_INL_H_
#undef ISPSIM_MODEL_BLOCKS_SIMD_OPS_INL_H_
#else
#define ISPSIM_MODEL_BLOCKS_SIMD_OPS_INL_H_
#endif

#include <hwy/highway.h>

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

// Per-lane constant alternating by column parity: lanes start at even columns.
template <class D, typename T>
HWY_INLINE hn::VFromD<D> EvenOddColumns(D d, T even, T odd) {
  return hn::OddEven(hn::Set(d, odd), hn::Set(d, even));
}

// 16-bit samples at p[0..] widened to the 32-bit lanes of d32.
template <class D32>
HWY_INLINE hn::VFromD<D32> LoadWide(D32 d32, const uint16_t* p) {
  const hn::Rebind<uint16_t, D32> d16;
  return hn::PromoteTo(d32, hn::LoadU(d16, p));
}

// 32-bit lanes (already within 0..65535) stored as 16-bit samples.
template <class D32>
HWY_INLINE void StoreNarrow(D32 d32, hn::VFromD<D32> v, uint16_t* p) {
  (void)d32;
  const hn::Rebind<uint16_t, D32> d16;
  hn::StoreU(hn::DemoteTo(d16, v), d16, p);
}

template <class D32>
HWY_INLINE hn::VFromD<D32> Clamp(D32 d32, hn::VFromD<D32> v, int32_t low, int32_t high) {
  return hn::Min(hn::Max(v, hn::Set(d32, low)), hn::Set(d32, high));
}

}  // namespace ispsim::blocks::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // include guard
