#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "model/blocks/hdr_merge/hdr_merge.cpp"
#include <hwy/foreach_target.h>  // re-includes this file once per SIMD target
#include <hwy/highway.h>

#include "model/blocks/hdr_merge/hdr_merge.hpp"
#include "model/blocks/simd_ops-inl.h"
#include "model/kernels/knots.hpp"

HWY_BEFORE_NAMESPACE();
namespace ispsim::blocks::HWY_NAMESPACE {

// The specification's operations (hdr_merge.hpp, HdrMerge::merge and HdrMerge::compand) lane
// by lane, in the same order: a lane's choices become masks.
void HdrMergeRow(const uint16_t* const* planes, uint16_t* out, int width,
                 const HdrMerge::Params& p) {
  const hn::ScalableTag<int32_t> di;
  const hn::Rebind<float, decltype(di)> df;
  using VI = hn::VFromD<decltype(di)>;
  using VF = hn::VFromD<decltype(df)>;
  const int lanes = static_cast<int>(hn::Lanes(di));
  const int n = p.exposures;
  const VF zero = hn::Zero(df), one = hn::Set(df, 1.0f);
  const VF shot = hn::Set(df, p.shot), read = hn::Set(df, p.read);
  const VF threshold2 = hn::Set(df, p.motion_threshold * p.motion_threshold);
  const bool motion = p.motion_threshold * p.motion_threshold > 0.0f;
  const VI one_i = hn::Set(di, 1), zero_i = hn::Zero(di);
  for (int x = 0; x < width; x += lanes) {
    VF s[3], var[3];
    hn::Mask<decltype(di)> valid[3];
    for (int k = 0; k < n; ++k) {
      const VI c = LoadWide(di, planes[k] + x);
      valid[k] = hn::Lt(c, hn::Set(di, p.saturated));
      s[k] = hn::Mul(hn::ConvertTo(df, hn::Sub(c, hn::Set(di, p.black))), hn::Set(df, p.ratio[k]));
    }
    VF reference = s[n - 1];
    VI k0 = hn::Set(di, n - 1);
    for (int k = n - 2; k >= 0; --k) {
      reference = hn::IfThenElse(hn::RebindMask(df, valid[k]), s[k], reference);
      k0 = hn::IfThenElse(valid[k], hn::Set(di, k), k0);
    }
    const VF signal = hn::Max(reference, zero);
    for (int k = 0; k < n; ++k) {
      const VF r = hn::Set(df, p.ratio[k]);
      var[k] = hn::Mul(r, hn::Add(hn::Mul(shot, signal), hn::Mul(r, read)));
    }
    VF num = zero, den = zero;
    for (int k = 0; k < n; ++k) {
      const VI k_v = hn::Set(di, k);
      const auto start = hn::RebindMask(df, hn::Eq(k0, k_v));
      const VF w = hn::Div(one, var[k]);
      const VF q = hn::Mul(s[k], w);
      if (k == 0) {  // exposure 0 only ever starts the merge
        num = hn::IfThenElse(start, q, num);
        den = hn::IfThenElse(start, w, den);
        continue;
      }
      auto join = hn::RebindMask(df, hn::And(hn::Gt(k_v, k0), valid[k]));
      if (motion) {
        const VF d = hn::Sub(hn::Mul(s[k], den), num);
        const VF limit = hn::Mul(threshold2, hn::Add(hn::Mul(hn::Mul(var[k], den), den), den));
        join = hn::AndNot(hn::Gt(hn::Mul(d, d), limit), join);
      }
      num = hn::IfThenElse(start, q, hn::IfThenElse(join, hn::Add(num, q), num));
      den = hn::IfThenElse(start, w, hn::IfThenElse(join, hn::Add(den, w), den));
    }
    VF y = hn::Add(hn::Mul(hn::Div(num, den), hn::Set(df, 16.0f)), hn::Set(df, 0.5f));
    y = hn::Min(hn::Max(y, zero), hn::Set(df, static_cast<float>(HdrMerge::kMaxLinear)));
    const VI linear = hn::ConvertTo(di, y);
    // The octave of x from its exact single-precision exponent (x < 2^24); x = 0 gives e = 0.
    const VI msb =
        hn::Sub(hn::ShiftRight<23>(hn::BitCast(di, hn::ConvertTo(df, linear))), hn::Set(di, 127));
    const VI e = hn::Max(hn::Sub(msb, hn::Set(di, 3)), zero_i);
    const VI knot = hn::Add(hn::ShiftLeft<3>(e), hn::Shr(linear, e));
    const VI frac = hn::And(linear, hn::Sub(hn::Shl(one_i, e), one_i));
    // frac in 1/256 of the octave's step: exact below e = 8, floored above (frac << 8 < 2^28).
    const VI frac8 = hn::Shr(hn::ShiftLeft<8>(frac), e);
    const VI low = hn::GatherIndex(di, p.compander_table.data(), knot);
    const VI high = hn::GatherIndex(di, p.compander_table.data(), hn::Add(knot, one_i));
    const VI value = hn::Add(
        low, hn::ShiftRight<8>(hn::Add(hn::Mul(hn::Sub(high, low), frac8), hn::Set(di, 128))));
    StoreNarrow(di, Clamp(di, value, 0, 4095), out + x);
  }
}

}  // namespace ispsim::blocks::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <algorithm>

