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

// The gradient-weighted method, in stages kept per frame row: the horizontal and vertical
// colour differences (green minus the other colour, quarter units), their gradient energies
// summed over three columns, the direction weight (from the energies of three rows) with green
// and its colour difference (raw minus green), then at red and blue samples the opposite
// colour's difference, each over the line and some samples past each end. The output row takes
// the differences of rows y-1..y+1 and, at green samples, their own direction weight. A kernel
// called for consecutive rows of the same lines (its window shifted by one row) computes only the
// newest row of each stage. Each stage's vectors run over a superset of the columns the output
// needs (valid from the 6 mirrored raw samples); the rest are computed from unmirrored margins and
// never read.
class DirectionalRows {
 public:
  // rows[k] is the raw row y-6+k, its margins mirrored (6 samples).
  void Run(const uint16_t* const* rows, uint16_t* const* out, int width, int phase, int y);

 private:
  using D = hn::ScalableTag<int32_t>;
  using V = hn::VFromD<D>;
  // The column ranges below (from -24 to end + 24 at most, read 2 beyond) fit the scratch pad and
  // the raw rows' margins for vectors of up to 16 lanes.
  static_assert(HWY_MAX_BYTES / sizeof(int32_t) <= 16, "column ranges assume at most 16 lanes");
  static constexpr int kPad = 48;   // scratch samples before and after each row
  static constexpr int kRing = 16;  // rows of each stage kept; a power of two
  enum class Stage {
    kDiffH,
    kDiffV,
    kEnergyH,
    kEnergyV,
    kWeight,
    kGreen,
    kDiff,
    kOpposite,
    kCount
  };

  int32_t* row(Stage stage, int frame_row) {
    const size_t slot =
        static_cast<size_t>(static_cast<int>(stage) * kRing + (frame_row & (kRing - 1)));
    return storage_.data() + slot * stride_ + kPad;
  }
  const uint16_t* raw(int frame_row) const { return rows_[frame_row - y_ + 6]; }
  void DiffH(int frame_row);
  void DiffV(int frame_row);
  void EnergyH(int frame_row);
  void EnergyV(int frame_row);
  void Green(int frame_row);
  void Opposite(int frame_row);

  std::vector<int32_t> storage_;
  size_t stride_ = 0;
  int end_ = 0;  // the line rounded up to whole vectors
  int width_ = -1, phase_ = -1, y_ = 0, next_y_ = 0;
  const uint16_t* rows_[13] = {};
};

// Green minus the other colour along a line, quarter units, as Demosaic::horizontal_difference4
// (lane-wise) states it. `before`/`after` are the neighbours one and two samples away along the
// line.
template <class V>
HWY_INLINE V LineDifference4(V c, V before, V after, V before2, V after2, bool lane0_green) {
  const auto c4 = hn::ShiftLeft<2>(c);
  const auto neighbours2 = hn::ShiftLeft<1>(hn::Add(before, after));
  const auto second = hn::Sub(hn::Add(c, c), hn::Add(before2, after2));
  const auto at_green = hn::Sub(c4, hn::Sub(neighbours2, second));
  const auto between =
      hn::Min(hn::Max(hn::Add(neighbours2, second), hn::ShiftLeft<2>(hn::Min(before, after))),
              hn::ShiftLeft<2>(hn::Max(before, after)));
  const auto at_other = hn::Sub(between, c4);
  return lane0_green ? hn::OddEven(at_other, at_green) : hn::OddEven(at_green, at_other);
}

void DirectionalRows::DiffH(int frame_row) {
  const D d;
  const uint16_t* line = raw(frame_row);
  int32_t* out = row(Stage::kDiffH, frame_row);
  for (int x = -24; x < end_ + 24; x += static_cast<int>(hn::Lanes(d))) {
    auto at = [&](int dx) { return LoadWide(d, line + x + dx); };
    const bool lane0_green = cfa_is_green(phase_, x, frame_row);
    hn::StoreU(LineDifference4(at(0), at(-1), at(1), at(-2), at(2), lane0_green), d, out + x);
  }
}

