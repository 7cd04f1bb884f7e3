#pragma once
// Lens shading correction: a gain per CFA colour that varies smoothly over the frame, undoing
// the lens's fall-off towards the corners (cos^4 and vignetting) and its colour shading. Each
// colour has a grid of 17 x 13 gain nodes spanning the frame (the first column on pixel 0, the
// last on pixel width - 1; the same down), and a sample's gain is interpolated bilinearly from
// the four nodes around it:
//   step    = floor((16 << 20) / (width - 1))              (u0.20 per pixel; 12 << 20 down)
//   p       = x * step;  cell = min(p >> 20, 15)
//   f       = min(((p >> 9) + 1) >> 1) - 1024 cell, 1024)      (10-bit fraction, rounded)
//   (rows likewise: row cell j, fraction fy, at most 11 and 1024)
//   v[i]    = (G[j][i] (1024 - fy) + G[j+1][i] fy + 512) >> 10      for the two nodes i
//   gain    = (v[cell] (1024 - f) + v[cell+1] f + 512) >> 10         u4.12
// A pixel lands within 1/2048 of a cell of x * step, and the step's rounding down moves it by at
// most (width - 1) / 2^20 cells more (1/128 of a cell at 8192): within 0.01 cell of its exact
// place x * 16 / (width - 1). p stays within 32 bits for lines up to 8192 pixels.
//   out     = min((in x gain + 2048) >> 12, 4095)
// The steps follow FRAME_SIZE, so one grid serves every output size of the same field of view.
// Vertical interpolation happens once per row, as the hardware does when a line starts.
#include <array>
#include <cstdint>

#include "model/blocks/block.hpp"

namespace ispsim::blocks {

struct LensShading {
  static constexpr int kColumns = 17, kRows = 13;  // nodes across and down
  static constexpr int kNodes = kColumns * kRows;  // per colour
  struct Params {
    bool bypass = false;
    // u4.12 gains, [colour (R, Gr, Gb, B)][row][column] flattened as the registers are.
    std::array<uint16_t, 4 * kNodes> gain;
    uint32_t step_x = 0, step_y = 0;  // u0.20 grid cells per pixel, from the frame size
    Params() { gain.fill(0x1000); }
  };
  static constexpr BlockDescriptor kDescriptor{"lens_shading",
                                               PixelFormat::kRaw,
                                               PixelFormat::kRaw,
                                               ScheduleKind::kPointwise,
                                               /*window_rows=*/1,
                                               /*latency_cycles=*/3,
                                               /*line_buffer_bits_per_pixel=*/0,
                                               /*pixels_per_clock=*/0,
                                               regs::isp::LSC_CTRL,
                                               regs::isp::LSC_CTRL_BYPASS};

  // The u0.20 step between pixels for a frame `size` pixels long spanning `cells` grid cells.
  static uint32_t grid_step(int size, int cells);
  static Params decode(const RegisterReader& read, const FrameSettings& frame);
  static void process_row_scalar(const Params& p, const RowWindow& in, const RowRef& out,
                                 const RowContext& row);
  static void process_row(const Params& p, const RowWindow& in, const RowRef& out,
                          const RowContext& row);
};

}  // namespace ispsim::blocks
