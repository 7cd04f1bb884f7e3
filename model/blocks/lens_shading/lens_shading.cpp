#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "model/blocks/lens_shading/lens_shading.cpp"
#include <hwy/foreach_target.h>  // re-includes this file once per SIMD target
#include <hwy/highway.h>

#include "model/blocks/cfa_scale.hpp"
#include "model/blocks/lens_shading/lens_shading.hpp"
#include "model/blocks/simd_ops-inl.h"

// Shared by every target's kernel and the scalar path; defined once (this file is re-included
// per target).
#ifndef ISPSIM_LENS_SHADING_DETAIL
#define ISPSIM_LENS_SHADING_DETAIL
#include <algorithm>

namespace ispsim::blocks::lens_shading_detail {

// Where a pixel falls on the grid: the cell it starts and the fraction (0..1024) towards the
// next node.
struct GridPosition {
  int cell;
  uint32_t fraction;
};

inline GridPosition grid_position(uint32_t index, uint32_t step, int cells) {
  const uint32_t p = index * step;
  const uint32_t cell = std::min<uint32_t>(p >> 20, static_cast<uint32_t>(cells - 1));
  return {static_cast<int>(cell), std::min<uint32_t>((((p >> 9) + 1) >> 1) - (cell << 10), 1024u)};
}

inline uint32_t lerp_node(uint32_t a, uint32_t b, uint32_t fraction) {
  return (a * (1024u - fraction) + b * fraction + 512u) >> 10;
}

}  // namespace ispsim::blocks::lens_shading_detail
#endif

HWY_BEFORE_NAMESPACE();
namespace ispsim::blocks::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// One raw row. `even_nodes` and `odd_nodes` are the 17 nodes of the grid row already
// interpolated down to this row, for the colours of the even and the odd columns. Lanes take
// their two nodes by broadcast: a vector spans at most two cells once a cell is at least a
// vector wide; narrower cells (frames under 16 vectors wide) take those lanes one at a time.
void LensShadingRow(const uint16_t* in, uint16_t* out, int width, uint32_t step,
                    const uint16_t* even_nodes, const uint16_t* odd_nodes) {
  namespace detail = lens_shading_detail;
  const hn::ScalableTag<uint32_t> d;
  using V = hn::VFromD<decltype(d)>;
  const int lanes = static_cast<int>(hn::Lanes(d));
  const int cells = LensShading::kColumns - 1;
  const V step_v = hn::Set(d, step), last_cell = hn::Set(d, static_cast<uint32_t>(cells - 1));
  const V full = hn::Set(d, 1024), one = hn::Set(d, 1);
  auto node = [&](const auto odd, int i) {
    return hn::IfThenElse(odd, hn::Set(d, odd_nodes[i]), hn::Set(d, even_nodes[i]));
  };
  // Lane k of the vector at x holds pixel x + k: its grid place x * step grows by lanes * step
  // from vector to vector (exact: no lane passes 32 bits within a line).
  const V lane = hn::Iota(d, 0);
  V xs = lane, p = hn::Mul(lane, step_v);
  const V x_stride = hn::Set(d, static_cast<uint32_t>(lanes));
  const V p_stride = hn::Set(d, static_cast<uint32_t>(lanes) * step);
  for (int x = 0; x < width; x += lanes, xs = hn::Add(xs, x_stride), p = hn::Add(p, p_stride)) {
    const int first = detail::grid_position(static_cast<uint32_t>(x), step, cells).cell;
    const int last = detail::grid_position(static_cast<uint32_t>(x + lanes - 1), step, cells).cell;
    if (last - first > 1) {
      for (int k = x; k < x + lanes && k < width; ++k) {
        const auto at = detail::grid_position(static_cast<uint32_t>(k), step, cells);
        const uint16_t* nodes = (k & 1) ? odd_nodes : even_nodes;
        out[k] = cfa_scale_sample(in[k], 0,
                                  static_cast<uint16_t>(detail::lerp_node(
                                      nodes[at.cell], nodes[at.cell + 1], at.fraction)));
      }
      continue;
    }
    const V cell = hn::Min(hn::ShiftRight<20>(p), last_cell);
    const V rounded = hn::ShiftRight<1>(hn::Add(hn::ShiftRight<9>(p), one));
    const V fraction = hn::Min(hn::Sub(rounded, hn::ShiftLeft<10>(cell)), full);
    const auto odd = hn::Eq(hn::And(xs, one), one);
    const int second = std::min(first + 1, cells - 1);  // unused when the vector is in one cell
    const auto in_second = hn::Gt(cell, hn::Set(d, static_cast<uint32_t>(first)));
    const V a = hn::IfThenElse(in_second, node(odd, second), node(odd, first));
    const V b = hn::IfThenElse(in_second, node(odd, second + 1), node(odd, first + 1));
    const V gain = hn::ShiftRight<10>(hn::Add(
        hn::Add(hn::Mul(a, hn::Sub(full, fraction)), hn::Mul(b, fraction)), hn::Set(d, 512)));
    const V scaled =
        hn::ShiftRight<12>(hn::Add(hn::Mul(LoadWide(d, in + x), gain), hn::Set(d, 2048)));
    // Within 0..4095, so the signed narrowing (the one every target has) is exact.
    const hn::RebindToSigned<decltype(d)> di;
    StoreNarrow(di, hn::BitCast(di, hn::Min(scaled, hn::Set(d, 4095))), out + x);
  }
}

}  // namespace ispsim::blocks::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include "model/kernels/cfa.hpp"