void DirectionalRows::DiffV(int frame_row) {
  const D d;
  int32_t* out = row(Stage::kDiffV, frame_row);
  for (int x = -24; x < end_ + 24; x += static_cast<int>(hn::Lanes(d))) {
    auto at = [&](int dy) { return LoadWide(d, raw(frame_row + dy) + x); };
    const bool lane0_green = cfa_is_green(phase_, x, frame_row);
    hn::StoreU(LineDifference4(at(0), at(-1), at(1), at(-2), at(2), lane0_green), d, out + x);
  }
}

void DirectionalRows::EnergyH(int frame_row) {
  const D d;
  const int32_t* diff = row(Stage::kDiffH, frame_row);
  int32_t* out = row(Stage::kEnergyH, frame_row);
  for (int x = -16; x < end_ + 16; x += static_cast<int>(hn::Lanes(d))) {
    auto step = [&](int dx) {
      return hn::Abs(hn::Sub(hn::LoadU(d, diff + x + dx - 1), hn::LoadU(d, diff + x + dx + 1)));
    };
    hn::StoreU(hn::Add(hn::Add(step(-1), step(0)), step(1)), d, out + x);
  }
}

void DirectionalRows::EnergyV(int frame_row) {
  const D d;
  const int32_t* above = row(Stage::kDiffV, frame_row - 1);
  const int32_t* below = row(Stage::kDiffV, frame_row + 1);
  int32_t* out = row(Stage::kEnergyV, frame_row);
  for (int x = -16; x < end_ + 16; x += static_cast<int>(hn::Lanes(d))) {
    auto step = [&](int dx) {
      return hn::Abs(hn::Sub(hn::LoadU(d, above + x + dx), hn::LoadU(d, below + x + dx)));
    };
    hn::StoreU(hn::Add(hn::Add(step(-1), step(0)), step(1)), d, out + x);
  }
}

void DirectionalRows::Green(int frame_row) {
  const D d;
  const hn::Rebind<float, D> df;
  const V zero = hn::Zero(d), one = hn::Set(d, 1), two = hn::Set(d, 2);
  const V v128 = hn::Set(d, 128);
  const auto rows_of = [&](Stage stage) {
    return std::array<const int32_t*, 3>{row(stage, frame_row - 1), row(stage, frame_row),
                                         row(stage, frame_row + 1)};
  };
  const auto energy_h_rows = rows_of(Stage::kEnergyH), energy_v_rows = rows_of(Stage::kEnergyV);
  const int32_t* diff_h = row(Stage::kDiffH, frame_row);
  const int32_t* diff_v = row(Stage::kDiffV, frame_row);
  const uint16_t* line = raw(frame_row);
  int32_t* weights = row(Stage::kWeight, frame_row);
  int32_t* green = row(Stage::kGreen, frame_row);
  int32_t* diff = row(Stage::kDiff, frame_row);
  for (int x = -16; x < end_ + 16; x += static_cast<int>(hn::Lanes(d))) {
    const auto energy = [&](const std::array<const int32_t*, 3>& r) {
      return hn::ShiftRight<3>(
          hn::Add(hn::Add(hn::LoadU(d, r[0] + x), hn::LoadU(d, r[1] + x)), hn::LoadU(d, r[2] + x)));
    };
    const V energy_h = energy(energy_h_rows), energy_v = energy(energy_v_rows);
    const V c = LoadWide(d, line + x), c4 = hn::ShiftLeft<2>(c);
    const V horizontal4 = hn::Add(hn::LoadU(d, diff_h + x), c4);
    const V vertical4 = hn::Add(hn::LoadU(d, diff_v + x), c4);
    // share = floor(n / e): n and e are exact in single precision (n < 2^24: the energies'
    // eighths are at most 46 068 each), so the rounded quotient is never below the true one's
    // floor; one correction downwards makes it exact.
    const V sum = hn::Add(energy_h, energy_v);
    const V total = hn::Max(sum, one);
    const V n = hn::Add(hn::ShiftLeft<8>(energy_v), hn::ShiftRight<1>(total));
    V share = hn::ConvertTo(d, hn::Div(hn::ConvertTo(df, n), hn::ConvertTo(df, total)));
    share = hn::IfThenElse(hn::Gt(hn::Mul(share, total), n), hn::Sub(share, one), share);
    share = hn::IfThenElse(hn::Eq(sum, zero), v128, share);
    const V weight = Clamp(d, hn::Sub(hn::Add(share, share), v128), 0, 256);
    hn::StoreU(weight, d, weights + x);  // at green samples, for their red and blue
    // (w h + (256 - w) v + 128) >> 8 = v + ((w (h - v) + 128) >> 8): one product fewer.
    const V green4 =
        hn::Add(vertical4,
                hn::ShiftRight<8>(hn::Add(hn::Mul(weight, hn::Sub(horizontal4, vertical4)), v128)));
    const V estimate = Clamp(d, hn::ShiftRight<2>(hn::Add(green4, two)), 0, 4095);
    // Green samples keep their own value; a one-lane target starts vectors on odd columns.
    const bool lane0_green = cfa_is_green(phase_, x, frame_row);
    const V g = lane0_green ? hn::OddEven(estimate, c) : hn::OddEven(c, estimate);
    hn::StoreU(g, d, green + x);
    hn::StoreU(hn::Sub(c, g), d, diff + x);
  }
}

