#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "model/blocks/demosaic/demosaic.cpp"
#include <hwy/foreach_target.h>  // re-includes this file once per SIMD target
#include <hwy/highway.h>

#include "model/blocks/demosaic/demosaic.hpp"
#include "model/blocks/simd_ops-inl.h"
#include "model/kernels/cfa.hpp"

#ifndef ISPSIM_DEMOSAIC_SOURCES_ONCE
#define ISPSIM_DEMOSAIC_SOURCES_ONCE
namespace ispsim::blocks::demosaic_detail {
// Which of the candidate values each output plane takes at a sample of a colour:
// 0 the sample itself, 1 green at R/B, 2 the opposite colour at R/B, 3 the colour of the
// sample's row neighbours at G, 4 the colour of its column neighbours at G.
enum Candidate { kOwn, kGreenAtRb, kOppositeAtRb, kFromRow, kFromColumn };
constexpr Candidate kSource[4][3] = {
    {kOwn, kGreenAtRb, kOppositeAtRb},  // R
    {kFromRow, kOwn, kFromColumn},      // Gr: red row
    {kFromColumn, kOwn, kFromRow},      // Gb: blue row
    {kOppositeAtRb, kGreenAtRb, kOwn},  // B
};
}  // namespace ispsim::blocks::demosaic_detail
#endif

HWY_BEFORE_NAMESPACE();
namespace ispsim::blocks::HWY_NAMESPACE {

// rows[k] is the raw row y-2+k with its margins mirrored.
void DemosaicRow(const uint16_t* const* rows, uint16_t* const* out, int width, int even_colour,
                 int odd_colour) {
  using namespace demosaic_detail;
  const hn::ScalableTag<int32_t> d;
  using V = hn::VFromD<decltype(d)>;
  const int lanes = static_cast<int>(hn::Lanes(d));
  const V eight = hn::Set(d, 8);
  auto normalise = [&](V sum16) {
    return Clamp(d, hn::ShiftRight<4>(hn::Add(sum16, eight)), 0, 4095);
  };
  for (int x = 0; x < width; x += lanes) {
    auto at = [&](int dy, int dx) { return LoadWide(d, rows[2 + dy] + x + dx); };
    const V c = at(0, 0);
    const V left = at(0, -1), right = at(0, 1), up = at(-1, 0), down = at(1, 0);
    const V horiz1 = hn::Add(left, right);
    const V vert1 = hn::Add(up, down);
    const V cross1 = hn::Add(horiz1, vert1);
    const V vert2 = hn::Add(at(-2, 0), at(2, 0));
    const V horiz2 = hn::Add(at(0, -2), at(0, 2));
    const V diag = hn::Add(hn::Add(at(-1, -1), at(-1, 1)), hn::Add(at(1, -1), at(1, 1)));
    const V far = hn::Add(vert2, horiz2);
    const V c2 = hn::ShiftLeft<1>(c), c8 = hn::ShiftLeft<3>(c);
    // 8c + 4 cross1 - 2 (vert2 + horiz2)
    const V green_at_rb = hn::Sub(hn::Add(c8, hn::ShiftLeft<2>(cross1)), hn::ShiftLeft<1>(far));
    // 12c + 4 diag - 3 (vert2 + horiz2)
    const V opposite_at_rb =
        hn::Sub(hn::Add(hn::Add(c8, hn::ShiftLeft<2>(c)), hn::ShiftLeft<2>(diag)),
                hn::Add(far, hn::ShiftLeft<1>(far)));
    // 10c - 2 diag, shared by both green cases
    const V g_base = hn::Sub(hn::Add(c8, c2), hn::ShiftLeft<1>(diag));
    // 10c + 8 horiz1 - 2 horiz2 - 2 diag + vert2
    const V from_row = hn::Add(
        hn::Sub(hn::Add(g_base, hn::ShiftLeft<3>(horiz1)), hn::ShiftLeft<1>(horiz2)), vert2);
    // 10c + 8 vert1 - 2 vert2 - 2 diag + horiz2
    const V from_column =
        hn::Add(hn::Sub(hn::Add(g_base, hn::ShiftLeft<3>(vert1)), hn::ShiftLeft<1>(vert2)), horiz2);
    const V candidates[5] = {c, normalise(green_at_rb), normalise(opposite_at_rb),
                             normalise(from_row), normalise(from_column)};
    // A one-lane target (HWY_SCALAR) starts every other vector on an odd column.
    const int lane0_colour = (x & 1) ? odd_colour : even_colour;
    const int lane1_colour = (x & 1) ? even_colour : odd_colour;
    for (int plane = 0; plane < 3; ++plane) {
      const V even = candidates[kSource[lane0_colour][plane]];
      const V odd = candidates[kSource[lane1_colour][plane]];
      StoreNarrow(d, hn::OddEven(odd, even), out[plane] + x);
    }
  }
}

}  // namespace ispsim::blocks::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <algorithm>
#include <cstring>

