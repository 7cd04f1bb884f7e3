#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "model/blocks/bayer_nr/bayer_nr.cpp"
#include <hwy/foreach_target.h>  // re-includes this file once per SIMD target
#include <hwy/highway.h>

#include "model/blocks/bayer_nr/bayer_nr.hpp"
#include "model/blocks/simd_ops-inl.h"

HWY_BEFORE_NAMESPACE();
namespace ispsim::blocks::HWY_NAMESPACE {

// rows[k] is the raw row y-2+k with its margins mirrored. The square root and the division
// are estimated in single precision and corrected to the exact integer result (each estimate
// is within one of it for every input the block takes).
void BayerNrRow(const uint16_t* const* rows, uint16_t* out, int width, int32_t shot, int32_t read,
                int32_t strength) {
  const hn::ScalableTag<int32_t> d;
  const hn::Rebind<float, decltype(d)> df;
  using V = hn::VFromD<decltype(d)>;
  const int lanes = static_cast<int>(hn::Lanes(d));
  const V top = hn::Set(d, 4095), zero = hn::Zero(d), one = hn::Set(d, 1);
  const V shot_v = hn::Set(d, shot), read_v = hn::Set(d, read), strength_v = hn::Set(d, strength);
  for (int x = 0; x < width; x += lanes) {
    V v[9];
    int k = 0;
    for (int dy = -2; dy <= 2; dy += 2)
      for (int dx = -2; dx <= 2; dx += 2)
        v[k++] = hn::Min(LoadWide(d, rows[2 + dy] + x + dx), top);
    const V centre = v[4];
    V sum9 = v[0];
    for (int i = 1; i < 9; ++i)
      sum9 = hn::Add(sum9, v[i]);
    const V mean = hn::ShiftRight<12>(hn::Mul(sum9, hn::Set(d, 455)));
    const V variance = hn::Add(hn::ShiftRight<8>(hn::Mul(shot_v, mean)), read_v);
    const V n = hn::ShiftLeft<10>(variance);
    // n (a multiple of 1024 below 2^31) is exact in single precision and its square root is
    // rounded to nearest, so the estimate is never below floor(sqrt(n)); just below a perfect
    // square it can round up to it, and one step down corrects that.
    V root = hn::ConvertTo(d, hn::Sqrt(hn::ConvertTo(df, n)));
    root = hn::IfThenElse(hn::Gt(hn::Mul(root, root), n), hn::Sub(root, one), root);
    const V threshold = hn::ShiftRight<10>(hn::Mul(strength_v, root));
    V weights = threshold, weighted = hn::Mul(threshold, centre);
    for (int i = 0; i < 9; ++i) {
      if (i == 4) continue;
      const V w = hn::Max(hn::Sub(threshold, hn::Abs(hn::Sub(v[i], centre))), zero);
      weights = hn::Add(weights, w);
      weighted = hn::Add(weighted, hn::Mul(w, v[i]));
    }
    const V numerator = hn::Add(weighted, hn::ShiftRight<1>(weights));
    const V safe = hn::Max(weights, one);  // lanes with T = 0 keep the centre below
    V q = hn::ConvertTo(d, hn::Div(hn::ConvertTo(df, numerator), hn::ConvertTo(df, safe)));
    q = hn::IfThenElse(hn::Gt(hn::Mul(q, safe), numerator), hn::Sub(q, one), q);
    const V next = hn::Add(q, one);
    q = hn::IfThenElse(hn::Gt(hn::Mul(next, safe), numerator), q, next);
    const V result = hn::IfThenElse(hn::Gt(threshold, zero), q, centre);
    StoreNarrow(d, result, out + x);
  }
}

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
  const int32_t mean = (sum9 * 455) >> 12;  // at most 4094 for samples of at most 4095
  const int32_t variance = ((p.shot * mean) >> 8) + p.read;
  const int64_t n = static_cast<int64_t>(variance) << 10;
  auto root = static_cast<int64_t>(std::sqrt(static_cast<double>(n)));
  while ((root + 1) * (root + 1) <= n)
    ++root;
  while (root * root > n)
    --root;
  return static_cast<int32_t>((p.strength * root) >> 10);
}

void BayerNr::process_row_scalar(const Params& p, const RowWindow& in, const RowRef& out,
                                 const RowContext& row) {
  const uint16_t* centre_row = in.centre().plane[0];
  if (p.bypass) {
    std::memcpy(out.plane[0], centre_row, sizeof(uint16_t) * static_cast<size_t>(row.width));
    return;
  }
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
  (rows.data(), out.plane[0], row.width, p.shot, p.read, p.strength);
}

}  // namespace ispsim::blocks
#endif  // HWY_ONCE
