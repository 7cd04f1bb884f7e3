#pragma once
// HDR merge at the ISP's input: up to three staggered exposures of the same rows (longest first,
// their line offsets already taken up by the ISP's input buffers) merged into one linear signal
// in exposure 0's codes, then companded to the 12-bit raw the blocks after it take.
//
// Per pixel, with c_k exposure k's sample (12-bit, or the link's depth for a wide dual-gain
// code), r_0 = 1 and r_k = HDR_RATIO[k-1]:
//   s_k   = (c_k - BLACK) x r_k                          signal in exposure 0's codes (signed)
//   k0    = the longest exposure with c_k < SATURATED (the shortest if all are clipped)
//   var_k = r_k x (SHOT x max(s_k0, 0) + r_k x READ)     exposure k's noise at that signal
//   w_k   = 1 / var_k                                    inverse variance: the noise-optimal mix
//   den   = w_k0, num = s_k0 x w_k0; then each shorter unclipped exposure adds w_k and s_k x w_k
//           unless (s_k den - num)^2 > THRESHOLD^2 (var_k den^2 + den), i.e. it lies further
//           than THRESHOLD sigmas (its own and the merge's so far, 1 / den) from num / den: the
//           scene moved between the exposures, and the longer one alone is kept (no ghost)
//   merge = num / den
//   x     = clamp(round(merge x 16), 0, 2^24 - 1)        merged linear, 1/16 code, 24 bits
//   out   = compander(x): 177 knots, at x = j (j < 16) and (8 + j % 8) << (j / 8 - 1) beyond,
//           so each octave of x has eight segments; interpolated with an 8-bit fraction.
// The merge computes in IEEE single precision (a division per exposure's weight), each operation in
// the same order on every SIMD target and in the scalar specification, so the bits agree.
// Bypass passes exposure 0 through unchanged; with one exposure and no bypass the block
// subtracts black and compands (a wide dual-conversion-gain code into 12 bits).
#include <array>
#include <cstdint>

#include "model/blocks/block.hpp"

namespace ispsim::blocks {

struct HdrMerge {
  static constexpr int kKnots = 177;
  static_assert(kKnots == regs::isp::HDR_COMPAND_COUNT, "one knot per HDR_COMPAND register");
  static constexpr uint32_t kMaxLinear = (1u << 24) - 1;  // x, in 1/16 codes of exposure 0
  struct Params {
    bool bypass = true;
    int exposures = 1;
    int black = 256;
    int saturated = 4000;
    std::array<float, 3> ratio{1.0f, 8.0f, 8.0f};  // r_0 is 1; exact (u10.6 codes / 64)
    float shot = 0.25f;                            // codes^2 per code
    float read = 4.0f;                             // codes^2, at least 1/16
    float motion_threshold = 5.0f;                 // sigmas; 0: no motion fallback
    std::array<uint16_t, kKnots> compander{};
    std::array<int32_t, kKnots + 1> compander_table{};  // 32-bit knots for a gather; prepare()
  };
  static constexpr BlockDescriptor kDescriptor{
      "hdr_merge", PixelFormat::kRawExposures, PixelFormat::kRaw, ScheduleKind::kPointwise,
      /*window_rows=*/1,
      /*latency_cycles=*/12,  // scale, noise, reciprocals, two merges, divide, knot, interpolate
      // The exposures' line offsets are held at the ISP's input, sized by the sensor's timing
      // (reported with the frame); the block itself holds no line.
      /*line_buffer_bits_per_pixel=*/0,
      /*pixels_per_clock=*/0, regs::isp::HDR_CTRL, regs::isp::HDR_CTRL_BYPASS};

  static Params decode(const RegisterReader& read, const FrameSettings& frame);
  // The exposures the ISP's input takes for these settings (one when the merge is bypassed).
  static constexpr int input_exposures(const Params& p) { return p.bypass ? 1 : p.exposures; }
  static void prepare(Params& p);
  // The merge of one pixel's exposures in exposure 0's codes above black, signed (before the
  // compander's input rounds and clamps it), and its compander input x (1/16 code).
  static float merged_signal(const Params& p, const uint16_t* samples);
  static uint32_t merge(const Params& p, const uint16_t* samples);
  // The compander at x.
  static uint16_t compand(uint32_t x, const std::array<uint16_t, kKnots>& knots);
  // Input x of knot j.
  static constexpr uint32_t knot_input(int j) {
    return j < 16 ? static_cast<uint32_t>(j) : static_cast<uint32_t>(8 + j % 8) << (j / 8 - 1);
  }
  static void process_row_scalar(const Params& p, const RowWindow& in, const RowRef& out,
                                 const RowContext& row);
  static void process_row(const Params& p, const RowWindow& in, const RowRef& out,
                          const RowContext& row);
};

}  // namespace ispsim::blocks