namespace ispsim::blocks {

HWY_EXPORT(DemosaicRow);

namespace {
uint16_t normalise(int32_t sum16) {
  return static_cast<uint16_t>(std::clamp<int32_t>((sum16 + 8) >> 4, 0, 4095));
}
}  // namespace

Demosaic::Params Demosaic::decode(const RegisterReader& read, const FrameSettings&) {
  Params p;
  p.bypass = decode_bypass(read, kDescriptor);
  return p;
}

void Demosaic::pixel(int32_t c, int32_t cross1, int32_t vert2, int32_t horiz2, int32_t diag,
                     int32_t horiz1, int32_t vert1, int colour, uint16_t rgb[3]) {
  using namespace demosaic_detail;
  const uint16_t candidates[5] = {
      static_cast<uint16_t>(c),
      normalise(8 * c + 4 * cross1 - 2 * (vert2 + horiz2)),
      normalise(12 * c + 4 * diag - 3 * (vert2 + horiz2)),
      normalise(10 * c + 8 * horiz1 - 2 * horiz2 - 2 * diag + vert2),
      normalise(10 * c + 8 * vert1 - 2 * vert2 - 2 * diag + horiz2),
  };
  for (int plane = 0; plane < 3; ++plane)
    rgb[plane] = candidates[kSource[colour][plane]];
}

void Demosaic::process_row_scalar(const Params& p, const RowWindow& in, const RowRef& out,
                                  const RowContext& row) {
  const uint16_t* centre = in.centre().plane[0];
  if (p.bypass) {
    for (int plane = 0; plane < 3; ++plane)
      std::memcpy(out.plane[plane], centre, sizeof(uint16_t) * static_cast<size_t>(row.width));
    return;
  }
  for (int x = 0; x < row.width; ++x) {
    // Columns are mirrored here, rows by the schedule: the margins are not read.
    auto at = [&](int dy, int dx) -> int32_t {
      return in.rows[2 + dy].plane[0][reflect101(x + dx, row.width)];
    };
    const int32_t horiz1 = at(0, -1) + at(0, 1), vert1 = at(-1, 0) + at(1, 0);
    uint16_t rgb[3];
    pixel(at(0, 0), horiz1 + vert1, at(-2, 0) + at(2, 0), at(0, -2) + at(0, 2),
          at(-1, -1) + at(-1, 1) + at(1, -1) + at(1, 1), horiz1, vert1,
          cfa_colour(row.cfa_phase, x, row.y), rgb);
    for (int plane = 0; plane < 3; ++plane)
      out.plane[plane][x] = rgb[plane];
  }
}

void Demosaic::process_row(const Params& p, const RowWindow& in, const RowRef& out,
                           const RowContext& row) {
  if (p.bypass) return process_row_scalar(p, in, out, row);
  const auto rows = in.raw_rows<5>();
  HWY_DYNAMIC_DISPATCH(DemosaicRow)
  (rows.data(), out.plane, row.width, cfa_colour(row.cfa_phase, 0, row.y),
   cfa_colour(row.cfa_phase, 1, row.y));
}

}  // namespace ispsim::blocks
#endif  // HWY_ONCE
