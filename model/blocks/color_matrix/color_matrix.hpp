#pragma once
// Colour correction matrix: 12-bit RGB planes in and out,
// out_c = clamp((C[c][0] r + C[c][1] g + C[c][2] b + 2048) >> 12, 0, 4095), coefficients s3.12.
#include <array>
#include <cstdint>

#include "model/blocks/block.hpp"

namespace ispsim::blocks {

struct ColorMatrix {
  struct Params {
    bool bypass = false;
    std::array<int16_t, 9> coef{};  // s3.12, row-major
  };
  static constexpr BlockDescriptor kDescriptor{"color_matrix",
                                               PixelFormat::kRgb,
                                               PixelFormat::kRgb,
                                               ScheduleKind::kPointwise,
                                               /*window_rows=*/1,
                                               /*latency_cycles=*/4,
                                               /*line_buffer_bits_per_pixel=*/0,
                                               /*pixels_per_clock=*/0,
                                               regs::isp::CCM_CTRL,
                                               regs::isp::CCM_CTRL_BYPASS};

  static Params decode(const RegisterReader& read, const FrameSettings& frame);
  static uint16_t sample(const int16_t row_coef[3], int32_t r, int32_t g, int32_t b);
  static void process_row_scalar(const Params& p, const RowWindow& in, const RowRef& out,
                                 const RowContext& row);
  static void process_row(const Params& p, const RowWindow& in, const RowRef& out,
                          const RowContext& row);
};

}  // namespace ispsim::blocks
