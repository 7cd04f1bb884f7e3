#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "model/blocks/black_level/black_level.cpp"
#include <hwy/foreach_target.h>  // re-includes this file once per SIMD target
#include <hwy/highway.h>

#include "model/blocks/black_level/black_level.hpp"
#include "model/blocks/simd_ops-inl.h"

HWY_BEFORE_NAMESPACE();
namespace ispsim::blocks::HWY_NAMESPACE {

// BlackLevel::sample with a pedestal, for a row whose even and odd columns have the levels
// given (a one-lane target starts every other vector on an odd column).
void BlackLevelPedestalRow(const uint16_t* in, uint16_t* out, int width, int32_t even_level,
                           int32_t odd_level, int32_t gain, int32_t pedestal) {
  const hn::ScalableTag<int32_t> d;
  const auto level_from_even = hn::OddEven(hn::Set(d, odd_level), hn::Set(d, even_level));
  const auto level_from_odd = hn::OddEven(hn::Set(d, even_level), hn::Set(d, odd_level));
  const auto gain_v = hn::Set(d, gain), half = hn::Set(d, 2048), pedestal_v = hn::Set(d, pedestal);
  const auto top = hn::Set(d, 4095);
  const int lanes = static_cast<int>(hn::Lanes(d));
  for (int x = 0; x < width; x += lanes) {
    const auto level = (x & 1) ? level_from_odd : level_from_even;
    const auto above = hn::Sub(hn::Min(LoadWide(d, in + x), top), level);
    const auto scaled = hn::ShiftRight<12>(hn::Add(hn::Mul(above, gain_v), half));
    StoreNarrow(d, Clamp(d, hn::Add(scaled, pedestal_v), 0, 4095 + pedestal), out + x);
  }
}

}  // namespace ispsim::blocks::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <algorithm>

#include "model/blocks/cfa_scale.hpp"
#include "model/kernels/cfa.hpp"

namespace ispsim::blocks {

HWY_EXPORT(BlackLevelPedestalRow);

namespace {

CfaScale scale_of(const BlackLevel::Params& p) {
  return {p.level, {p.norm_gain, p.norm_gain, p.norm_gain, p.norm_gain}};
}

}  // namespace

BlackLevel::Params BlackLevel::decode(const RegisterReader& read, const FrameSettings&) {
  namespace isp = regs::isp;
  Params p;
  p.bypass = decode_bypass(read, kDescriptor);
  for (unsigned i = 0; i < isp::BLC_LEVEL_COUNT; ++i)
    p.level[i] = static_cast<uint16_t>(isp::BLC_LEVEL_LEVEL.code(read(isp::BLC_LEVEL + 4 * i)));
  p.norm_gain = static_cast<uint16_t>(isp::BLC_NORM_GAIN_GAIN.code(read(isp::BLC_NORM_GAIN)));
  p.pedestal = static_cast<uint16_t>(isp::BLC_PEDESTAL_PEDESTAL.code(read(isp::BLC_PEDESTAL)));
  return p;
}

uint16_t BlackLevel::sample(uint16_t in, uint16_t level, uint16_t norm_gain, uint16_t pedestal) {
  if (pedestal == 0) return cfa_scale_sample(in, level, norm_gain);
  const int32_t above = std::min<int32_t>(in, 4095) - level;
  const int32_t scaled = (above * norm_gain + 2048) >> 12;  // floors: an arithmetic shift
  return static_cast<uint16_t>(std::clamp(scaled + pedestal, 0, 4095 + pedestal));
}

void BlackLevel::process_row_scalar(const Params& p, const RowWindow& in, const RowRef& out,
                                    const RowContext& row) {
  if (p.bypass) return copy_planes(in.centre(), out, 1, row.width);
  if (p.pedestal == 0)
    return cfa_scale_row_scalar(scale_of(p), in.centre().plane[0], out.plane[0], row.width, row.y,
                                row.cfa_phase);
  const uint16_t* samples = in.centre().plane[0];
  for (int x = 0; x < row.width; ++x)
    out.plane[0][x] =
        sample(samples[x], p.level[cfa_colour(row.cfa_phase, x, row.y)], p.norm_gain, p.pedestal);
}

void BlackLevel::process_row(const Params& p, const RowWindow& in, const RowRef& out,
                             const RowContext& row) {
  if (p.bypass) return copy_planes(in.centre(), out, 1, row.width);
  if (p.pedestal == 0)
    return cfa_scale_row(scale_of(p), in.centre().plane[0], out.plane[0], row.width, row.y,
                         row.cfa_phase);
  HWY_DYNAMIC_DISPATCH(BlackLevelPedestalRow)
  (in.centre().plane[0], out.plane[0], row.width, p.level[cfa_colour(row.cfa_phase, 0, row.y)],
   p.level[cfa_colour(row.cfa_phase, 1, row.y)], p.norm_gain, p.pedestal);
}

}  // namespace ispsim::blocks
#endif  // HWY_ONCE
