#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "model/blocks/defect_pixel/defect_pixel.cpp"
#include <hwy/foreach_target.h>  // re-includes this file once per SIMD target
#include <hwy/highway.h>

#include <algorithm>
#include <utility>

#include "model/blocks/defect_pixel/defect_pixel.hpp"
#include "model/blocks/simd_ops-inl.h"
#include "model/kernels/cfa.hpp"

HWY_BEFORE_NAMESPACE();
namespace ispsim::blocks::HWY_NAMESPACE {

// The four nearest neighbours' summed excess above (`rise`) and below (`fall`) their own
// same-colour partners along the line beside the centre (DefectPixel::sample's). 12-bit samples:
// the sums stay below 2^14.
template <class D, class At>
HWY_INLINE void NeighbourExcess(D, At&& at, hn::VFromD<D>& rise, hn::VFromD<D>& fall) {
  using V = hn::VFromD<D>;
  bool first = true;
  const auto add = [&](V sample, V a, V b) {
    const V above = hn::SaturatedSub(sample, hn::Max(a, b));
    const V below = hn::SaturatedSub(hn::Min(a, b), sample);
    rise = first ? above : hn::Add(rise, above);
    fall = first ? below : hn::Add(fall, below);
    first = false;
  };
  add(at(-1, 0), at(-1, -2), at(-1, 2));  // north
  add(at(1, 0), at(1, -2), at(1, 2));     // south
  add(at(0, -1), at(-2, -1), at(2, -1));  // west
  add(at(0, 1), at(-2, 1), at(2, 1));     // east
}

// rows[k] is the raw row y-2+k with its margins mirrored. In 16-bit lanes (twice the samples of
// 32-bit ones a vector): samples clipped to 12 bits keep every sum below 2^15, the margin's
// (max x SLOPE) >> 8 is the high half of max x (SLOPE << 8), and the support test
// 64 x support > LIMIT x excess is support > floor(LIMIT x excess / 64), the high half of
// (excess << 4) x (LIMIT << 6), all operands below 2^16.
void DefectPixelRow(const uint16_t* const* rows, uint16_t* out, int width, int32_t threshold,
                    int32_t slope, int32_t support_limit) {
  const hn::ScalableTag<uint16_t> d;
  using V = hn::VFromD<decltype(d)>;
  const int lanes = static_cast<int>(hn::Lanes(d));
  const V fixed_margin = hn::Set(d, static_cast<uint16_t>(threshold));
  const V slope_v = hn::Set(d, static_cast<uint16_t>(slope << 8));
  const V limit = hn::Set(d, static_cast<uint16_t>(std::max(support_limit, 0) << 6));
  const V max_sample = hn::Set(d, kRawMax);
  for (int x = 0; x < width; x += lanes) {
    auto at = [&](int dy, int dx) {
      return hn::Min(hn::LoadU(d, rows[2 + dy] + x + dx), max_sample);
    };
    const V centre = at(0, 0);
    V low = at(-2, -2), high = low;
    for (const auto& [dy, dx] :
         {std::pair{-2, 0}, std::pair{-2, 2}, std::pair{0, -2}, std::pair{0, 2}, std::pair{2, -2},
          std::pair{2, 0}, std::pair{2, 2}}) {
      const V v = at(dy, dx);
      low = hn::Min(low, v);
      high = hn::Max(high, v);
    }
    const V margin = hn::Add(fixed_margin, hn::MulHigh(high, slope_v));
    auto hot = hn::Gt(centre, hn::Add(high, margin));
    // Below zero, where no sample is.
    auto dead = hn::Lt(centre, hn::SaturatedSub(low, margin));
    // Candidates are rare: the neighbours' support is looked at only where there is one.
    if (support_limit >= 0 && !hn::AllFalse(d, hn::Or(hot, dead))) {
      V rise, fall;
      NeighbourExcess(d, at, rise, fall);
      const auto bound = [&](V excess) { return hn::MulHigh(hn::ShiftLeft<4>(excess), limit); };
      hot = hn::AndNot(hn::Gt(rise, bound(hn::SaturatedSub(centre, high))), hot);
      dead = hn::AndNot(hn::Gt(fall, bound(hn::SaturatedSub(low, centre))), dead);
    }
    const V clipped_high = hn::IfThenElse(hot, high, centre);
    hn::StoreU(hn::IfThenElse(dead, low, clipped_high), d, out + x);
  }
}

}  // namespace ispsim::blocks::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>

