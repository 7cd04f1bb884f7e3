#pragma once
// Demosaic: Malvar, He and Cutler, "High-quality linear interpolation for demosaicing of
// Bayer-patterned color images", ICASSP 2004: bilinear interpolation corrected by the Laplacian
// of the sample's own colour, as four 5x5 filters (coefficients scaled by 16, rounded, clipped
// to 12 bits). Raw in, 12-bit RGB planes out. Borders are mirrored (reflect-101), which keeps
// the CFA colour of every mirrored sample.
#include <cstdint>

#include "model/blocks/block.hpp"

namespace ispsim::blocks {

struct Demosaic {
  struct Params {
    bool bypass = false;  // copy the raw sample to R, G and B
  };
  static constexpr int kMinSize = 3;  // reflect-101 of a 5x5 window needs 3 samples each way
  static constexpr BlockDescriptor kDescriptor{
      "demosaic",
      PixelFormat::kRaw,
      PixelFormat::kRgb,
      ScheduleKind::kWindowed,
      /*window_rows=*/5,
      /*latency_cycles=*/6,
      /*line_buffer_bits_per_pixel=*/4 * 12,  // four 12-bit lines held; the fifth streams
      /*pixels_per_clock=*/0,
      regs::isp::DMS_CTRL,
      regs::isp::DMS_CTRL_BYPASS};

  static Params decode(const RegisterReader& read, const FrameSettings& frame);
  // The five filter outputs at one sample, from its 5x5 neighbourhood `at(dy, dx)`.
  static void pixel(int32_t c, int32_t cross1, int32_t vert2, int32_t horiz2, int32_t diag,
                    int32_t horiz1, int32_t vert1, int colour, uint16_t rgb[3]);
  static void process_row_scalar(const Params& p, const RowWindow& in, const RowRef& out,
                                 const RowContext& row);
  static void process_row(const Params& p, const RowWindow& in, const RowRef& out,
                          const RowContext& row);
};

}  // namespace ispsim::blocks
