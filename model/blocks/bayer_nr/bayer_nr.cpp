#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "model/blocks/bayer_nr/bayer_nr.cpp"
#include <hwy/foreach_target.h>  // re-includes this file once per SIMD target
#include <hwy/highway.h>

#include "model/blocks/bayer_nr/bayer_nr.hpp"
#include "model/blocks/simd_ops-inl.h"

HWY_BEFORE_NAMESPACE();
namespace ispsim::blocks::HWY_NAMESPACE {

// The threshold T for 32-bit lanes holding the sums of nine samples (each at most 4095): the
// frame's table at their mean.
template <class D32>
HWY_INLINE hn::VFromD<D32> Threshold(D32 d, hn::VFromD<D32> sum9, const int32_t* by_mean) {
  return hn::GatherIndex(d, by_mean, hn::ShiftRight<12>(hn::Mul(sum9, hn::Set(d, 455))));
}

#if HWY_TARGET == HWY_SCALAR
// rows[k] is the raw row y-2+k with its margins mirrored; one sample at a time in 32 bits.
void BayerNrRow(const uint16_t* const* rows, uint16_t* out, int width, const int32_t* by_mean) {
  const hn::ScalableTag<int32_t> d;
  using V = hn::VFromD<decltype(d)>;
  const V top = hn::Set(d, 4095), zero = hn::Zero(d), one = hn::Set(d, 1);
  for (int x = 0; x < width; ++x) {
    V v[9];
    int k = 0;
    for (int dy = -2; dy <= 2; dy += 2)
      for (int dx = -2; dx <= 2; dx += 2)
        v[k++] = hn::Min(LoadWide(d, rows[2 + dy] + x + dx), top);
    V sum9 = v[0];
    for (int i = 1; i < 9; ++i)
      sum9 = hn::Add(sum9, v[i]);
    const V threshold = Threshold(d, sum9, by_mean);
    V weights = threshold, weighted = hn::Mul(threshold, v[4]);
    for (int i = 0; i < 9; ++i) {
      if (i == 4) continue;
      const V w = hn::Max(hn::Sub(threshold, hn::Abs(hn::Sub(v[i], v[4]))), zero);
      weights = hn::Add(weights, w);
      weighted = hn::Add(weighted, hn::Mul(w, v[i]));
    }
    const V q = Divide(d, hn::Add(weighted, hn::ShiftRight<1>(weights)), hn::Max(weights, one));
    StoreNarrow(d, hn::IfThenElse(hn::Gt(threshold, zero), q, v[4]), out + x);
  }
}
#else
// rows[k] is the raw row y-2+k with its margins mirrored. Samples, differences and weights fit
// 16-bit lanes (all at most 4095; the weights' sum at most 9 x 4095); the threshold, the
// weighted sum and the division take 32-bit lanes. The weighted sum pairs two neighbours' terms
// per 32-bit lane (multiply-add of interleaved weights and samples), which leaves the pixels of
// each 128-bit block in two halves; the final pack per block puts them back in order.
void BayerNrRow(const uint16_t* const* rows, uint16_t* out, int width, const int32_t* by_mean) {
  const hn::ScalableTag<int16_t> d16;
  const hn::RebindToUnsigned<decltype(d16)> du16;
  const hn::Repartition<int32_t, decltype(d16)> d32;
  const hn::Half<decltype(du16)> duh;
  const hn::Half<decltype(d16)> dh;
  using V16 = hn::VFromD<decltype(d16)>;
  using V32 = hn::VFromD<decltype(d32)>;
  const int lanes = static_cast<int>(hn::Lanes(d16));
  const auto top = hn::Set(du16, 4095);
  const V16 zero16 = hn::Zero(d16);
  const V32 zero32 = hn::Zero(d32), one32 = hn::Set(d32, 1);
  for (int x = 0; x < width; x += lanes) {
    V16 v[9];
    auto sum9 = hn::Zero(du16);
    int k = 0;
    for (int dy = -2; dy <= 2; dy += 2)
      for (int dx = -2; dx <= 2; dx += 2) {
        const auto sample = hn::Min(hn::LoadU(du16, rows[2 + dy] + x + dx), top);
        sum9 = hn::Add(sum9, sample);
        v[k++] = hn::BitCast(d16, sample);
      }
    const V16 centre = v[4];
    // The threshold per sample in lane order, through 32-bit halves.
    const V32 t_lower = Threshold(d32, hn::PromoteTo(d32, hn::LowerHalf(duh, sum9)), by_mean);
    const V32 t_upper = Threshold(d32, hn::PromoteTo(d32, hn::UpperHalf(duh, sum9)), by_mean);
    const V16 threshold = hn::Combine(d16, hn::DemoteTo(dh, t_upper), hn::DemoteTo(dh, t_lower));
    V16 w[9];
    auto weights = hn::BitCast(du16, threshold);
    for (int i = 0; i < 9; ++i) {
      if (i == 4) {
        w[i] = threshold;
        continue;
      }
      w[i] = hn::Max(hn::Sub(threshold, hn::Abs(hn::Sub(v[i], centre))), zero16);
      weights = hn::Add(weights, hn::BitCast(du16, w[i]));
    }
    // Weighted sums, two terms per multiply-add: the pairs (0,1), (2,3), (5,6), (7,8), (4,-).
    V32 lower = zero32, lower_odd = zero32, upper = zero32, upper_odd = zero32;
    const int pairs[5][2] = {{0, 1}, {2, 3}, {5, 6}, {7, 8}, {4, -1}};
    for (const auto& pair : pairs) {
      const V16 wa = w[pair[0]], va = v[pair[0]];
      const V16 wb = pair[1] < 0 ? zero16 : w[pair[1]], vb = pair[1] < 0 ? zero16 : v[pair[1]];
      lower = hn::ReorderWidenMulAccumulate(d32, hn::InterleaveLower(d16, wa, wb),
                                            hn::InterleaveLower(d16, va, vb), lower, lower_odd);
      upper = hn::ReorderWidenMulAccumulate(d32, hn::InterleaveUpper(d16, wa, wb),
                                            hn::InterleaveUpper(d16, va, vb), upper, upper_odd);
    }
    lower = hn::RearrangeToOddPlusEven(lower, lower_odd);
    upper = hn::RearrangeToOddPlusEven(upper, upper_odd);
    // The weights' sums, thresholds and centres in the same order (zero-extended by interleaving
    // with zero).
    const auto widen_lower = [&](auto v16) {
      return hn::BitCast(d32, hn::InterleaveLower(du16, hn::BitCast(du16, v16), hn::Zero(du16)));
    };
    const auto widen_upper = [&](auto v16) {
      return hn::BitCast(d32, hn::InterleaveUpper(du16, hn::BitCast(du16, v16), hn::Zero(du16)));
    };
    auto finish = [&](V32 weighted, V32 weight_sum, V32 t, V32 c) {
      const V32 q =
          Divide(d32, hn::Add(weighted, hn::ShiftRight<1>(weight_sum)), hn::Max(weight_sum, one32));
      return hn::IfThenElse(hn::Gt(t, zero32), q, c);
    };
    const V32 result_lower =
        finish(lower, widen_lower(weights), widen_lower(threshold), widen_lower(centre));
    const V32 result_upper =
        finish(upper, widen_upper(weights), widen_upper(threshold), widen_upper(centre));
    hn::StoreU(hn::BitCast(du16, hn::ReorderDemote2To(d16, result_lower, result_upper)), du16,
               out + x);
  }
}
#endif

}  // namespace ispsim::blocks::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace ispsim::blocks {

