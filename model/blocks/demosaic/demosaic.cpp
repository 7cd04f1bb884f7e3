#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "model/blocks/demosaic/demosaic.cpp"
#include <hwy/foreach_target.h>  // re-includes this file once per SIMD target
#include <hwy/highway.h>

#include "model/blocks/demosaic/demosaic.hpp"
#include "model/blocks/simd_ops-inl.h"
#include "model/kernels/cfa.hpp"

#include <vector>

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
// The directional method's candidates: the sample, green, the opposite colour at R/B, and red
// and blue at G.
enum DirectionalCandidate { kSample, kGreen, kOpposite, kRedAtG, kBlueAtG };
constexpr int kDirectionalSource[4][3] = {
    {kSample, kGreen, kOpposite},  // R
    {kRedAtG, kSample, kBlueAtG},  // Gr
    {kRedAtG, kSample, kBlueAtG},  // Gb
    {kOpposite, kGreen, kSample},  // B
};
}  // namespace ispsim::blocks::demosaic_detail
#endif

HWY_BEFORE_NAMESPACE();
namespace ispsim::blocks::HWY_NAMESPACE {

// R, G and B at columns x.. from the candidates (demosaic_detail::Candidate order), each lane
// taking the ones its sample's colour calls for. A one-lane target (HWY_SCALAR) starts every
// other vector on an odd column.
template <class D, class Table>
HWY_INLINE void StorePlanes(D d, const Table& source, const hn::VFromD<D>* candidates,
                            uint16_t* const* out, int x, int even_colour, int odd_colour) {
  const int lane0_colour = (x & 1) ? odd_colour : even_colour;
  const int lane1_colour = (x & 1) ? even_colour : odd_colour;
  for (int plane = 0; plane < 3; ++plane) {
    const auto even = candidates[source[lane0_colour][plane]];
    const auto odd = candidates[source[lane1_colour][plane]];
    StoreNarrow(d, hn::OddEven(odd, even), out[plane] + x);
  }
}

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
    StorePlanes(d, kSource, candidates, out, x, even_colour, odd_colour);
  }
}

// Demosaic's weighted_difference, lane-wise.
template <class D>
HWY_INLINE hn::VFromD<D> WeightedDifference(D d, const hn::VFromD<D>* difference,
                                            const hn::VFromD<D>* step) {
  const hn::Rebind<float, D> df;
  hn::VFromD<decltype(df)> s[4], v[4];
  for (int k = 0; k < 4; ++k) {
    s[k] = hn::ConvertTo(df, hn::Add(step[k], hn::Set(d, 1)));
    v[k] = hn::ConvertTo(df, difference[k]);
  }
  const auto s01 = hn::Mul(s[0], s[1]), s23 = hn::Mul(s[2], s[3]);
  const auto first = hn::Add(hn::Mul(v[0], s[1]), hn::Mul(v[1], s[0]));
  const auto second = hn::Add(hn::Mul(v[2], s[3]), hn::Mul(v[3], s[2]));
  const auto sum = hn::Add(hn::Mul(first, s23), hn::Mul(second, s01));
  const auto total = hn::Add(hn::Mul(hn::Add(s[0], s[1]), s23), hn::Mul(hn::Add(s[2], s[3]), s01));
  return hn::NearestInt(hn::Div(sum, total));
}

// The gradient-weighted method, in stages kept per frame row: gradient energies, then green
// and its colour difference (raw minus green), then at red and blue samples the opposite
// colour's difference, each over the line and a few samples past each end; the output row
// takes the differences of rows y-1..y+1. A kernel called for consecutive rows of the same
// lines (its window shifted by one row) computes only the newest row of each stage.
class DirectionalRows {
 public:
  // rows[k] is the raw row y-4+k, its margins mirrored (4 samples).
  void Run(const uint16_t* const* rows, uint16_t* const* out, int width, int phase, int y);

