#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "model/blocks/bayer_nr/bayer_nr.cpp"
#include <hwy/foreach_target.h>  // re-includes this file once per SIMD target
#include <hwy/highway.h>

#include "model/blocks/bayer_nr/bayer_nr.hpp"
#include "model/blocks/simd_ops-inl.h"
#include "model/kernels/knots.hpp"

HWY_BEFORE_NAMESPACE();
namespace ispsim::blocks::HWY_NAMESPACE {

// The threshold T for 32-bit lanes holding the sums of nine samples (each at most 4095): the
// frame's table at their mean.
template <class D32>
HWY_INLINE hn::VFromD<D32> Threshold(D32 d, hn::VFromD<D32> sum9, const int32_t* by_mean) {
  return hn::GatherIndex(d, by_mean, hn::ShiftRight<12>(hn::Mul(sum9, hn::Set(d, 455))));
}

// The lattice of the sample's colour, as (row, column) offsets: the 3x3 lattice first (its nine
// samples give the mean; the centre is the fifth), then the 5x5 lattice's outer ring.
constexpr int kLattice[25][2] = {{-2, -2}, {-2, 0}, {-2, 2},  {0, -2},  {0, 0},  {0, 2},  {2, -2},
                                 {2, 0},   {2, 2},  {-4, -4}, {-4, -2}, {-4, 0}, {-4, 2}, {-4, 4},
                                 {-2, -4}, {-2, 4}, {0, -4},  {0, 4},   {2, -4}, {2, 4},  {4, -4},
                                 {4, -2},  {4, 0},  {4, 2},   {4, 4}};

#if HWY_TARGET == HWY_SCALAR
// rows[k] is the raw row y-4+k with its margins mirrored; one sample at a time in 32 bits.
void BayerNrRow(const uint16_t* const* rows, uint16_t* out, int width, const int32_t* by_mean,
                bool wide, int32_t pedestal) {
  const hn::ScalableTag<int32_t> d;
  using V = hn::VFromD<decltype(d)>;
  const V top = hn::Set(d, 4095 + pedestal), zero = hn::Zero(d), one = hn::Set(d, 1);
  const V pedestal_v = hn::Set(d, pedestal);
  const int count = wide ? 25 : 9;
  for (int x = 0; x < width; ++x) {
    V v[25];
    for (int k = 0; k < count; ++k)
      v[k] = hn::Min(LoadWide(d, rows[4 + kLattice[k][0]] + x + kLattice[k][1]), top);
    V sum9 = v[0];
    for (int i = 1; i < 9; ++i)
      sum9 = hn::Add(sum9, v[i]);
    const V threshold = Threshold(d, sum9, by_mean);
    V weights = threshold, weighted = hn::Mul(threshold, v[4]);
    for (int i = 0; i < count; ++i) {
      if (i == 4) continue;
      const V w = hn::Max(hn::Sub(threshold, hn::Abs(hn::Sub(v[i], v[4]))), zero);
      weights = hn::Add(weights, w);
      weighted = hn::Add(weighted, hn::Mul(w, v[i]));
    }
    const V q = Divide(d, hn::Add(weighted, hn::ShiftRight<1>(weights)), hn::Max(weights, one));
    const V result = hn::IfThenElse(hn::Gt(threshold, zero), q, v[4]);
    StoreNarrow(d, Clamp(d, hn::Sub(result, pedestal_v), 0, 4095), out + x);
  }
}
#else
// rows[k] is the raw row y-4+k with its margins mirrored. Samples, differences and weights fit
// 16-bit lanes (all at most 4095); the threshold, the sums and the division take 32-bit lanes. The
// weighted sum pairs two neighbours' terms per 32-bit lane (multiply-add of interleaved weights and
// samples), which leaves the pixels of each 128-bit block in two halves; the final pack per block
// puts them back in order.
// The sample count a compile-time constant, so the narrow window's loops unroll as before.
template <bool wide>
void BayerNrRowOf(const uint16_t* const* rows, uint16_t* out, int width, const int32_t* by_mean,
                  int32_t pedestal) {
  const hn::ScalableTag<int16_t> d16;
  const hn::RebindToUnsigned<decltype(d16)> du16;
  const hn::Repartition<int32_t, decltype(d16)> d32;
  const hn::Half<decltype(du16)> duh;
  const hn::Half<decltype(d16)> dh;
  using V16 = hn::VFromD<decltype(d16)>;
  using V32 = hn::VFromD<decltype(d32)>;
  const int lanes = static_cast<int>(hn::Lanes(d16));
  const auto top = hn::Set(du16, static_cast<uint16_t>(4095 + pedestal));
  const V16 zero16 = hn::Zero(d16);
  const V32 pedestal32 = hn::Set(d32, pedestal);
  const V32 zero32 = hn::Zero(d32), one32 = hn::Set(d32, 1);
  const V16 ones16 = hn::Set(d16, 1);
  constexpr int count = wide ? 25 : 9;
  for (int x = 0; x < width; x += lanes) {
    V16 v[25];
    auto sum9 = hn::Zero(du16);
    for (int k = 0; k < count; ++k) {
      const auto sample =
          hn::Min(hn::LoadU(du16, rows[4 + kLattice[k][0]] + x + kLattice[k][1]), top);
      if (k < 9) sum9 = hn::Add(sum9, sample);
      v[k] = hn::BitCast(d16, sample);
    }
    const V16 centre = v[4];
    // The threshold per sample in lane order, through 32-bit halves.
    const V32 t_lower = Threshold(d32, hn::PromoteTo(d32, hn::LowerHalf(duh, sum9)), by_mean);
    const V32 t_upper = Threshold(d32, hn::PromoteTo(d32, hn::UpperHalf(duh, sum9)), by_mean);
    const V16 threshold = hn::Combine(d16, hn::DemoteTo(dh, t_upper), hn::DemoteTo(dh, t_lower));
    V16 w[25];
    auto weights = hn::Zero(du16);  // nine weights fit 16 bits (9 x 4095)
    for (int i = 0; i < count; ++i) {
      w[i] =
          i == 4 ? threshold : hn::Max(hn::Sub(threshold, hn::Abs(hn::Sub(v[i], centre))), zero16);
      if constexpr (!wide) weights = hn::Add(weights, hn::BitCast(du16, w[i]));
    }
    // Weighted sums, two terms per multiply-add: the pairs (0,1), (2,3), (5,6), (7,8), then
    // the outer ring's (9,10) ... (23,24), and (4,-). Wide, the weights' sums too (25 x 4095
    // outgrows 16 bits), as weights times one.
    V32 lower = zero32, lower_odd = zero32, upper = zero32, upper_odd = zero32;
    V32 w_lower = zero32, w_lower_odd = zero32, w_upper = zero32, w_upper_odd = zero32;
    auto accumulate = [&](const V16 wa, const V16 va, const V16 wb, const V16 vb) {
      const V16 w_lo = hn::InterleaveLower(d16, wa, wb), w_hi = hn::InterleaveUpper(d16, wa, wb);
      lower = hn::ReorderWidenMulAccumulate(d32, w_lo, hn::InterleaveLower(d16, va, vb), lower,
                                            lower_odd);
      upper = hn::ReorderWidenMulAccumulate(d32, w_hi, hn::InterleaveUpper(d16, va, vb), upper,
                                            upper_odd);
      if constexpr (!wide) return;
      w_lower = hn::ReorderWidenMulAccumulate(d32, w_lo, ones16, w_lower, w_lower_odd);
      w_upper = hn::ReorderWidenMulAccumulate(d32, w_hi, ones16, w_upper, w_upper_odd);
    };
    for (const int a : {0, 2, 5, 7})
      accumulate(w[a], v[a], w[a + 1], v[a + 1]);
    for (int a = 9; a < count; a += 2)
      accumulate(w[a], v[a], w[a + 1], v[a + 1]);
    accumulate(w[4], v[4], zero16, zero16);  // a zero weight adds nothing
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
      return Clamp(d32, hn::Sub(hn::IfThenElse(hn::Gt(t, zero32), q, c), pedestal32), 0, 4095);
    };
    if constexpr (wide) {
      w_lower = hn::RearrangeToOddPlusEven(w_lower, w_lower_odd);
      w_upper = hn::RearrangeToOddPlusEven(w_upper, w_upper_odd);
    } else {
      w_lower = widen_lower(weights);
      w_upper = widen_upper(weights);
    }
    const V32 result_lower = finish(lower, w_lower, widen_lower(threshold), widen_lower(centre));
    const V32 result_upper = finish(upper, w_upper, widen_upper(threshold), widen_upper(centre));
    hn::StoreU(hn::BitCast(du16, hn::ReorderDemote2To(d16, result_lower, result_upper)), du16,
               out + x);
  }
}
void BayerNrRow(const uint16_t* const* rows, uint16_t* out, int width, const int32_t* by_mean,
                bool wide, int32_t pedestal) {
  if (wide)
    BayerNrRowOf<true>(rows, out, width, by_mean, pedestal);
  else
    BayerNrRowOf<false>(rows, out, width, by_mean, pedestal);
}
#endif

}  // namespace ispsim::blocks::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <tuple>