namespace ispsim::blocks {

HWY_EXPORT(DefectPixelRow);

DefectPixel::Params DefectPixel::decode(const RegisterReader& read, const FrameSettings&) {
  namespace isp = regs::isp;
  static_assert(isp::DPC_TABLE_COUNT == kTableSize, "the table's registers");
  Params p;
  p.bypass = decode_bypass(read, kDescriptor);
  p.threshold = static_cast<uint16_t>(isp::DPC_THRESHOLD_THRESHOLD.code(read(isp::DPC_THRESHOLD)));
  p.slope = static_cast<uint16_t>(isp::DPC_SLOPE_SLOPE.code(read(isp::DPC_SLOPE)));
  p.support_check = isp::DPC_CTRL_SUPPORT_CHECK.get(read(isp::DPC_CTRL)) != 0;
  p.support_limit = static_cast<uint16_t>(isp::DPC_SUPPORT_LIMIT.code(read(isp::DPC_SUPPORT)));
  const int count = std::min<int>(
      kTableSize, static_cast<int>(isp::DPC_TABLE_LEN_ENTRIES.get(read(isp::DPC_TABLE_LEN))));
  // The walk: the pointer waits at an entry until the stream reaches it, so an entry at or
  // before the previous one has already been passed and is never matched.
  for (int i = 0; i < count; ++i) {
    const uint32_t entry = read(isp::DPC_TABLE + 4 * static_cast<uint32_t>(i));
    const uint32_t place = (isp::DPC_TABLE_Y.get(entry) << 16) | isp::DPC_TABLE_X.get(entry);
    if (p.defects.empty() || place > p.defects.back()) p.defects.push_back(place);
  }
  return p;
}

uint16_t DefectPixel::listed_sample(int32_t left, int32_t right, int32_t up, int32_t down) {
  const bool across = std::abs(left - right) <= std::abs(up - down);
  return static_cast<uint16_t>(across ? (left + right + 1) >> 1 : (up + down + 1) >> 1);
}

namespace {

// Replaces the listed defects of this row (after the dynamic rule has run over it).
void correct_listed(const DefectPixel::Params& p, const RowWindow& in, const RowRef& out,
                    const RowContext& row) {
  const uint32_t row_start = static_cast<uint32_t>(row.y) << 16;
  auto it = std::lower_bound(p.defects.begin(), p.defects.end(), row_start);
  for (; it != p.defects.end() && (*it >> 16) == static_cast<uint32_t>(row.y); ++it) {
    const int x = static_cast<int>(*it & 0xFFFF);
    if (x >= row.width) break;
    const auto at = [&](int dy, int sx) { return std::min(in.rows[2 + dy].plane[0][sx], kRawMax); };
    out.plane[0][x] =
        DefectPixel::listed_sample(at(0, reflect101(x - 2, row.width)),
                                   at(0, reflect101(x + 2, row.width)), at(-2, x), at(2, x));
  }
}

}  // namespace

uint16_t DefectPixel::sample(int32_t centre, int32_t low, int32_t high, int32_t rise, int32_t fall,
                             const Params& p) {
  const int32_t margin = p.threshold + ((high * p.slope) >> 8);
  const auto supported = [&](int32_t support, int32_t excess) {
    return p.support_check && 64 * support > p.support_limit * excess;
  };
  if (centre > high + margin && !supported(rise, centre - high)) return static_cast<uint16_t>(high);
  if (centre < low - margin && !supported(fall, low - centre)) return static_cast<uint16_t>(low);
  return static_cast<uint16_t>(centre);
}

void DefectPixel::process_row_scalar(const Params& p, const RowWindow& in, const RowRef& out,
                                     const RowContext& row) {
  if (p.bypass) return copy_planes(in.centre(), out, 1, row.width);
  for (int x = 0; x < row.width; ++x) {
    // Columns are mirrored here, rows by the schedule: the margins are not read.
    const auto at = [&](int dy, int dx) -> int32_t {
      return std::min(in.rows[2 + dy].plane[0][reflect101(x + dx, row.width)], kRawMax);
    };
    int32_t low = 65535, high = 0;
    for (int dy = -2; dy <= 2; dy += 2)
      for (int dx = -2; dx <= 2; dx += 2) {
        if (dy == 0 && dx == 0) continue;
        low = std::min(low, at(dy, dx));
        high = std::max(high, at(dy, dx));
      }
    // Each nearest neighbour against its two partners along the line beside the centre.
    int32_t rise = 0, fall = 0;
    for (const auto& [dy, dx, pdy, pdx] : {std::array{-1, 0, 0, 2}, std::array{1, 0, 0, 2},
                                           std::array{0, -1, 2, 0}, std::array{0, 1, 2, 0}}) {
      const int32_t v = at(dy, dx), a = at(dy - pdy, dx - pdx), b = at(dy + pdy, dx + pdx);
      rise += std::max(0, v - std::max(a, b));
      fall += std::max(0, std::min(a, b) - v);
    }
    out.plane[0][x] = sample(at(0, 0), low, high, rise, fall, p);
  }
  correct_listed(p, in, out, row);
}

void DefectPixel::process_row(const Params& p, const RowWindow& in, const RowRef& out,
                              const RowContext& row) {
  if (p.bypass) return process_row_scalar(p, in, out, row);
  const auto rows = in.raw_rows<5>();
  HWY_DYNAMIC_DISPATCH(DefectPixelRow)
  (rows.data(), out.plane[0], row.width, p.threshold, p.slope,
   p.support_check ? static_cast<int32_t>(p.support_limit) : -1);
  correct_listed(p, in, out, row);
}

}  // namespace ispsim::blocks
#endif  // HWY_ONCE