void DirectionalRows::Opposite(int frame_row) {
  const D d;
  const int32_t* above = row(Stage::kDiff, frame_row - 1);
  const int32_t* below = row(Stage::kDiff, frame_row + 1);
  int32_t* opposite = row(Stage::kOpposite, frame_row);
  const uint16_t* line = raw(frame_row);
  const uint16_t* line_above = raw(frame_row - 2);
  const uint16_t* line_below = raw(frame_row + 2);
  for (int x = -8; x < end_ + 8; x += static_cast<int>(hn::Lanes(d))) {
    const V c = LoadWide(d, line + x);
    // NW, NE, SW, SE: opposite corners share the differences' step.
    const V difference[4] = {hn::LoadU(d, above + x - 1), hn::LoadU(d, above + x + 1),
                             hn::LoadU(d, below + x - 1), hn::LoadU(d, below + x + 1)};
    const V falling = hn::Abs(hn::Sub(difference[0], difference[3]));
    const V rising = hn::Abs(hn::Sub(difference[1], difference[2]));
    const auto raw_step = [&](const uint16_t* r, int dx) {
      return hn::Abs(hn::Sub(c, LoadWide(d, r + x + dx)));
    };
    const V step[4] = {
        hn::Add(raw_step(line_above, -2), falling), hn::Add(raw_step(line_above, 2), rising),
        hn::Add(raw_step(line_below, -2), rising), hn::Add(raw_step(line_below, 2), falling)};
    hn::StoreU(WeightedDifference(d, difference, step), d, opposite + x);
  }
}

