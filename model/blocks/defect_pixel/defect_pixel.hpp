#pragma once
// Defect pixel correction, dynamic: each raw sample is compared with its eight neighbours of the
// same CFA colour (two samples away across, down and diagonally: the same offsets for every
// colour of a Bayer array). A sample above their maximum by more than the margin, or below their
// minimum by more than it, is a defect (a hot, dead or stuck pixel) and is clipped to that
// maximum or minimum; anything else passes unchanged. The margin is
//   THRESHOLD + (max * SLOPE) >> 8,
// a fixed part for read noise and a part growing with the signal for shot noise. A one-pixel
// line survives when it runs across, down or at 45 degrees (two of the eight neighbours lie on
// it); at other angles none does, and a line brighter than the margin is clipped (a limit of
// this ring: an edge-directed detector is for later). Borders are mirrored (reflect-101), which
// keeps the colour of every mirrored sample. Samples are clipped to kRawMax on entry.
//
// The lens spreads any real point of light over several pixels, a defect stays in one. With
// DPC_CTRL.SUPPORT_CHECK a candidate is therefore spared when its four nearest neighbours (of
// the other colours) stand out with it: each neighbour's excess over the higher of its own two
// same-colour partners along the line beside the candidate (N and S against the samples two
// columns either side of them, W and E against those two rows above and below), summed, may be
// at most LIMIT (u2.6) x the candidate's own excess over its ring's maximum; below the ring's
// minimum likewise. On photographs at ISO 100 the margin alone took 340 of 240 000 samples of
// fine detail (0.24 dB of the output's PSNR); a flat field's defects have no such support.
//
// Static defects: a table of known defect pixels (the module's calibration, loaded by the
// firmware) in raster order. The block walks it as pixels stream, comparing each pixel with the
// next entry only, so an entry not after the one before it is skipped (the firmware sorts the
// table), and an entry the stream has passed without meeting it (a column beyond the line's
// end, passed when the next line starts) is dropped; rows beyond the frame are never reached. A
// listed pixel is replaced, whatever the margin, by the mean of its two same-colour neighbours
// across, (L + R + 1) >> 1, or down, (U + D + 1) >> 1, whichever pair differs less (across on a
// tie): along an edge rather than over it.
#include <cstdint>
#include <vector>

#include "model/blocks/block.hpp"

namespace ispsim::blocks {

struct DefectPixel {
  struct Params {
    bool bypass = false;
    uint16_t threshold = 4095;  // u12.0
    uint16_t slope = 0;         // u0.8
    bool support_check = false;
    uint16_t support_limit = 16;  // u2.6
    // Static defects that the walk reaches, as (y << 16) | x, strictly increasing.
    std::vector<uint32_t> defects;
  };
  static constexpr int kTableSize = 4096;
  static constexpr int kMinSize = 3;  // reflect-101 of a 5x5 window needs 3 samples each way
  static constexpr BlockDescriptor kDescriptor{
      "defect_pixel",
      PixelFormat::kRaw,
      PixelFormat::kRaw,
      ScheduleKind::kWindowed,
      /*window_rows=*/5,
      /*latency_cycles=*/4,
      /*line_buffer_bits_per_pixel=*/4 * 12,  // four 12-bit lines held; the fifth streams
      /*pixels_per_clock=*/0,
      regs::isp::DPC_CTRL,
      regs::isp::DPC_CTRL_BYPASS};

  static Params decode(const RegisterReader& read, const FrameSettings& frame);
  // One sample from itself, its eight same-colour neighbours' minimum and maximum, and its four
  // nearest neighbours' summed excess above (`rise`) and below (`fall`) their partners.
  static uint16_t sample(int32_t centre, int32_t low, int32_t high, int32_t rise, int32_t fall,
                         const Params& p);
  // A listed defect from its same-colour neighbours left, right, up and down.
  static uint16_t listed_sample(int32_t left, int32_t right, int32_t up, int32_t down);
  static void process_row_scalar(const Params& p, const RowWindow& in, const RowRef& out,
                                 const RowContext& row);
  static void process_row(const Params& p, const RowWindow& in, const RowRef& out,
                          const RowContext& row);
};

}  // namespace ispsim::blocks