namespace ispsim::blocks {

HWY_EXPORT(BayerNrRow);

BayerNr::Params BayerNr::decode(const RegisterReader& read, const FrameSettings&) {
  namespace isp = regs::isp;
  Params p;
  p.bypass = decode_bypass(read, kDescriptor);
  p.wide = isp::BNR_CTRL_WIDE.get(read(isp::BNR_CTRL)) != 0;
  p.table = isp::BNR_CTRL_TABLE.get(read(isp::BNR_CTRL)) != 0;
  static_assert(std::tuple_size<decltype(p.sigma_by_mean)>::value == isp::BNR_SIGMA_COUNT);
  for (unsigned k = 0; k < isp::BNR_SIGMA_COUNT; ++k)
    p.sigma_by_mean[k] =
        static_cast<uint16_t>(isp::BNR_SIGMA_SIGMA.code(read(isp::BNR_SIGMA + 4 * k)));
  p.shot = static_cast<uint16_t>(isp::BNR_SHOT_SHOT.code(read(isp::BNR_SHOT)));
  p.read = static_cast<uint16_t>(isp::BNR_READ_READ.code(read(isp::BNR_READ)));
  p.strength = static_cast<uint16_t>(isp::BNR_STRENGTH_STRENGTH.code(read(isp::BNR_STRENGTH)));
  p.pedestal = static_cast<uint16_t>(isp::BNR_PEDESTAL_PEDESTAL.code(read(isp::BNR_PEDESTAL)));
  return p;
}

namespace {

// The signal under a mean of the input: the pedestal below it, within 0..4095 (the table's
// entries past the largest mean, 4094 + the pedestal, are never read).
int32_t signal_mean(int32_t mean, const BayerNr::Params& p) {
  return std::min(std::max(mean - p.pedestal, 0), 4095);
}

}  // namespace

int32_t BayerNr::threshold(int32_t sum9, const Params& p) {
  return threshold_for_mean(signal_mean((sum9 * 455) >> 12, p), p);
}

void BayerNr::prepare(Params& p) {
  // The table holds means up to 4095 + 256, as far as the 8-bit field reaches; a larger
  // pedestal (only a hand-built Params could hold one) is taken as 255.
  static_assert(regs::isp::BNR_PEDESTAL_PEDESTAL.mask() == 255, "the threshold table's reach");
  p.pedestal = std::min<uint16_t>(p.pedestal, 255);
  for (int32_t mean = 0; mean < static_cast<int32_t>(p.threshold_by_mean.size()); ++mean)
    p.threshold_by_mean[static_cast<size_t>(mean)] = threshold_for_mean(signal_mean(mean, p), p);
}

int32_t BayerNr::threshold_for_mean(int32_t mean, const Params& p) {
  if (p.table) {
    const int k = mean >> 6, f = mean & 63;
    const int32_t sigma16 = between_knots(p.sigma_by_mean[static_cast<size_t>(k)],
                                          p.sigma_by_mean[static_cast<size_t>(k + 1)], f, 6);
    return static_cast<int32_t>(std::min<int64_t>((int64_t{p.strength} * 2 * sigma16) >> 10, 4095));
  }
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
  const int reach = p.wide ? 4 : 2;
  for (int x = 0; x < row.width; ++x) {
    auto sample = [&](int dy, int dx) {
      return std::min<int32_t>(in.rows[4 + dy].plane[0][reflect101(x + dx, row.width)],
                               4095 + p.pedestal);
    };
    const auto unpedestal = [&](int32_t v) {
      return static_cast<uint16_t>(std::clamp(v - p.pedestal, 0, 4095));
    };
    int32_t sum9 = 0;
    for (int dy = -2; dy <= 2; dy += 2)
      for (int dx = -2; dx <= 2; dx += 2)
        sum9 += sample(dy, dx);
    const int32_t t = threshold(sum9, p), centre = sample(0, 0);
    if (t == 0) {
      out.plane[0][x] = unpedestal(centre);
      continue;
    }
    int32_t weights = 0, weighted = 0;
    for (int dy = -reach; dy <= reach; dy += 2)
      for (int dx = -reach; dx <= reach; dx += 2) {
        const int32_t s = sample(dy, dx);
        const int32_t w = std::max(t - std::abs(s - centre), 0);
        weights += w;
        weighted += w * s;
      }
    out.plane[0][x] = unpedestal((weighted + (weights >> 1)) / weights);
  }
}

void BayerNr::process_row(const Params& p, const RowWindow& in, const RowRef& out,
                          const RowContext& row) {
  if (p.bypass) return process_row_scalar(p, in, out, row);
  const auto rows = in.raw_rows<9>();
  HWY_DYNAMIC_DISPATCH(BayerNrRow)
  (rows.data(), out.plane[0], row.width, p.threshold_by_mean.data(), p.wide, p.pedestal);
}

}  // namespace ispsim::blocks
#endif  // HWY_ONCE