 private:
  using D = hn::ScalableTag<int32_t>;
  using V = hn::VFromD<D>;
  static constexpr int kPad = 40;  // scratch samples before and after each row
  static constexpr int kRing = 8;  // rows of each stage kept; a power of two
  enum Stage { kGradH, kGradV, kGreen, kDiff, kOpposite, kAtGreen, kStages };

  int32_t* row(Stage stage, int frame_row) {
    const size_t slot = static_cast<size_t>(stage * kRing + (frame_row & (kRing - 1)));
    return storage_.data() + slot * stride_ + kPad;
  }
  // rows_[k]: raw row y-4+k of the current call.
  void GradH(int k, int frame_row);
  void GradV(int k, int frame_row);
  void Green(int k, int frame_row);
  void Opposite(int k, int frame_row);

  std::vector<int32_t> storage_;
  size_t stride_ = 0;
  int end_ = 0;  // the line rounded up to whole vectors
  int width_ = -1, phase_ = -1, next_y_ = 0;
  const uint16_t* rows_[9] = {};
};

void DirectionalRows::GradH(int k, int frame_row) {
  const D d;
  const uint16_t* raw = rows_[k];
  int32_t* grad = row(kGradH, frame_row);
  for (int x = -24; x < end_ + 24; x += static_cast<int>(hn::Lanes(d))) {
    auto at = [&](int dx) { return LoadWide(d, raw + x + dx); };
    const V second = hn::Sub(hn::ShiftLeft<1>(at(0)), hn::Add(at(-2), at(2)));
    hn::StoreU(hn::Add(hn::Abs(hn::Sub(at(-1), at(1))), hn::Abs(second)), d, grad + x);
  }
}

void DirectionalRows::GradV(int k, int frame_row) {
  const D d;
  int32_t* grad = row(kGradV, frame_row);
  for (int x = -24; x < end_ + 24; x += static_cast<int>(hn::Lanes(d))) {
    auto at = [&](int dy) { return LoadWide(d, rows_[k + dy] + x); };
    const V second = hn::Sub(hn::ShiftLeft<1>(at(0)), hn::Add(at(-2), at(2)));
    hn::StoreU(hn::Add(hn::Abs(hn::Sub(at(-1), at(1))), hn::Abs(second)), d, grad + x);
  }
}