void DirectionalRows::Run(const uint16_t* const* rows, uint16_t* const* out, int width, int phase,
                          int y) {
  using demosaic_detail::kDirectionalSource;
  const D d;
  const int lanes = static_cast<int>(hn::Lanes(d));
  // The same lines one row on (each stage's rows depend only on the raw rows around them).
  bool follows = width == width_ && phase == phase_ && y == next_y_;
  for (int k = 0; k < 12 && follows; ++k)
    follows = rows[k] == rows_[k + 1];
  std::copy(rows, rows + 13, rows_);
  width_ = width;
  phase_ = phase;
  y_ = y;
  next_y_ = y + 1;
  if (!follows) {
    end_ = (width + lanes - 1) / lanes * lanes;
    stride_ = static_cast<size_t>(end_ + 2 * kPad);
    storage_.resize(stride_ * static_cast<size_t>(Stage::kCount) * kRing);
  }
  // Each stage's rows, relative to y, in the order they depend on each other: the output row
  // needs the opposite colour of rows y-1..y+1, which needs green of rows y-2..y+2, which needs
  // the vertical differences of rows y-4..y+4. Afresh every row of each; else only the newest.
  struct Rows {
    void (DirectionalRows::*compute)(int);
    int first, last;
  };
  static constexpr Rows kSchedule[] = {
      {&DirectionalRows::DiffH, -3, 3},   {&DirectionalRows::DiffV, -4, 4},
      {&DirectionalRows::EnergyH, -3, 3}, {&DirectionalRows::EnergyV, -3, 3},
      {&DirectionalRows::Green, -2, 2},   {&DirectionalRows::Opposite, -1, 1}};
  for (const Rows& stage : kSchedule)
    for (int r = follows ? stage.last : stage.first; r <= stage.last; ++r)
      (this->*stage.compute)(y + r);

  const int32_t* diff_above = row(Stage::kDiff, y - 1);
  const int32_t* diff = row(Stage::kDiff, y);
  const int32_t* diff_below = row(Stage::kDiff, y + 1);
  const int32_t* opposite_above = row(Stage::kOpposite, y - 1);
  const int32_t* opposite = row(Stage::kOpposite, y);
  const int32_t* opposite_below = row(Stage::kOpposite, y + 1);
  const int32_t* weights = row(Stage::kWeight, y);
  const int32_t* green = row(Stage::kGreen, y);
  const uint16_t* line = raw(y);
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
  const V v256 = hn::Set(d, 256);
  for (int x = 0; x < width; x += lanes) {
    auto load = [&](const int32_t* r, int dx) { return hn::LoadU(d, r + x + dx); };
    const V g = load(green, 0), weight = load(weights, 0);
    const auto plus_green = [&](V difference) { return Clamp(d, hn::Add(g, difference), 0, 4095); };
    // Demosaic's blend_pairs: (w (W + E) + (256 - w) (N + S) + 256) >> 9.
    const auto at_green = [&](const int32_t* across, const int32_t* above, const int32_t* below) {
      const V horizontal = hn::Add(load(across, -1), load(across, 1));
      const V vertical = hn::Add(load(above, 0), load(below, 0));
      const V blend =
          hn::Add(hn::Mul(weight, hn::Sub(horizontal, vertical)), hn::ShiftLeft<8>(vertical));
      return plus_green(hn::ShiftRight<9>(hn::Add(blend, v256)));
    };
    const V candidates[5] = {LoadWide(d, line + x), g, plus_green(load(opposite, 0)),
                             at_green(red_across_row, red_above, red_below),
                             at_green(blue_across_row, blue_above, blue_below)};
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
// The mean of four colour differences weighted by the reciprocals of their steps plus one,
// with one division: over the common denominator s0 s1 s2 s3, in single precision, pairs 0-1
// and 2-3 first (the SIMD kernel's order), rounded to the nearest, ties to even.
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
// The mean of a horizontal pair weighted by `weight`/256 and of a vertical pair by the rest,
// rounded half up.
int32_t blend_pairs(int32_t weight, int32_t horizontal_sum, int32_t vertical_sum) {
  return (weight * horizontal_sum + (256 - weight) * vertical_sum + 256) >> 9;
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
    if (cfa_is_green(row.cfa_phase, x, row.y + dy)) return raw(x, dy);
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
    const bool at_green = cfa_is_green(row.cfa_phase, x, row.y);
    const int32_t weight =
        at_green ? horizontal_weight([&](int ddy, int ddx) { return raw(x + ddx, ddy); }, true) : 0;
    int32_t rb[2];  // red and blue differences
    for (int c = 0; c < 2; ++c) {
      const int wanted = c == 0 ? 0 : 3;
      rb[c] = at_green
                  ? blend_pairs(
                        weight,
                        colour_difference(wanted, x - 1, 0) + colour_difference(wanted, x + 1, 0),
                        colour_difference(wanted, x, -1) + colour_difference(wanted, x, 1))
                  : colour_difference(wanted, x, 0);
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
  const auto rows = in.raw_rows<13>();
  if (p.method == Method::kGradientWeighted)
    return HWY_DYNAMIC_DISPATCH(DirectionalRow)(rows.data(), out.plane, row.width, row.cfa_phase,
                                                row.y);
  HWY_DYNAMIC_DISPATCH(DemosaicRow)
  (rows.data() + 4, out.plane, row.width, cfa_colour(row.cfa_phase, 0, row.y),
   cfa_colour(row.cfa_phase, 1, row.y));
}

}  // namespace ispsim::blocks
#endif  // HWY_ONCE
