#pragma once
// Green balance (Gr/Gb equilibration): the two greens of a Bayer array sit beside red (Gr) and
// beside blue (Gb), and crosstalk from those neighbours makes them differ by a few percent
// towards the frame's edges, more in saturated colours. A demosaic reads that as detail at the
// sampling frequency and draws a fine maze. For each green sample:
//   own   = sum of the four greens of its own kind at (+-2, 0) and (0, +-2)
//   other = sum of the four greens of the other kind at (+-1, +-1)
//   if |other - own| x 256 <= LIMIT x (other + own):   out = clamp(in + ((other - own + 4) >> 3))
// that is, it moves half way towards the other kind's local mean, so Gr and Gb meet in the
// middle. Where the greens differ by more (an edge, texture) nothing changes. Red and blue pass
// unchanged; borders are mirrored (reflect-101, which keeps every sample's colour). Samples are
// clipped to kRawMax on entry.
#include <cstdint>

#include "model/blocks/block.hpp"

namespace ispsim::blocks {

struct GreenBalance {
  struct Params {
    bool bypass = false;
    uint16_t limit = 0;  // u0.8
  };
  static constexpr int kMinSize = 3;  // reflect-101 of a 5x5 window needs 3 samples each way
  static constexpr BlockDescriptor kDescriptor{
      "green_balance",
      PixelFormat::kRaw,
      PixelFormat::kRaw,
      ScheduleKind::kWindowed,
      /*window_rows=*/5,
      /*latency_cycles=*/4,
      /*line_buffer_bits_per_pixel=*/4 * 12,  // four 12-bit lines held; the fifth streams
      /*pixels_per_clock=*/0,
      regs::isp::GBAL_CTRL,
      regs::isp::GBAL_CTRL_BYPASS};

  static Params decode(const RegisterReader& read, const FrameSettings& frame);
  // A green sample from itself and the two sums.
  static uint16_t sample(int32_t centre, int32_t own, int32_t other, const Params& p);
  static void process_row_scalar(const Params& p, const RowWindow& in, const RowRef& out,
                                 const RowContext& row);
  static void process_row(const Params& p, const RowWindow& in, const RowRef& out,
                          const RowContext& row);
};

}  // namespace ispsim::blocks