void DirectionalRows::Green(int k, int frame_row) {
  const D d;
  const hn::Rebind<float, D> df;
  const V zero = hn::Zero(d), one = hn::Set(d, 1), two = hn::Set(d, 2);
  const V v128 = hn::Set(d, 128);
  const int32_t* grad_h = row(kGradH, frame_row);
  const int32_t* grad_h_up = row(kGradH, frame_row - 1);
  const int32_t* grad_h_down = row(kGradH, frame_row + 1);
  const int32_t* grad_v = row(kGradV, frame_row);
  int32_t* green = row(kGreen, frame_row);
  int32_t* diff = row(kDiff, frame_row);
  const int colour0 = cfa_colour(phase_, 0, frame_row);
  const bool even_green = colour0 == 1 || colour0 == 2;
  for (int x = -16; x < end_ + 16; x += static_cast<int>(hn::Lanes(d))) {
    auto at = [&](int dy, int dx) { return LoadWide(d, rows_[k + dy] + x + dx); };
    const V energy_h = hn::Add(
        hn::LoadU(d, grad_h + x),
        hn::ShiftRight<1>(hn::Add(hn::LoadU(d, grad_h_up + x), hn::LoadU(d, grad_h_down + x))));
    const V energy_v = hn::Add(
        hn::LoadU(d, grad_v + x),
        hn::ShiftRight<1>(hn::Add(hn::LoadU(d, grad_v + x - 1), hn::LoadU(d, grad_v + x + 1))));
    const V c = at(0, 0), c2 = hn::Add(c, c);
    const V left = at(0, -1), right = at(0, 1), up = at(-1, 0), down = at(1, 0);
    const auto between = [](V estimate4, V a, V b) {
      return hn::Min(hn::Max(estimate4, hn::ShiftLeft<2>(hn::Min(a, b))),
                     hn::ShiftLeft<2>(hn::Max(a, b)));
    };
    const V horizontal4 = between(
        hn::Sub(hn::Add(hn::ShiftLeft<1>(hn::Add(left, right)), c2), hn::Add(at(0, -2), at(0, 2))),
        left, right);
    const V vertical4 = between(
        hn::Sub(hn::Add(hn::ShiftLeft<1>(hn::Add(up, down)), c2), hn::Add(at(-2, 0), at(2, 0))), up,
        down);
    // share = floor(n / e): n and e are exact in single precision (n < 2^24), so the rounded
    // quotient is never below the true one's floor; one correction downwards makes it exact.
    const V sum = hn::Add(energy_h, energy_v);
    const V energy = hn::Max(sum, one);
    const V n = hn::Add(hn::ShiftLeft<8>(energy_v), hn::ShiftRight<1>(energy));
    V share = hn::ConvertTo(d, hn::Div(hn::ConvertTo(df, n), hn::ConvertTo(df, energy)));
    share = hn::IfThenElse(hn::Gt(hn::Mul(share, energy), n), hn::Sub(share, one), share);
    share = hn::IfThenElse(hn::Eq(sum, zero), v128, share);
    const V weight = Clamp(d, hn::Sub(hn::Add(share, share), v128), 0, 256);
    // (w h + (256 - w) v + 128) >> 8 = v + ((w (h - v) + 128) >> 8): one product fewer.
    const V green4 =
        hn::Add(vertical4,
                hn::ShiftRight<8>(hn::Add(hn::Mul(weight, hn::Sub(horizontal4, vertical4)), v128)));
    const V estimate = Clamp(d, hn::ShiftRight<2>(hn::Add(green4, two)), 0, 4095);
    // Green samples keep their own value; a one-lane target starts vectors on odd columns.
    const bool lane0_green = (x & 1) ? !even_green : even_green;
    const V g = lane0_green ? hn::OddEven(estimate, c) : hn::OddEven(c, estimate);
    hn::StoreU(g, d, green + x);
    hn::StoreU(hn::Sub(c, g), d, diff + x);
  }
}

void DirectionalRows::Opposite(int k, int frame_row) {
  const D d;
  const int32_t* above = row(kDiff, frame_row - 1);
  const int32_t* below = row(kDiff, frame_row + 1);
  int32_t* opposite = row(kOpposite, frame_row);
  for (int x = -8; x < end_ + 8; x += static_cast<int>(hn::Lanes(d))) {
    auto raw = [&](int dy, int dx) { return LoadWide(d, rows_[k + dy] + x + dx); };
    const V c = raw(0, 0);
    // NW, NE, SW, SE: opposite corners share the differences' step.
    const V difference[4] = {hn::LoadU(d, above + x - 1), hn::LoadU(d, above + x + 1),
                             hn::LoadU(d, below + x - 1), hn::LoadU(d, below + x + 1)};
    const V falling = hn::Abs(hn::Sub(difference[0], difference[3]));
    const V rising = hn::Abs(hn::Sub(difference[1], difference[2]));
    const V step[4] = {hn::Add(hn::Abs(hn::Sub(c, raw(-2, -2))), falling),
                       hn::Add(hn::Abs(hn::Sub(c, raw(-2, 2))), rising),
                       hn::Add(hn::Abs(hn::Sub(c, raw(2, -2))), rising),
                       hn::Add(hn::Abs(hn::Sub(c, raw(2, 2))), falling)};
    hn::StoreU(WeightedDifference(d, difference, step), d, opposite + x);
  }
}

