#pragma once
// RGB to YCbCr and 4:2:0 chroma subsampling for NV12. 10-bit RGB planes in, 8-bit Y, Cb, Cr
// planes out: out_c = clamp(((C[c] . rgb + 8192) >> 14) + offset_c, 0, 255), coefficients s3.12
// (12 fraction bits plus 2 bits from 10-bit input to 8-bit output). Bypass: Y, Cb, Cr =
// G, B, R >> 2. NV12 chroma is the rounded mean of each 2x2 block's Cb and Cr; an odd last
// column or a missing last row repeats the samples it has.
#include <array>
#include <cstdint>

#include "model/blocks/block.hpp"

namespace ispsim::hw {
class CscSchedule;  // its SystemC schedule: Y lines as they come, CbCr lines per pair
}

namespace ispsim::blocks {

struct Csc {
  struct Params {
    bool bypass = false;
    std::array<int16_t, 9> coef{};    // s3.12; rows Y, Cb, Cr; columns R, G, B
    std::array<uint8_t, 3> offset{};  // added after the matrix
  };
  using Schedule = hw::CscSchedule;
  static constexpr BlockDescriptor kDescriptor{
      "csc",
      PixelFormat::kRgb10,
      PixelFormat::kYcbcr,
      ScheduleKind::kOwn,
      /*window_rows=*/1,
      /*latency_cycles=*/4,
      /*line_buffer_bits_per_pixel=*/16,  // Cb and Cr of one line, 8 bits each
      /*pixels_per_clock=*/0,
      regs::isp::CSC_CTRL,
      regs::isp::CSC_CTRL_BYPASS};

  static Params decode(const RegisterReader& read, const FrameSettings& frame);
  static uint8_t sample(const int16_t row_coef[3], int32_t offset, int32_t r, int32_t g, int32_t b);
  static void process_row_scalar(const Params& p, const RowWindow& in, const RowRef& out,
                                 const RowContext& row);
  static void process_row(const Params& p, const RowWindow& in, const RowRef& out,
                          const RowContext& row);

  // NV12 output of YCbCr planes (values 0..255).
  static int chroma_width(int width) { return (width + 1) / 2; }
  static void pack_luma(const uint16_t* y, uint8_t* out, int width);
  // Interleaved Cb, Cr of the 2x2 blocks of rows `first` and `second` (the same row for an odd
  // frame's last line).
  static void subsample_chroma(const ConstRowRef& first, const ConstRowRef& second, int width,
                               uint8_t* uv_out);
  // The same one 2x2 block at a time, from column pair `first_pair` on.
  static void subsample_chroma_scalar(const ConstRowRef& first, const ConstRowRef& second,
                                      int width, uint8_t* uv_out, int first_pair = 0);
};

}  // namespace ispsim::blocks
