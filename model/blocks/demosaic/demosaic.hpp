#pragma once
// Demosaic, two methods selected by DMS_CTRL.METHOD:
// - Malvar, He and Cutler, "High-quality linear interpolation for demosaicing of Bayer-patterned
//   color images", ICASSP 2004: bilinear interpolation corrected by the Laplacian of the sample's
//   own colour, as four 5x5 filters (coefficients scaled by 16, rounded, clipped to 12 bits). It
//   draws zippers along sharp edges and mazes in fine texture: kept for comparison.
// - Gradient-weighted directional: green at a red or blue sample is the Hamilton-Adams
//   horizontal and vertical estimates (neighbour mean plus a quarter of the own colour's second
//   difference, kept between the two greens it interpolates) blended by a direction weight.
//   The weight compares how much each direction's colour difference (green minus the other
//   colour, estimated along that direction alone) changes over the 3x3 samples around,
//   sharpened towards the steadier direction: colour differences are smooth along an edge
//   even where the raw samples alternate in colour, which raw gradients (the first version)
//   cannot tell from texture (+0.20 dB on the photographs of docs/IMAGE_QUALITY.md). Red and
//   blue are carried as colour differences (raw minus green) too: at a red or blue sample the
//   opposite colour's difference is the mean of its four diagonal neighbours' weighted by
//   1 / (1 + step), the step towards a neighbour being the raw change two samples that way plus
//   the change in difference across the sample (one single-precision division over the common
//   denominator); at a green sample each colour's difference blends its horizontal and
//   vertical neighbours' by that sample's own direction weight. Against bilinear colour
//   differences these gained 0.44 dB (0.06 dB less than weighting the green sample's four
//   neighbours like the diagonal ones, which took a division more).
// Raw in, 12-bit RGB planes out. Borders are mirrored (reflect-101), which keeps the CFA colour
// of every mirrored sample. The block buffers twelve rows (its 13-row window: the output row
// needs green two rows away, whose direction weight needs colour differences two rows beyond,
// each estimated from raw two rows further) whichever method runs.
#include <algorithm>
#include <cstdint>
#include <cstdlib>

#include "model/blocks/block.hpp"

namespace ispsim::blocks {

struct Demosaic {
  enum class Method : uint8_t { kMalvarHeCutler = 0, kGradientWeighted = 1 };
  struct Params {
    bool bypass = false;  // copy the raw sample to R, G and B
    Method method = Method::kMalvarHeCutler;
  };
  static constexpr int kMinSize = 7;  // reflect-101 of a 13x13 window needs 7 samples each way
  static constexpr BlockDescriptor kDescriptor{
      "demosaic",
      PixelFormat::kRaw,
      PixelFormat::kRgb,
      ScheduleKind::kWindowed,
      /*window_rows=*/13,
      /*latency_cycles=*/12,
      /*line_buffer_bits_per_pixel=*/12 * 12,  // twelve 12-bit lines held; the 13th streams
      /*pixels_per_clock=*/0,
      regs::isp::DMS_CTRL,
      regs::isp::DMS_CTRL_BYPASS};

  static Params decode(const RegisterReader& read, const FrameSettings& frame);
  // Malvar-He-Cutler's five filter outputs at one sample, from its 5x5 neighbourhood.
  static void pixel(int32_t c, int32_t cross1, int32_t vert2, int32_t horiz2, int32_t diag,
                    int32_t horiz1, int32_t vert1, int colour, uint16_t rgb[3]);
  // Green minus the row's other colour at (dy, dx) of a neighbourhood `at` centred on a green
  // sample or not, in quarter units, from the row alone: at a red or blue sample the
  // Hamilton-Adams green estimate (kept between its two greens) minus the sample; at a green
  // sample 4c - 2(left + right) + (2c - far_left - far_right), the sample minus its neighbours'
  // mean with green's own curvature added rather than taken away as Hamilton-Adams would
  // estimate the other colour. That sign makes the direction weight see a step edge across the
  // line clearly: with Hamilton-Adams's a grey step drew 49-code zips and false colour
  // (SharpEdgesGetNoZipperAndNoFalseColour), for 0.07 dB more on the photographs.
  template <typename At>
  static int32_t horizontal_difference4(At&& at, int dy, int dx, bool centre_green = false);
  // Weight of the horizontal direction in 1/256 at the centre of `at` (|dy|, |dx| <= 4): from
  // the gradients of both directions' colour differences over the 3x3 samples around.
  template <typename At>
  static int32_t horizontal_weight(At&& at, bool centre_green);
  // The gradient-weighted green at a red or blue sample, from its neighbourhood `at(dy, dx)`
  // (|dy|, |dx| <= 4).
  template <typename At>
  static int32_t directional_green(At&& at);
  static void process_row_scalar(const Params& p, const RowWindow& in, const RowRef& out,
                                 const RowContext& row);
  static void process_row(const Params& p, const RowWindow& in, const RowRef& out,
                          const RowContext& row);
};

template <typename At>
int32_t Demosaic::horizontal_difference4(At&& at, int dy, int dx, bool centre_green) {
  const int32_t c = at(dy, dx), left = at(dy, dx - 1), right = at(dy, dx + 1);
  const int32_t second = 2 * c - at(dy, dx - 2) - at(dy, dx + 2);
  // A green sample sits where dy + dx is odd (the centre is red or blue).
  if ((((dy + dx) & 1) != 0) != centre_green) return 4 * c - (2 * (left + right) - second);
  return std::clamp(2 * (left + right) + second, 4 * std::min(left, right),
                    4 * std::max(left, right)) -
         4 * c;
}

template <typename At>
int32_t Demosaic::horizontal_weight(At&& at, bool centre_green) {
  const auto transposed = [&](int dy, int dx) { return at(dx, dy); };
  const auto horizontal = [&](int dy, int dx) {
    return horizontal_difference4(at, dy, dx, centre_green);
  };
  const auto vertical = [&](int dy, int dx) {
    return horizontal_difference4(transposed, dx, dy, centre_green);
  };
  int32_t energy_h = 0, energy_v = 0;
  for (int j = -1; j <= 1; ++j)
    for (int k = -1; k <= 1; ++k) {
      energy_h += std::abs(horizontal(j, k - 1) - horizontal(j, k + 1));
      energy_v += std::abs(vertical(j - 1, k) - vertical(j + 1, k));
    }
  // An eighth keeps 256 x the energy within single precision's exact integers (the SIMD
  // kernel divides in floats).
  energy_h >>= 3;
  energy_v >>= 3;
  // The vertical energy's share, rounded, then doubled about the middle so a direction three
  // times smoother than the other wins outright.
  const int32_t energy = energy_h + energy_v;
  const int32_t share = energy == 0 ? 128 : (256 * energy_v + (energy >> 1)) / energy;
  return std::clamp(2 * share - 128, 0, 256);
}

template <typename At>
int32_t Demosaic::directional_green(At&& at) {
  const int32_t weight = horizontal_weight(at, false);
  const int32_t c4 = 4 * at(0, 0);
  const int32_t horizontal4 = horizontal_difference4(at, 0, 0) + c4;
  const int32_t vertical4 =
      horizontal_difference4([&](int dy, int dx) { return at(dx, dy); }, 0, 0) + c4;
  const int32_t green4 = (weight * horizontal4 + (256 - weight) * vertical4 + 128) >> 8;
  return std::clamp((green4 + 2) >> 2, 0, 4095);
}

}  // namespace ispsim::blocks