void DirectionalRows::Run(const uint16_t* const* rows, uint16_t* const* out, int width, int phase,
                          int y) {
  using namespace demosaic_detail;
  const D d;
  const int lanes = static_cast<int>(hn::Lanes(d));
  // The same lines one row on (each stage's rows depend only on the raw rows around them).
  bool follows = width == width_ && phase == phase_ && y == next_y_;
  for (int k = 0; k < 8 && follows; ++k)
    follows = rows[k] == rows_[k + 1];
  std::copy(rows, rows + 9, rows_);
  width_ = width;
  phase_ = phase;
  next_y_ = y + 1;
  if (!follows) {
    end_ = (width + lanes - 1) / lanes * lanes;
    stride_ = static_cast<size_t>(end_ + 2 * kPad);
    storage_.resize(stride_ * kStages * kRing);
    for (int k = 1; k <= 6; ++k)
      GradH(k, y - 4 + k);
    for (int k = 2; k <= 5; ++k)
      GradV(k, y - 4 + k);
    for (int k = 2; k <= 5; ++k)
      Green(k, y - 4 + k);
    for (int k = 3; k <= 4; ++k)
      Opposite(k, y - 4 + k);
  }
  // The newest row of each stage: energies of rows y+3 and y+2, green of row y+2, the
  // opposite colour of row y+1.
  GradH(7, y + 3);
  GradV(6, y + 2);
  Green(6, y + 2);
  Opposite(5, y + 1);

  const int32_t* diff_above = row(kDiff, y - 1);
  const int32_t* diff = row(kDiff, y);
  const int32_t* diff_below = row(kDiff, y + 1);
  const int32_t* opposite_above = row(kOpposite, y - 1);
  const int32_t* opposite = row(kOpposite, y);
  const int32_t* opposite_below = row(kOpposite, y + 1);
  const int32_t* green = row(kGreen, y);
  const int even_colour = cfa_colour(phase, 0, y), odd_colour = cfa_colour(phase, 1, y);
  // At a green sample of a red row the row's neighbours are red (their own difference) and the
  // column's blue; of a blue row the other way round.
  const bool red_row = even_colour == 0 || odd_colour == 0;
  const int32_t* red_across_row = red_row ? diff : opposite;
  const int32_t* blue_across_row = red_row ? opposite : diff;
  const int32_t* red_above = red_row ? opposite_above : diff_above;
  const int32_t* red_below = red_row ? opposite_below : diff_below;
  const int32_t* blue_above = red_row ? diff_above : opposite_above;
  const int32_t* blue_below = red_row ? diff_below : opposite_below;
  const uint16_t* raw = rows[4];
  // Red at a green sample x is computed in lane x, blue in lane x + 1 (a red or blue sample's,
  // which needs neither): one weighted mean a sample instead of two. at_green[x] holds red at
  // green samples and at x + 1 their blue.
  const int green_parity = (even_colour == 1 || even_colour == 2) ? 0 : 1;
  int32_t* at_green = row(kAtGreen, y);
  for (int x = -lanes; x < end_ + lanes; x += lanes) {
    // The lanes of even columns take `even`, of odd columns `odd` (a one-lane target starts a
    // vector on odd columns).
    const auto pick = [&](V red, V blue) {
      const bool red_even = ((x & 1) == 0) == (green_parity == 0);
      return red_even ? hn::OddEven(blue, red) : hn::OddEven(red, blue);
    };
    const auto load = [&](const int32_t* red, const int32_t* blue, int dx) {
      return pick(hn::LoadU(d, red + x + dx), hn::LoadU(d, blue + x - 1 + dx));
    };
    const auto raw_at = [&](const uint16_t* r, int dx) {
      return pick(LoadWide(d, r + x + dx), LoadWide(d, r + x - 1 + dx));
    };
    const V c = raw_at(raw, 0);
    const V difference[4] = {load(red_above, blue_above, 0), load(red_below, blue_below, 0),
                             load(red_across_row, blue_across_row, -1),
                             load(red_across_row, blue_across_row, 1)};
    const V vertical = hn::Abs(hn::Sub(difference[0], difference[1]));
    const V horizontal = hn::Abs(hn::Sub(difference[2], difference[3]));
    // N, S, W, E: each the step from the green two away that way plus the differences' change.
    const V step[4] = {hn::Add(hn::Abs(hn::Sub(c, raw_at(rows[2], 0))), vertical),
                       hn::Add(hn::Abs(hn::Sub(c, raw_at(rows[6], 0))), vertical),
                       hn::Add(hn::Abs(hn::Sub(c, raw_at(raw, -2))), horizontal),
                       hn::Add(hn::Abs(hn::Sub(c, raw_at(raw, 2))), horizontal)};
    hn::StoreU(WeightedDifference(d, difference, step), d, at_green + x);
  }
  for (int x = 0; x < width; x += lanes) {
    auto load = [&](const int32_t* r, int dx) { return hn::LoadU(d, r + x + dx); };
    const V g = load(green, 0);
    const auto plus_green = [&](V difference) { return Clamp(d, hn::Add(g, difference), 0, 4095); };
    const V candidates[5] = {LoadWide(d, raw + x), g, plus_green(load(opposite, 0)),
                             plus_green(load(at_green, 0)), plus_green(load(at_green, 1))};
    StorePlanes(d, kDirectionalSource, candidates, out, x, even_colour, odd_colour);
  }
}

