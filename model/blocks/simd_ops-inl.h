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

// floor(numerator / weights) for non-negative 32-bit lanes, weights >= 1: a single-precision
// estimate corrected either way, exact while the estimate is within one of the quotient: the
// float rounding errs by a few parts in 2^24 of the quotient, so for quotients up to 4096 (the
// noise reduction's, numerators up to 25 x 4095^2 ~ 2^28.6) it is off by far less than one.
template <class D32>
HWY_INLINE hn::VFromD<D32> Divide(D32 d, hn::VFromD<D32> numerator, hn::VFromD<D32> weights) {
  const hn::Rebind<float, D32> df;
  using V = hn::VFromD<D32>;
  const V one = hn::Set(d, 1);
  V q = hn::ConvertTo(d, hn::Div(hn::ConvertTo(df, numerator), hn::ConvertTo(df, weights)));
  q = hn::IfThenElse(hn::Gt(hn::Mul(q, weights), numerator), hn::Sub(q, one), q);
  const V next = hn::Add(q, one);
  return hn::IfThenElse(hn::Gt(hn::Mul(next, weights), numerator), q, next);
}

#if HWY_TARGET != HWY_SCALAR
// A 3x3 matrix over a row of planar 12-bit samples: for each output plane c,
// out[c][x] = clamp(((m[3c] p0 + m[3c+1] p1 + m[3c+2] p2 + round) >> kShift) + offset[c], 0, max)
// with 16x16->32-bit pairwise multiply-adds (pmaddwd): pixels are interleaved (p0, p1) and
// (p2, 1) so one instruction forms two products and their sum, and the rounding constant rides
// in as the coefficient of the 1. Exact for samples <= 32767, coefficients and `round` in int16.
template <int kShift>
HWY_INLINE void Matrix3Row(const uint16_t* const* in, uint16_t* const* out, int width,
                           const int16_t* m, int16_t round, const int32_t* offset, int32_t max) {
  const hn::ScalableTag<int16_t> d16;
  const hn::RebindToUnsigned<decltype(d16)> du16;
  const hn::Repartition<int32_t, decltype(d16)> d32;
  using V16 = hn::VFromD<decltype(d16)>;
  using V32 = hn::VFromD<decltype(d32)>;
  auto pair = [&](int16_t low, int16_t high) {
    const uint32_t bits =
        static_cast<uint16_t>(low) | (static_cast<uint32_t>(static_cast<uint16_t>(high)) << 16);
    return hn::BitCast(d16, hn::Set(d32, static_cast<int32_t>(bits)));
  };
  V16 coef01[3], coef2r[3];
  V32 add[3];
  for (int c = 0; c < 3; ++c) {
    coef01[c] = pair(m[3 * c], m[3 * c + 1]);
    coef2r[c] = pair(m[3 * c + 2], round);
    add[c] = hn::Set(d32, offset[c]);
  }
  const V16 one = hn::Set(d16, 1);
  const V32 low = hn::Zero(d32), high = hn::Set(d32, max);
  auto dot = [&](V16 p01, V16 p2one, int c) {
    V32 odd = hn::Zero(d32);
    V32 sum = hn::ReorderWidenMulAccumulate(d32, p01, coef01[c], hn::Zero(d32), odd);
    sum = hn::ReorderWidenMulAccumulate(d32, p2one, coef2r[c], sum, odd);
    sum = hn::RearrangeToOddPlusEven(sum, odd);
    return hn::Min(hn::Max(hn::Add(hn::ShiftRight<kShift>(sum), add[c]), low), high);
  };
  const int lanes = static_cast<int>(hn::Lanes(d16));
  for (int x = 0; x < width; x += lanes) {
    const V16 p0 = hn::BitCast(d16, hn::LoadU(du16, in[0] + x));
    const V16 p1 = hn::BitCast(d16, hn::LoadU(du16, in[1] + x));
    const V16 p2 = hn::BitCast(d16, hn::LoadU(du16, in[2] + x));
    const V16 p01_lower = hn::InterleaveLower(d16, p0, p1);
    const V16 p01_upper = hn::InterleaveUpper(d16, p0, p1);
    const V16 p2one_lower = hn::InterleaveLower(d16, p2, one);
    const V16 p2one_upper = hn::InterleaveUpper(d16, p2, one);
    for (int c = 0; c < 3; ++c) {
      // Packing undoes the interleave's order within each 128-bit block.
      const V16 result =
          hn::ReorderDemote2To(d16, dot(p01_lower, p2one_lower, c), dot(p01_upper, p2one_upper, c));
      hn::StoreU(hn::BitCast(du16, result), du16, out[c] + x);
    }
  }
}
#endif

}  // namespace ispsim::blocks::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif  // include guard
