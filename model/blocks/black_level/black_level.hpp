#pragma once
// Black level correction: subtracts the sensor's black per CFA colour and restores full
// scale: out = min(((max(in - level, 0)) * gain + 2048) >> 12, 4095), gain u4.12. With a
// pedestal P, what falls below black is kept rather than clipped, as a signed value P higher:
// out = clamp((((min(in, 4095) - level) * gain + 2048) >> 12) + P, 0, 4095 + P) (the shift
// floors). Clipping at black rectifies the noise of dark areas (their mean rises: at ISO 12800
// by 19 codes in blue after the pipeline), which no later block can undo; the noise reduction
// sees the noise whole and takes the pedestal off.
#include <array>
#include <cstdint>

#include "model/blocks/block.hpp"

namespace ispsim::blocks {

struct BlackLevel {
  struct Params {
    bool bypass = false;
    std::array<uint16_t, 4> level{};  // u12.0 per CFA colour (R, Gr, Gb, B)
    uint16_t norm_gain = 0x1000;      // u4.12
    uint16_t pedestal = 0;            // u8.0
  };
  static constexpr BlockDescriptor kDescriptor{"black_level",
                                               PixelFormat::kRaw,
                                               PixelFormat::kRaw,
                                               ScheduleKind::kPointwise,
                                               /*window_rows=*/1,
                                               /*latency_cycles=*/2,
                                               /*line_buffer_bits_per_pixel=*/0,
                                               /*pixels_per_clock=*/0,
                                               regs::isp::BLC_CTRL,
                                               regs::isp::BLC_CTRL_BYPASS};

  static Params decode(const RegisterReader& read, const FrameSettings& frame);
  static uint16_t sample(uint16_t in, uint16_t level, uint16_t norm_gain, uint16_t pedestal = 0);
  static void process_row_scalar(const Params& p, const RowWindow& in, const RowRef& out,
                                 const RowContext& row);
  static void process_row(const Params& p, const RowWindow& in, const RowRef& out,
                          const RowContext& row);
};

}  // namespace ispsim::blocks
