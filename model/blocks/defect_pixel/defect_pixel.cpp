#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "model/blocks/defect_pixel/defect_pixel.cpp"
#include <hwy/foreach_target.h>  // re-includes this file once per SIMD target
#include <hwy/highway.h>

#include <utility>

#include "model/blocks/defect_pixel/defect_pixel.hpp"
#include "model/blocks/simd_ops-inl.h"
#include "model/kernels/cfa.hpp"

HWY_BEFORE_NAMESPACE();
namespace ispsim::blocks::HWY_NAMESPACE {

// rows[k] is the raw row y-2+k with its margins mirrored.
void DefectPixelRow(const uint16_t* const* rows, uint16_t* out, int width, int32_t threshold,
                    int32_t slope) {
  const hn::ScalableTag<int32_t> d;
  using V = hn::VFromD<decltype(d)>;
  const int lanes = static_cast<int>(hn::Lanes(d));
  const V fixed_margin = hn::Set(d, threshold), slope_v = hn::Set(d, slope);
  for (int x = 0; x < width; x += lanes) {
    auto at = [&](int dy, int dx) { return LoadWide(d, rows[2 + dy] + x + dx); };
    const V centre = at(0, 0);
    V low = at(-2, -2), high = low;
    for (const auto& [dy, dx] :
         {std::pair{-2, 0}, std::pair{-2, 2}, std::pair{0, -2}, std::pair{0, 2}, std::pair{2, -2},
          std::pair{2, 0}, std::pair{2, 2}}) {
      const V v = at(dy, dx);
      low = hn::Min(low, v);
      high = hn::Max(high, v);
    }
    const V margin = hn::Add(fixed_margin, hn::ShiftRight<8>(hn::Mul(high, slope_v)));
    const V clipped_high = hn::IfThenElse(hn::Gt(centre, hn::Add(high, margin)), high, centre);
    const V result = hn::IfThenElse(hn::Lt(centre, hn::Sub(low, margin)), low, clipped_high);
    StoreNarrow(d, result, out + x);
  }
}

}  // namespace ispsim::blocks::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <algorithm>
#include <cstring>

namespace ispsim::blocks {

HWY_EXPORT(DefectPixelRow);

DefectPixel::Params DefectPixel::decode(const RegisterReader& read, const FrameSettings&) {
  namespace isp = regs::isp;
  Params p;
  p.bypass = decode_bypass(read, kDescriptor);
  p.threshold = static_cast<uint16_t>(isp::DPC_THRESHOLD_THRESHOLD.code(read(isp::DPC_THRESHOLD)));
  p.slope = static_cast<uint16_t>(isp::DPC_SLOPE_SLOPE.code(read(isp::DPC_SLOPE)));
  return p;
}

uint16_t DefectPixel::sample(int32_t centre, int32_t low, int32_t high, const Params& p) {
  const int32_t margin = p.threshold + ((high * p.slope) >> 8);
  if (centre > high + margin) return static_cast<uint16_t>(high);
  if (centre < low - margin) return static_cast<uint16_t>(low);
  return static_cast<uint16_t>(centre);
}

void DefectPixel::process_row_scalar(const Params& p, const RowWindow& in, const RowRef& out,
                                     const RowContext& row) {
  const uint16_t* centre = in.centre().plane[0];
  if (p.bypass) {
    std::memcpy(out.plane[0], centre, sizeof(uint16_t) * static_cast<size_t>(row.width));
    return;
  }
  for (int x = 0; x < row.width; ++x) {
    // Columns are mirrored here, rows by the schedule: the margins are not read.
    int32_t low = 65535, high = 0;
    for (int dy = -2; dy <= 2; dy += 2)
      for (int dx = -2; dx <= 2; dx += 2) {
        if (dy == 0 && dx == 0) continue;
        const int32_t v = in.rows[2 + dy].plane[0][reflect101(x + dx, row.width)];
        low = std::min(low, v);
        high = std::max(high, v);
      }
    out.plane[0][x] = sample(centre[x], low, high, p);
  }
}

void DefectPixel::process_row(const Params& p, const RowWindow& in, const RowRef& out,
                              const RowContext& row) {
  if (p.bypass) return process_row_scalar(p, in, out, row);
  const auto rows = in.raw_rows<5>();
  HWY_DYNAMIC_DISPATCH(DefectPixelRow)(rows.data(), out.plane[0], row.width, p.threshold, p.slope);
}

}  // namespace ispsim::blocks
#endif  // HWY_ONCE
