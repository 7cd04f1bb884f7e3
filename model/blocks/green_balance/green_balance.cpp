#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "model/blocks/green_balance/green_balance.cpp"
#include <hwy/foreach_target.h>  // re-includes this file once per SIMD target
#include <hwy/highway.h>

#include "model/blocks/green_balance/green_balance.hpp"
#include "model/blocks/simd_ops-inl.h"

HWY_BEFORE_NAMESPACE();
namespace ispsim::blocks::HWY_NAMESPACE {

// rows[k] is the raw row y-2+k with its margins mirrored. Greens sit on the columns of parity
// `green_parity` in this row.
// In 16-bit lanes (twice the samples of 32-bit ones a vector): with samples clipped to 12 bits
// the sums of four stay below 2^14, and the calm test |other - own| x 256 <= LIMIT x (other +
// own) is |other - own| <= floor(LIMIT x (other + own) / 256), the high half of
// ((other + own) << 1) x (LIMIT << 7), both operands below 2^16.
void GreenBalanceRow(const uint16_t* const* rows, uint16_t* out, int width, int green_parity,
                     int32_t limit) {
  const hn::ScalableTag<uint16_t> du;
  const hn::RebindToSigned<decltype(du)> d;
  using VU = hn::VFromD<decltype(du)>;
  using V = hn::VFromD<decltype(d)>;
  const int lanes = static_cast<int>(hn::Lanes(du));
  const VU limit_v = hn::Set(du, static_cast<uint16_t>(limit << 7)),
           max_sample = hn::Set(du, kRawMax);
  const V four = hn::Set(d, 4), zero = hn::Zero(d), max_signed = hn::BitCast(d, max_sample);
  const VU parity = hn::Set(du, static_cast<uint16_t>(green_parity)), one = hn::Set(du, 1);
  const VU lane = hn::Iota(du, 0);
  for (int x = 0; x < width; x += lanes) {
    auto at = [&](int dy, int dx) {
      return hn::Min(hn::LoadU(du, rows[2 + dy] + x + dx), max_sample);
    };
    const VU centre = at(0, 0);
    const VU own = hn::Add(hn::Add(at(-2, 0), at(2, 0)), hn::Add(at(0, -2), at(0, 2)));
    const VU other = hn::Add(hn::Add(at(-1, -1), at(-1, 1)), hn::Add(at(1, -1), at(1, 1)));
    const V diff = hn::Sub(hn::BitCast(d, other), hn::BitCast(d, own));
    const VU bound = hn::MulHigh(hn::ShiftLeft<1>(hn::Add(other, own)), limit_v);
    const auto calm = hn::Not(hn::Gt(hn::BitCast(d, hn::Abs(diff)), hn::BitCast(d, bound)));
    const auto green =
        hn::Eq(hn::And(hn::Add(lane, hn::Set(du, static_cast<uint16_t>(x))), one), parity);
    const V moved = hn::Min(
        hn::Max(hn::Add(hn::BitCast(d, centre), hn::ShiftRight<3>(hn::Add(diff, four))), zero),
        max_signed);
    const auto moves = hn::And(calm, hn::RebindMask(d, green));
    hn::StoreU(hn::BitCast(du, hn::IfThenElse(moves, moved, hn::BitCast(d, centre))), du, out + x);
  }
}

}  // namespace ispsim::blocks::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "model/kernels/cfa.hpp"

namespace ispsim::blocks {

HWY_EXPORT(GreenBalanceRow);

GreenBalance::Params GreenBalance::decode(const RegisterReader& read, const FrameSettings&) {
  namespace isp = regs::isp;
  Params p;
  p.bypass = decode_bypass(read, kDescriptor);
  p.limit = static_cast<uint16_t>(isp::GBAL_LIMIT_LIMIT.code(read(isp::GBAL_LIMIT)));
  return p;
}

uint16_t GreenBalance::sample(int32_t centre, int32_t own, int32_t other, const Params& p) {
  const int32_t diff = other - own;
  if (std::abs(diff) * 256 > p.limit * (other + own)) return static_cast<uint16_t>(centre);
  return static_cast<uint16_t>(std::clamp(centre + ((diff + 4) >> 3), 0, 4095));
}

void GreenBalance::process_row_scalar(const Params& p, const RowWindow& in, const RowRef& out,
                                      const RowContext& row) {
  if (p.bypass) return copy_planes(in.centre(), out, 1, row.width);
  const uint16_t* centre = in.centre().plane[0];
  auto at = [&](int dy, int x) {
    return static_cast<int32_t>(
        std::min(in.rows[2 + dy].plane[0][reflect101(x, row.width)], kRawMax));
  };
  for (int x = 0; x < row.width; ++x) {
    if (!cfa_is_green(row.cfa_phase, x, row.y)) {
      out.plane[0][x] = std::min(centre[x], kRawMax);
      continue;
    }
    const int32_t own = at(-2, x) + at(2, x) + at(0, x - 2) + at(0, x + 2);
    const int32_t other = at(-1, x - 1) + at(-1, x + 1) + at(1, x - 1) + at(1, x + 1);
    out.plane[0][x] = sample(at(0, x), own, other, p);
  }
}

void GreenBalance::process_row(const Params& p, const RowWindow& in, const RowRef& out,
                               const RowContext& row) {
  if (p.bypass) return process_row_scalar(p, in, out, row);
  const auto rows = in.raw_rows<5>();
  const int green_parity = cfa_is_green(row.cfa_phase, 0, row.y) ? 0 : 1;
  HWY_DYNAMIC_DISPATCH(GreenBalanceRow)
  (rows.data(), out.plane[0], row.width, green_parity, p.limit);
}

}  // namespace ispsim::blocks
#endif  // HWY_ONCE