void DirectionalRow(const uint16_t* const* rows, uint16_t* const* out, int width, int phase,
                    int y) {
  thread_local DirectionalRows kernel;  // per thread: bands run on several
  kernel.Run(rows, out, width, phase, y);
}

}  // namespace ispsim::blocks::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <algorithm>
#include <cmath>
#include <cstring>

namespace ispsim::blocks {

HWY_EXPORT(DemosaicRow);
HWY_EXPORT(DirectionalRow);

namespace {
bool is_green_site(int phase, int x, int y) {
  const int colour = cfa_colour(phase, x, y);
  return colour == 1 || colour == 2;
}
// The mean of four colour differences weighted by the reciprocals of their steps plus one,
// with one division: over the common denominator s0 s1 s2 s3, pairs 0-1 and 2-3 first, so
// a mirrored neighbourhood (which swaps within or between the pairs) gives the same bits. In
// single precision, rounded to the nearest, ties to even.
int32_t weighted_difference(const int32_t d[4], const int32_t step[4]) {
  float s[4], v[4];
  for (int k = 0; k < 4; ++k) {
    s[k] = static_cast<float>(step[k] + 1);
    v[k] = static_cast<float>(d[k]);
  }
  const float s01 = s[0] * s[1], s23 = s[2] * s[3];
  const float sum = (v[0] * s[1] + v[1] * s[0]) * s23 + (v[2] * s[3] + v[3] * s[2]) * s01;
  const float total = (s[0] + s[1]) * s23 + (s[2] + s[3]) * s01;
  return static_cast<int32_t>(std::nearbyint(sum / total));
}
uint16_t normalise(int32_t sum16) {
  return static_cast<uint16_t>(std::clamp<int32_t>((sum16 + 8) >> 4, 0, 4095));
}
}  // namespace

Demosaic::Params Demosaic::decode(const RegisterReader& read, const FrameSettings&) {
  Params p;
  p.bypass = decode_bypass(read, kDescriptor);
  p.method = regs::isp::DMS_CTRL_METHOD.get(read(regs::isp::DMS_CTRL)) != 0
                 ? Method::kGradientWeighted
                 : Method::kMalvarHeCutler;
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
  // Columns are mirrored here, rows by the schedule: the margins are not read.
  auto raw = [&](int x, int dy) -> int32_t {
    return in.rows[kDescriptor.window_radius() + dy].plane[0][reflect101(x, row.width)];
  };
  if (p.method == Method::kMalvarHeCutler) {
    for (int x = 0; x < row.width; ++x) {
      auto at = [&](int dy, int dx) { return raw(x + dx, dy); };
      const int32_t horiz1 = at(0, -1) + at(0, 1), vert1 = at(-1, 0) + at(1, 0);
      uint16_t rgb[3];
      pixel(at(0, 0), horiz1 + vert1, at(-2, 0) + at(2, 0), at(0, -2) + at(0, 2),
            at(-1, -1) + at(-1, 1) + at(1, -1) + at(1, 1), horiz1, vert1,
            cfa_colour(row.cfa_phase, x, row.y), rgb);
      for (int plane = 0; plane < 3; ++plane)
        out.plane[plane][x] = rgb[plane];
    }
    return;
  }
  // Green at any sample of rows y-2..y+2, and its colour difference (raw minus green), as if
  // the frame were mirrored beyond its edges.
  auto green = [&](int x, int dy) -> int32_t {
    if (is_green_site(row.cfa_phase, x, row.y + dy)) return raw(x, dy);
    return directional_green([&](int ddy, int ddx) { return raw(x + ddx, dy + ddy); });
  };
  auto difference = [&](int x, int dy) { return raw(x, dy) - green(x, dy); };
  // At a red or blue sample of rows y-1..y+1: the other colour's difference from its four
  // diagonal samples.
  auto opposite = [&](int x, int dy) {
    int32_t d[4], g[4];
    int k = 0;
    for (int sy : {-1, 1})
      for (int sx : {-1, 1}) {
        d[k] = difference(x + sx, dy + sy);
        g[k] = std::abs(raw(x, dy) - raw(x + 2 * sx, dy + 2 * sy));
        ++k;
      }
    // Opposite corners share the colour differences' step.
    g[0] += std::abs(d[0] - d[3]);
    g[3] += std::abs(d[0] - d[3]);
    g[1] += std::abs(d[1] - d[2]);
    g[2] += std::abs(d[1] - d[2]);
    return weighted_difference(d, g);
  };
  // A colour's difference at a red or blue sample of rows y-1..y+1: its own or the opposite.
  auto colour_difference = [&](int colour, int x, int dy) {
    return cfa_colour(row.cfa_phase, x, row.y + dy) == colour ? difference(x, dy) : opposite(x, dy);
  };
  for (int x = 0; x < row.width; ++x) {
    const int colour = cfa_colour(row.cfa_phase, x, row.y);
    const int32_t g = green(x, 0);
    int32_t rb[2];  // red and blue differences
    for (int c = 0; c < 2; ++c) {
      const int wanted = c == 0 ? 0 : 3;
      if (colour == 1 || colour == 2) {
        // N, S, W, E: each a red or blue sample with both differences known.
        int32_t d[4], gr[4];
        const int offsets[4][2] = {{0, -1}, {0, 1}, {-1, 0}, {1, 0}};
        for (int k = 0; k < 4; ++k) {
          d[k] = colour_difference(wanted, x + offsets[k][0], offsets[k][1]);
          gr[k] = std::abs(raw(x, 0) - raw(x + 2 * offsets[k][0], 2 * offsets[k][1]));
        }
        gr[0] += std::abs(d[0] - d[1]);
        gr[1] += std::abs(d[0] - d[1]);
        gr[2] += std::abs(d[2] - d[3]);
        gr[3] += std::abs(d[2] - d[3]);
        rb[c] = weighted_difference(d, gr);
      } else {
        rb[c] = colour_difference(wanted, x, 0);
      }
    }
    const auto plus = [&](int32_t d) { return static_cast<uint16_t>(std::clamp(g + d, 0, 4095)); };
    out.plane[0][x] = colour == 0 ? static_cast<uint16_t>(raw(x, 0)) : plus(rb[0]);
    out.plane[1][x] = static_cast<uint16_t>(g);
    out.plane[2][x] = colour == 3 ? static_cast<uint16_t>(raw(x, 0)) : plus(rb[1]);
  }
}

void Demosaic::process_row(const Params& p, const RowWindow& in, const RowRef& out,
                           const RowContext& row) {
  if (p.bypass) return process_row_scalar(p, in, out, row);
  const auto rows = in.raw_rows<9>();
  if (p.method == Method::kGradientWeighted)
    return HWY_DYNAMIC_DISPATCH(DirectionalRow)(rows.data(), out.plane, row.width, row.cfa_phase,
                                                row.y);
  HWY_DYNAMIC_DISPATCH(DemosaicRow)
  (rows.data() + 2, out.plane, row.width, cfa_colour(row.cfa_phase, 0, row.y),
   cfa_colour(row.cfa_phase, 1, row.y));
}

}  // namespace ispsim::blocks
#endif  // HWY_ONCE
