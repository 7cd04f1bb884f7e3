#pragma once
// Demosaic, two methods selected by DMS_CTRL.METHOD:
// - Malvar, He and Cutler, "High-quality linear interpolation for demosaicing of Bayer-patterned
//   color images", ICASSP 2004: bilinear interpolation corrected by the Laplacian of the sample's
//   own colour, as four 5x5 filters (coefficients scaled by 16, rounded, clipped to 12 bits). It
//   draws zippers along sharp edges and mazes in fine texture: kept for comparison.
// - Gradient-weighted directional: green at a red or blue sample is the Hamilton-Adams
//   horizontal and vertical estimates (neighbour mean plus a quarter of the own colour's second
//   difference, kept between the two greens it interpolates) blended by the opposite
//   direction's gradient energy over three rows or columns, the blend sharpened towards the
//   smoother direction. Red and blue are carried as colour differences (raw minus green) and
//   interpolated along edges too: at a red or blue sample the opposite colour's difference is
//   the mean of its four diagonal neighbours' weighted by 1 / (1 + step), the step towards a
//   neighbour being the raw change two samples that way plus the change in difference across
//   the sample; at a green sample each colour's difference is the same weighted mean over its
//   four neighbours N, S, W, E (each red or blue, its other colour's difference from the first
//   step). Weighting the differences instead of averaging them (the older bilinear step) gained
//   0.44 dB on the photographs of docs/IMAGE_QUALITY.md; weights are single-precision
//   reciprocals, summed in mirror-symmetric pairs so a mirrored border gives the same bits.
// Raw in, 12-bit RGB planes out. Borders are mirrored (reflect-101), which keeps the CFA colour
// of every mirrored sample. The block buffers eight rows (its 9-row window: green two rows
// away from the output's neighbours, which need raw two rows beyond) whichever method runs.
#include <algorithm>
#include <cstdint>

#include "model/blocks/block.hpp"

namespace ispsim::blocks {

struct Demosaic {
  enum class Method : uint8_t { kMalvarHeCutler = 0, kGradientWeighted = 1 };
  struct Params {
    bool bypass = false;  // copy the raw sample to R, G and B
    Method method = Method::kMalvarHeCutler;
  };
  static constexpr int kMinSize = 5;  // reflect-101 of a 9x9 window needs 5 samples each way
  static constexpr BlockDescriptor kDescriptor{
      "demosaic",
      PixelFormat::kRaw,
      PixelFormat::kRgb,
      ScheduleKind::kWindowed,
      /*window_rows=*/9,
      /*latency_cycles=*/12,
      /*line_buffer_bits_per_pixel=*/8 * 12,  // eight 12-bit lines held; the ninth streams
      /*pixels_per_clock=*/0,
      regs::isp::DMS_CTRL,
      regs::isp::DMS_CTRL_BYPASS};

  static Params decode(const RegisterReader& read, const FrameSettings& frame);
  // Malvar-He-Cutler's five filter outputs at one sample, from its 5x5 neighbourhood.
  static void pixel(int32_t c, int32_t cross1, int32_t vert2, int32_t horiz2, int32_t diag,
                    int32_t horiz1, int32_t vert1, int colour, uint16_t rgb[3]);
  // The gradient-weighted green at a red or blue sample, from its neighbourhood `at(dy, dx)`
  // (|dy|, |dx| <= 2).
  template <typename At>
  static int32_t directional_green(At&& at);
  static void process_row_scalar(const Params& p, const RowWindow& in, const RowRef& out,
                                 const RowContext& row);
  static void process_row(const Params& p, const RowWindow& in, const RowRef& out,
                          const RowContext& row);
};

template <typename At>
int32_t Demosaic::directional_green(At&& at) {
  const auto abs = [](int32_t v) { return v < 0 ? -v : v; };
  const auto grad_h = [&](int dy) {
    return abs(at(dy, -1) - at(dy, 1)) + abs(2 * at(dy, 0) - at(dy, -2) - at(dy, 2));
  };
  const auto grad_v = [&](int dx) {
    return abs(at(-1, dx) - at(1, dx)) + abs(2 * at(0, dx) - at(-2, dx) - at(2, dx));
  };
  const int32_t energy_h = grad_h(0) + ((grad_h(-1) + grad_h(1)) >> 1);
  const int32_t energy_v = grad_v(0) + ((grad_v(-1) + grad_v(1)) >> 1);
  const int32_t c2 = 2 * at(0, 0);
  // Each estimate kept between its two greens: the correction term overshoots at corners.
  const auto between = [](int32_t estimate4, int32_t a, int32_t b) {
    return std::clamp(estimate4, 4 * std::min(a, b), 4 * std::max(a, b));
  };
  const int32_t horizontal4 =
      between(2 * (at(0, -1) + at(0, 1)) + c2 - at(0, -2) - at(0, 2), at(0, -1), at(0, 1));
  const int32_t vertical4 =
      between(2 * (at(-1, 0) + at(1, 0)) + c2 - at(-2, 0) - at(2, 0), at(-1, 0), at(1, 0));
  // Weight of the horizontal estimate in 1/256: the vertical energy's share, rounded, then
  // doubled about the middle so a direction three times smoother than the other wins outright.
  const int32_t energy = energy_h + energy_v;
  const int32_t share = energy == 0 ? 128 : (256 * energy_v + (energy >> 1)) / energy;
  const int32_t weight = std::clamp(2 * share - 128, 0, 256);
  const int32_t green4 = (weight * horizontal4 + (256 - weight) * vertical4 + 128) >> 8;
  return std::clamp((green4 + 2) >> 2, 0, 4095);
}

}  // namespace ispsim::blocks
