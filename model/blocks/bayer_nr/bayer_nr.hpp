#pragma once
// Bayer-domain noise reduction driven by the noise model: each raw sample is replaced by a
// weighted mean of itself and its same-colour neighbours (the 5x5 window's 3x3 lattice of its
// colour, or with WIDE the 9x9 window's 5x5 lattice: 8 or 24 neighbours), each neighbour
// weighted by how far it lies from the sample against the noise expected at that signal. A range
// filter (bilateral class) whose range is set by physics rather than by hand: shot noise grows with
// the signal, read noise does not, so flat areas are smoothed at every level and edges standing out
// of the noise keep their weight at zero. Line buffers only (eight lines: the 9x9 window), integer
// arithmetic:
//   v   = each of the 9 (WIDE: 25) samples, taken as 4095 + P above it (the datapath saturates)
//   m   = (sum of the 3x3 lattice's nine v x 455) >> 12        (their mean, 455/4096 ~ 1/9)
//   var = ((SHOT x m) >> 8) + READ                             (codes^2; SHOT u8.8)
//   T   = min((STRENGTH x floor(sqrt(var x 1024))) >> 10, 4095) (STRENGTH/32 noise sigmas)
//         or with TABLE, s = SIGMA[k] + (((SIGMA[k+1] - SIGMA[k]) x f + 32) >> 6), k = m >> 6,
//         f = m & 63 (sigma in u12.4 at every 64th mean): T = min((STRENGTH x 2 s) >> 10, 4095)
//   w_i = max(0, T - |v_i - v_centre|)                         (the centre weighs T)
//   out = v_centre if T = 0, else (sum w_i v_i + (sum w_i >> 1)) / sum w_i   (floor)
// With a pedestal P (the black level block's, which keeps noise below black as values above
// P - signal), samples saturate at 4095 + P rather than 4095, the threshold is the one for the
// mean less P (at least 0), and the output is min(max(out - P, 0), 4095).
// Borders are mirrored (reflect-101, which keeps every sample's colour).
#include <array>
#include <cstdint>

#include "model/blocks/block.hpp"

namespace ispsim::blocks {

struct BayerNr {
  struct Params {
    bool bypass = false;
    bool wide = false;                         // the 5x5 lattice (25 samples) rather than the 3x3
    bool table = false;                        // sigma from sigma_by_mean rather than shot and read
    std::array<uint16_t, 65> sigma_by_mean{};  // u12.4 at means 0, 64, ..., 4096
    uint16_t shot = 0;                         // u8.8
    uint16_t read = 0;                         // u16.0
    uint16_t strength = 0;                     // u3.5
    uint16_t pedestal = 0;                     // u8.0
    // The threshold at every mean (0..4095 + pedestal), filled once per frame by prepare(): a
    // sample's is then one table read.
    std::array<int32_t, 4096 + 256> threshold_by_mean{};
  };
  static constexpr int kMinSize = 5;  // reflect-101 of a 9x9 window needs 5 samples each way
  static constexpr BlockDescriptor kDescriptor{
      "bayer_nr",
      PixelFormat::kRaw,
      PixelFormat::kRaw,
      ScheduleKind::kWindowed,
      /*window_rows=*/9,
      /*latency_cycles=*/8,                   // sum, mean, variance, square root, weights, divide
      /*line_buffer_bits_per_pixel=*/8 * 13,  // eight lines held (13 bits: signal + pedestal)
      /*pixels_per_clock=*/0,
      regs::isp::BNR_CTRL,
      regs::isp::BNR_CTRL_BYPASS};

  static Params decode(const RegisterReader& read, const FrameSettings& frame);
  // The weight threshold T for nine samples summing to `sum9`, and for their mean.
  static int32_t threshold(int32_t sum9, const Params& p);
  static int32_t threshold_for_mean(int32_t mean, const Params& p);
  static void prepare(Params& p);
  static void process_row_scalar(const Params& p, const RowWindow& in, const RowRef& out,
                                 const RowContext& row);
  static void process_row(const Params& p, const RowWindow& in, const RowRef& out,
                          const RowContext& row);
};

}  // namespace ispsim::blocks
