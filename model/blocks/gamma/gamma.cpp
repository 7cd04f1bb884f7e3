#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "model/blocks/gamma/gamma.cpp"
#include <hwy/foreach_target.h>  // re-includes this file once per SIMD target
#include <hwy/highway.h>

#include "model/blocks/gamma/gamma.hpp"
#include "model/blocks/simd_ops-inl.h"
#include "model/kernels/knots.hpp"

HWY_BEFORE_NAMESPACE();
namespace ispsim::blocks::HWY_NAMESPACE {

// The frame's curve is tabulated at every 12-bit input: one gathered read a sample.
void GammaRow(const uint16_t* const* in, uint16_t* const* out, int width, const int32_t* table) {
  const hn::ScalableTag<int32_t> d;
  const int lanes = static_cast<int>(hn::Lanes(d));
  const auto mask = hn::Set(d, 4095);
  for (int c = 0; c < 3; ++c)
    for (int x = 0; x < width; x += lanes) {
      const auto index = hn::And(LoadWide(d, in[c] + x), mask);
      StoreNarrow(d, hn::GatherIndex(d, table, index), out[c] + x);
    }
}

}  // namespace ispsim::blocks::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <algorithm>

namespace ispsim::blocks {

HWY_EXPORT(GammaRow);

Gamma::Params Gamma::decode(const RegisterReader& read, const FrameSettings&) {
  namespace isp = regs::isp;
  Params p;
  p.bypass = decode_bypass(read, kDescriptor);
  for (unsigned i = 0; i < isp::GAMMA_LUT_COUNT; ++i)
    p.lut[i] = static_cast<uint16_t>(isp::GAMMA_LUT_VALUE.code(read(isp::GAMMA_LUT + 4 * i)));
  return p;
}

uint16_t Gamma::sample(uint16_t in, const std::array<uint16_t, kKnots>& lut) {
  const int knot = (in & 4095) >> 4;
  const int32_t frac = in & 15;
  const int32_t value = between_knots(lut[knot], lut[knot + 1], frac, 4);
  return static_cast<uint16_t>(std::clamp<int32_t>(value, 0, kOutMax));
}

void Gamma::prepare(Params& p) {
  for (int in = 0; in < 4096; ++in) {
    p.table[in] = p.bypass ? in >> 2 : sample(static_cast<uint16_t>(in), p.lut);
  }
}

void Gamma::process_row_scalar(const Params& p, const RowWindow& in, const RowRef& out,
                               const RowContext& row) {
  for (int c = 0; c < 3; ++c) {
    const uint16_t* src = in.centre().plane[c];
    for (int x = 0; x < row.width; ++x)
      out.plane[c][x] =
          p.bypass ? static_cast<uint16_t>((src[x] & 4095) >> 2) : sample(src[x], p.lut);
  }
}

void Gamma::process_row(const Params& p, const RowWindow& in, const RowRef& out,
                        const RowContext& row) {
  if (p.bypass) return process_row_scalar(p, in, out, row);
  HWY_DYNAMIC_DISPATCH(GammaRow)
  (in.centre().plane, out.plane, row.width, p.table.data());
}

}  // namespace ispsim::blocks
#endif  // HWY_ONCE