HWY_EXPORT(BayerNrRow);

BayerNr::Params BayerNr::decode(const RegisterReader& read, const FrameSettings&) {
  namespace isp = regs::isp;
  Params p;
  p.bypass = decode_bypass(read, kDescriptor);
  p.shot = static_cast<uint16_t>(isp::BNR_SHOT_SHOT.code(read(isp::BNR_SHOT)));
  p.read = static_cast<uint16_t>(isp::BNR_READ_READ.code(read(isp::BNR_READ)));
  p.strength = static_cast<uint16_t>(isp::BNR_STRENGTH_STRENGTH.code(read(isp::BNR_STRENGTH)));
  return p;
}

int32_t BayerNr::threshold(int32_t sum9, const Params& p) {
  return threshold_for_mean((sum9 * 455) >> 12, p);  // a mean of at most 4094
}

void BayerNr::prepare(Params& p) {
  for (int32_t mean = 0; mean < 4096; ++mean)
    p.threshold_by_mean[static_cast<size_t>(mean)] = threshold_for_mean(mean, p);
}

int32_t BayerNr::threshold_for_mean(int32_t mean, const Params& p) {
  const int32_t variance = ((p.shot * mean) >> 8) + p.read;
  const int64_t n = static_cast<int64_t>(variance) << 10;
  auto root = static_cast<int64_t>(std::sqrt(static_cast<double>(n)));
  while ((root + 1) * (root + 1) <= n)
    ++root;
  while (root * root > n)
    --root;
  return static_cast<int32_t>(std::min<int64_t>((p.strength * root) >> 10, 4095));
}

void BayerNr::process_row_scalar(const Params& p, const RowWindow& in, const RowRef& out,
                                 const RowContext& row) {
  if (p.bypass) return copy_planes(in.centre(), out, 1, row.width);
  for (int x = 0; x < row.width; ++x) {
    int32_t v[9];
    int k = 0;
    for (int dy = -2; dy <= 2; dy += 2)
      for (int dx = -2; dx <= 2; dx += 2)
        v[k++] = std::min<int32_t>(in.rows[2 + dy].plane[0][reflect101(x + dx, row.width)], 4095);
    int32_t sum9 = 0;
    for (const int32_t s : v)
      sum9 += s;
    const int32_t t = threshold(sum9, p);
    if (t == 0) {
      out.plane[0][x] = static_cast<uint16_t>(v[4]);
      continue;
    }
    int32_t weights = 0, weighted = 0;
    for (const int32_t s : v) {
      const int32_t w = std::max(t - std::abs(s - v[4]), 0);
      weights += w;
      weighted += w * s;
    }
    out.plane[0][x] = static_cast<uint16_t>((weighted + (weights >> 1)) / weights);
  }
}

void BayerNr::process_row(const Params& p, const RowWindow& in, const RowRef& out,
                          const RowContext& row) {
  if (p.bypass) return process_row_scalar(p, in, out, row);
  const auto rows = in.raw_rows<5>();
  HWY_DYNAMIC_DISPATCH(BayerNrRow)
  (rows.data(), out.plane[0], row.width, p.threshold_by_mean.data());
}

}  // namespace ispsim::blocks
#endif  // HWY_ONCE