namespace ispsim::blocks {

HWY_EXPORT(LensShadingRow);

namespace {
namespace detail = lens_shading_detail;

// The grid row of colour `colour` interpolated down to row y: 17 u4.12 nodes.
std::array<uint16_t, LensShading::kColumns> nodes_at_row(const LensShading::Params& p, int colour,
                                                         int y) {
  const auto at = detail::grid_position(static_cast<uint32_t>(y), p.step_y, LensShading::kRows - 1);
  const uint16_t* upper =
      p.gain.data() + (colour * LensShading::kRows + at.cell) * LensShading::kColumns;
  const uint16_t* lower = upper + LensShading::kColumns;
  std::array<uint16_t, LensShading::kColumns> nodes{};
  for (int i = 0; i < LensShading::kColumns; ++i)
    nodes[static_cast<size_t>(i)] =
        static_cast<uint16_t>(detail::lerp_node(upper[i], lower[i], at.fraction));
  return nodes;
}

}  // namespace

uint32_t LensShading::grid_step(int size, int cells) {
  return size > 1 ? (static_cast<uint32_t>(cells) << 20) / static_cast<uint32_t>(size - 1) : 0u;
}

LensShading::Params LensShading::decode(const RegisterReader& read, const FrameSettings& frame) {
  namespace isp = regs::isp;
  static_assert(isp::LSC_GAIN_COUNT == 4 * kNodes, "one register per node and colour");
  Params p;
  p.bypass = decode_bypass(read, kDescriptor);
  for (unsigned i = 0; i < isp::LSC_GAIN_COUNT; ++i)
    p.gain[i] = static_cast<uint16_t>(isp::LSC_GAIN_GAIN.code(read(isp::LSC_GAIN + 4 * i)));
  p.step_x = grid_step(frame.frame_width, kColumns - 1);
  p.step_y = grid_step(frame.frame_height, kRows - 1);
  return p;
}

void LensShading::process_row_scalar(const Params& p, const RowWindow& in, const RowRef& out,
                                     const RowContext& row) {
  if (p.bypass) return copy_planes(in.centre(), out, 1, row.width);
  // Down once per row (as the hardware does when a line starts), then across per sample.
  const std::array<uint16_t, kColumns> nodes[2] = {
      nodes_at_row(p, cfa_colour(row.cfa_phase, 0, row.y), row.y),
      nodes_at_row(p, cfa_colour(row.cfa_phase, 1, row.y), row.y)};
  const uint16_t* src = in.centre().plane[0];
  for (int x = 0; x < row.width; ++x) {
    const auto& row_nodes = nodes[x & 1];
    const auto at = detail::grid_position(static_cast<uint32_t>(x), p.step_x, kColumns - 1);
    out.plane[0][x] =
        cfa_scale_sample(src[x], 0,
                         static_cast<uint16_t>(detail::lerp_node(
                             row_nodes[static_cast<size_t>(at.cell)],
                             row_nodes[static_cast<size_t>(at.cell + 1)], at.fraction)));
  }
}

void LensShading::process_row(const Params& p, const RowWindow& in, const RowRef& out,
                              const RowContext& row) {
  if (p.bypass) return copy_planes(in.centre(), out, 1, row.width);
  const auto even = nodes_at_row(p, cfa_colour(row.cfa_phase, 0, row.y), row.y);
  const auto odd = nodes_at_row(p, cfa_colour(row.cfa_phase, 1, row.y), row.y);
  HWY_DYNAMIC_DISPATCH(LensShadingRow)
  (in.centre().plane[0], out.plane[0], row.width, p.step_x, even.data(), odd.data());
}

}  // namespace ispsim::blocks
#endif  // HWY_ONCE
