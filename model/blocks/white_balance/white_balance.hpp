#pragma once
// White balance: a gain per CFA colour, out = min((in * gain + 2048) >> 12, 4095), gain u4.12.
#include <array>
#include <cstdint>

#include "model/blocks/block.hpp"

namespace ispsim::blocks {

struct WhiteBalance {
  struct Params {
    bool bypass = false;
    std::array<uint16_t, 4> gain{0x1000, 0x1000, 0x1000, 0x1000};  // u4.12 per CFA colour
  };
  static constexpr BlockDescriptor kDescriptor{"white_balance",
                                               PixelFormat::kRaw,
                                               PixelFormat::kRaw,
                                               ScheduleKind::kPointwise,
                                               /*window_rows=*/1,
                                               /*latency_cycles=*/2,
                                               /*line_buffer_bits_per_pixel=*/0,
                                               /*pixels_per_clock=*/0,
                                               regs::isp::WB_CTRL,
                                               regs::isp::WB_CTRL_BYPASS};

  static Params decode(const RegisterReader& read, const FrameSettings& frame);
  static uint16_t sample(uint16_t in, uint16_t gain);
  static void process_row_scalar(const Params& p, const RowWindow& in, const RowRef& out,
                                 const RowContext& row);
  static void process_row(const Params& p, const RowWindow& in, const RowRef& out,
                          const RowContext& row);
};

}  // namespace ispsim::blocks
