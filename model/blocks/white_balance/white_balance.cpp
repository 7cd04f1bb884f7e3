#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "model/blocks/white_balance/white_balance.cpp"
#include <hwy/foreach_target.h>  // re-includes this file once per SIMD target
#include <hwy/highway.h>

#include "model/blocks/simd_ops-inl.h"
#include "model/blocks/white_balance/white_balance.hpp"
#include "model/kernels/cfa.hpp"

HWY_BEFORE_NAMESPACE();
namespace ispsim::blocks::HWY_NAMESPACE {

void WhiteBalanceRow(const uint16_t* in, uint16_t* out, int width, uint16_t even_gain,
                     uint16_t odd_gain) {
  const hn::ScalableTag<uint16_t> d;
  // A one-lane target (HWY_SCALAR) starts every other vector on an odd column.
  const auto at_even = EvenOddColumns(d, even_gain, odd_gain);
  const auto at_odd = EvenOddColumns(d, odd_gain, even_gain);
  const int lanes = static_cast<int>(hn::Lanes(d));
  for (int x = 0; x < width; x += lanes)
    hn::StoreU(MulRound12Clamp4095(d, hn::LoadU(d, in + x), (x & 1) ? at_odd : at_even), d,
               out + x);
}

}  // namespace ispsim::blocks::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <cstring>

namespace ispsim::blocks {

HWY_EXPORT(WhiteBalanceRow);

WhiteBalance::Params WhiteBalance::decode(const RegisterReader& read, const FrameSettings&) {
  namespace isp = regs::isp;
  Params p;
  p.bypass = decode_bypass(read, kDescriptor);
  for (unsigned i = 0; i < isp::WB_GAIN_COUNT; ++i)
    p.gain[i] = static_cast<uint16_t>(isp::WB_GAIN_GAIN.code(read(isp::WB_GAIN + 4 * i)));
  return p;
}

uint16_t WhiteBalance::sample(uint16_t in, uint16_t gain) {
  const uint32_t scaled = (static_cast<uint32_t>(in) * gain + 2048u) >> 12;
  return static_cast<uint16_t>(scaled > 4095u ? 4095u : scaled);
}

void WhiteBalance::process_row_scalar(const Params& p, const RowWindow& in, const RowRef& out,
                                      const RowContext& row) {
  const uint16_t* src = in.centre().plane[0];
  if (p.bypass) {
    std::memcpy(out.plane[0], src, sizeof(uint16_t) * static_cast<size_t>(row.width));
    return;
  }
  const uint16_t even = p.gain[cfa_colour(row.cfa_phase, 0, row.y)];
  const uint16_t odd = p.gain[cfa_colour(row.cfa_phase, 1, row.y)];
  for (int x = 0; x < row.width; ++x)
    out.plane[0][x] = sample(src[x], (x & 1) ? odd : even);
}

void WhiteBalance::process_row(const Params& p, const RowWindow& in, const RowRef& out,
                               const RowContext& row) {
  if (p.bypass) return process_row_scalar(p, in, out, row);
  HWY_DYNAMIC_DISPATCH(WhiteBalanceRow)
  (in.centre().plane[0], out.plane[0], row.width, p.gain[cfa_colour(row.cfa_phase, 0, row.y)],
   p.gain[cfa_colour(row.cfa_phase, 1, row.y)]);
}

}  // namespace ispsim::blocks
#endif  // HWY_ONCE
