#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "model/blocks/black_level/black_level.cpp"
#include <hwy/foreach_target.h>  // re-includes this file once per SIMD target
#include <hwy/highway.h>

#include "model/blocks/black_level/black_level.hpp"
#include "model/blocks/simd_ops-inl.h"
#include "model/kernels/cfa.hpp"

HWY_BEFORE_NAMESPACE();
namespace ispsim::blocks::HWY_NAMESPACE {

void BlackLevelRow(const uint16_t* in, uint16_t* out, int width, uint16_t even_level,
                   uint16_t odd_level, uint16_t gain) {
  const hn::ScalableTag<uint16_t> d;
  // A one-lane target (HWY_SCALAR) starts every other vector on an odd column.
  const auto at_even = EvenOddColumns(d, even_level, odd_level);
  const auto at_odd = EvenOddColumns(d, odd_level, even_level);
  const auto gain_v = hn::Set(d, gain);
  const int lanes = static_cast<int>(hn::Lanes(d));
  for (int x = 0; x < width; x += lanes) {
    const auto level = (x & 1) ? at_odd : at_even;
    const auto above = hn::SaturatedSub(hn::LoadU(d, in + x), level);
    hn::StoreU(MulRound12Clamp4095(d, above, gain_v), d, out + x);
  }
}

}  // namespace ispsim::blocks::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <cstring>

namespace ispsim::blocks {

HWY_EXPORT(BlackLevelRow);

BlackLevel::Params BlackLevel::decode(const RegisterReader& read, const FrameSettings&) {
  namespace isp = regs::isp;
  Params p;
  p.bypass = decode_bypass(read, kDescriptor);
  for (unsigned i = 0; i < isp::BLC_LEVEL_COUNT; ++i)
    p.level[i] = static_cast<uint16_t>(isp::BLC_LEVEL_LEVEL.code(read(isp::BLC_LEVEL + 4 * i)));
  p.norm_gain = static_cast<uint16_t>(isp::BLC_NORM_GAIN_GAIN.code(read(isp::BLC_NORM_GAIN)));
  return p;
}

uint16_t BlackLevel::sample(uint16_t in, uint16_t level, uint16_t norm_gain) {
  const uint32_t above = in > level ? in - level : 0u;
  const uint32_t scaled = (above * norm_gain + 2048u) >> 12;
  return static_cast<uint16_t>(scaled > 4095u ? 4095u : scaled);
}

void BlackLevel::process_row_scalar(const Params& p, const RowWindow& in, const RowRef& out,
                                    const RowContext& row) {
  const uint16_t* src = in.centre().plane[0];
  if (p.bypass) {
    std::memcpy(out.plane[0], src, sizeof(uint16_t) * static_cast<size_t>(row.width));
    return;
  }
  const uint16_t even = p.level[cfa_colour(row.cfa_phase, 0, row.y)];
  const uint16_t odd = p.level[cfa_colour(row.cfa_phase, 1, row.y)];
  for (int x = 0; x < row.width; ++x)
    out.plane[0][x] = sample(src[x], (x & 1) ? odd : even, p.norm_gain);
}

void BlackLevel::process_row(const Params& p, const RowWindow& in, const RowRef& out,
                             const RowContext& row) {
  if (p.bypass) return process_row_scalar(p, in, out, row);
  HWY_DYNAMIC_DISPATCH(BlackLevelRow)
  (in.centre().plane[0], out.plane[0], row.width, p.level[cfa_colour(row.cfa_phase, 0, row.y)],
   p.level[cfa_colour(row.cfa_phase, 1, row.y)], p.norm_gain);
}

}  // namespace ispsim::blocks
#endif  // HWY_ONCE