namespace ispsim::blocks {

HWY_EXPORT(HdrMergeRow);

HdrMerge::Params HdrMerge::decode(const RegisterReader& read, const FrameSettings&) {
  namespace isp = regs::isp;
  Params p;
  p.bypass = decode_bypass(read, kDescriptor);
  const uint32_t ctrl = read(isp::HDR_CTRL);
  p.exposures = std::max<int>(1, static_cast<int>(isp::HDR_CTRL_EXPOSURES.get(ctrl)));
  p.black = isp::HDR_BLACK_LEVEL.code(read(isp::HDR_BLACK));
  p.saturated = isp::HDR_SATURATED_LEVEL.code(read(isp::HDR_SATURATED));
  for (unsigned k = 0; k < isp::HDR_RATIO_COUNT; ++k) {
    const int32_t code = isp::HDR_RATIO_RATIO.code(read(isp::HDR_RATIO + 4 * k));
    p.ratio[k + 1] = static_cast<float>(std::max(code, 1)) / 64.0f;
  }
  p.shot = static_cast<float>(isp::HDR_SHOT_SHOT.code(read(isp::HDR_SHOT))) / 256.0f;
  p.read = static_cast<float>(std::max(isp::HDR_READ_READ.code(read(isp::HDR_READ)), 1)) / 16.0f;
  p.motion_threshold =
      static_cast<float>(isp::HDR_MOTION_THRESHOLD.code(read(isp::HDR_MOTION))) / 16.0f;
  for (unsigned j = 0; j < isp::HDR_COMPAND_COUNT; ++j)
    p.compander[j] =
        static_cast<uint16_t>(isp::HDR_COMPAND_VALUE.code(read(isp::HDR_COMPAND + 4 * j)));
  return p;
}

void HdrMerge::prepare(Params& p) {
  std::copy(p.compander.begin(), p.compander.end(), p.compander_table.begin());
  p.compander_table[kKnots] = p.compander[kKnots - 1];
}

float HdrMerge::merged_signal(const Params& p, const uint16_t* samples) {
  const int n = p.exposures;
  float s[3] = {}, var[3] = {};
  bool valid[3] = {};
  int k0 = n - 1;
  for (int k = n - 1; k >= 0; --k) {
    valid[k] = samples[k] < p.saturated;
    if (valid[k]) k0 = k;
    s[k] = static_cast<float>(samples[k] - p.black) * p.ratio[k];
  }
  const float signal = std::max(s[k0], 0.0f);
  for (int k = 0; k < n; ++k)
    var[k] = p.ratio[k] * (p.shot * signal + p.ratio[k] * p.read);
  // Weights as reciprocals, each sample times its weight: one division per exposure.
  float den = 1.0f / var[k0];
  float num = s[k0] * den;
  const float threshold2 = p.motion_threshold * p.motion_threshold;
  for (int k = k0 + 1; k < n; ++k) {
    if (!valid[k]) continue;
    // (s_k - num / den)^2 > T^2 (var_k + 1 / den), times den^2: no division.
    if (threshold2 > 0.0f) {
      const float d = s[k] * den - num;
      if (d * d > threshold2 * (var[k] * den * den + den)) continue;  // moved: keep the longer
    }
    const float w = 1.0f / var[k];
    num = num + s[k] * w;
    den = den + w;
  }
  return num / den;
}

uint32_t HdrMerge::merge(const Params& p, const uint16_t* samples) {
  const float y = std::min(std::max(merged_signal(p, samples) * 16.0f + 0.5f, 0.0f),
                           static_cast<float>(kMaxLinear));
  return static_cast<uint32_t>(y);
}

uint16_t HdrMerge::compand(uint32_t x, const std::array<uint16_t, kKnots>& knots) {
  x = std::min(x, kMaxLinear);
  int msb = -1;
  for (uint32_t v = x; v != 0; v >>= 1)
    ++msb;
  const int e = std::max(msb - 3, 0);
  const int j = 8 * e + static_cast<int>(x >> e);
  const int32_t frac = static_cast<int32_t>(x & ((1u << e) - 1));
  const int32_t frac8 = (frac << 8) >> e;  // in 1/256 of the step: exact, or floored (e > 8)
  const int32_t value = between_knots(knots[j], knots[j + 1], frac8, 8);
  return static_cast<uint16_t>(std::clamp(value, 0, 4095));
}

void HdrMerge::process_row_scalar(const Params& p, const RowWindow& in, const RowRef& out,
                                  const RowContext& row) {
  if (p.bypass) return copy_planes(in.centre(), out, 1, row.width);
  for (int x = 0; x < row.width; ++x) {
    uint16_t samples[3] = {};
    for (int k = 0; k < p.exposures; ++k)
      samples[k] = in.centre().plane[k][x];
    out.plane[0][x] = compand(merge(p, samples), p.compander);
  }
}

void HdrMerge::process_row(const Params& p, const RowWindow& in, const RowRef& out,
                           const RowContext& row) {
  if (p.bypass) return copy_planes(in.centre(), out, 1, row.width);
  HWY_DYNAMIC_DISPATCH(HdrMergeRow)(in.centre().plane, out.plane[0], row.width, p);
}

}  // namespace ispsim::blocks
#endif  // HWY_ONCE
