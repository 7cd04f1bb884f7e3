#pragma once
// Gamma (tone) curve: 257 knots at inputs 0, 16, ..., 4096 with linear interpolation between
// them, 12-bit RGB in, 10-bit out: out = lut[k] + round((lut[k+1] - lut[k]) * f / 16), k = in >> 4,
// f = in & 15. Bypass: out = in >> 2. Knots every 16 codes follow the sRGB curve's steep toe
// (64-code steps were 4 8-bit codes off in the shadows).
#include <array>
#include <cstdint>

#include "model/blocks/block.hpp"

namespace ispsim::blocks {

struct Gamma {
  static constexpr int kKnots = 257;
  static_assert(kKnots == regs::isp::GAMMA_LUT_COUNT, "one knot per GAMMA_LUT register");
  static constexpr int kOutMax = 1023;
  struct Params {
    bool bypass = false;
    std::array<uint16_t, kKnots> lut{};  // u10.0
    // The curve at every 12-bit input (bypass included), expanded once per frame by decode()
    // or prepare(): a sample is then one table read.
    std::array<int32_t, 4096> table{};  // 32-bit entries: what a SIMD gather reads
  };
  static constexpr BlockDescriptor kDescriptor{"gamma",
                                               PixelFormat::kRgb,
                                               PixelFormat::kRgb10,
                                               ScheduleKind::kPointwise,
                                               /*window_rows=*/1,
                                               /*latency_cycles=*/3,
                                               /*line_buffer_bits_per_pixel=*/0,
                                               /*pixels_per_clock=*/0,
                                               regs::isp::GAMMA_CTRL,
                                               regs::isp::GAMMA_CTRL_BYPASS};

  static Params decode(const RegisterReader& read, const FrameSettings& frame);
  // Fills p.table from p.lut and p.bypass (prepare_isp_params runs it for every frame).
  static void prepare(Params& p);
  static uint16_t sample(uint16_t in, const std::array<uint16_t, kKnots>& lut);
  static void process_row_scalar(const Params& p, const RowWindow& in, const RowRef& out,
                                 const RowContext& row);
  static void process_row(const Params& p, const RowWindow& in, const RowRef& out,
                          const RowContext& row);
};

}  // namespace ispsim::blocks
