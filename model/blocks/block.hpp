#pragma once
// What every ISP block is made of (docs/BLOCKS.md walks through adding one). A block is a struct
// in model/blocks/<name>/ with:
//   Params                       its settings for one frame, decoded from its registers;
//   kDescriptor                  the data the schedules and the report read (BlockDescriptor);
//   decode(read, frame)          Params from the active register values, through the shared codec;
//   process_row(p, in, out, row) the bit-exact kernel, SIMD chosen at run time for the host;
//   process_row_scalar(...)      the same arithmetic one sample at a time (the specification the
//                                SIMD path is tested against, bit for bit).
// The pipeline list (pipeline.def) orders the blocks; the reference pipeline, the SystemC ISP,
// the params struct and the firmware's programming order are all generated from it.
#include <cstdint>
#include <functional>

#include "model/blocks/row_buffer.hpp"
#include "model/regmap/regmap.hpp"

namespace ispsim::blocks {

// What a line between blocks holds: 12-bit raw (one plane), the same row of up to three
// staggered exposures (a raw plane each, longest first, 12-bit or the link's depth: the ISP's
// input), 12-bit RGB,
// 10-bit RGB (after the tone curve) or 8-bit YCbCr (three planes).
enum class PixelFormat { kRaw, kRawExposures, kRgb, kRgb10, kYcbcr };

constexpr int kMaxExposures = 3;

constexpr int plane_count(PixelFormat format) {
  return format == PixelFormat::kRaw ? 1 : 3;
}
constexpr int sample_bits(PixelFormat format) {
  return format == PixelFormat::kRgb10 ? 10 : format == PixelFormat::kYcbcr ? 8 : 12;
}
// The largest raw sample. Blocks whose 16-bit lanes need 12-bit samples clip wider ones (which
// neither the receiver nor the HDR merge sends) on entry, in both paths.
constexpr uint16_t kRawMax = (1 << sample_bits(PixelFormat::kRaw)) - 1;

// How the SystemC ISP streams a block: a generic schedule, or the block's own module.
enum class ScheduleKind { kPointwise, kWindowed, kOwn };

struct BlockDescriptor {
  const char* name;  // report key and test handle
  PixelFormat input;
  PixelFormat output;
  ScheduleKind schedule;
  int window_rows;                 // 1 pointwise; 2r+1 for a (2r+1)x(2r+1) window
  int latency_cycles;              // register stages from first pixel in to first pixel out
  int line_buffer_bits_per_pixel;  // line-buffer SRAM per pixel of line width
  int pixels_per_clock;            // 0: the ISP's configured rate
  uint32_t bypass_register;        // its CTRL register
  regs::Field bypass_field;        // 1: the block passes lines through (or its defined bypass)

  // Line-buffer SRAM the block needs for lines up to `max_width` pixels.
  constexpr uint64_t line_buffer_bytes(int max_width) const {
    return (static_cast<uint64_t>(line_buffer_bits_per_pixel) * static_cast<uint64_t>(max_width) +
            7) /
           8;
  }
  constexpr int window_radius() const { return (window_rows - 1) / 2; }
};

// Settings that belong to the whole ISP rather than one block.
struct FrameSettings {
  bool enable = false;
  int cfa_phase = 0;    // colour of the top-left sample: 0 RGGB, 1 GRBG, 2 GBRG, 3 BGGR
  int frame_width = 0;  // FRAME_SIZE as programmed
  int frame_height = 0;
};

// Where a row is in the frame; kernels that depend on position (CFA colour) read it here.
struct RowContext {
  int y = 0;
  int width = 0;
  int cfa_phase = 0;
};

// Reads the active (committed) value of the register at `address`.
using RegisterReader = std::function<uint32_t(uint32_t address)>;

// A bypassed block whose lines keep their format (or a raw line taken from the exposures' first
// plane) passes them through unchanged; the others have a defined bypass of their own (the tone
// curve's shift, the demosaic's and the colour space converter's).
constexpr bool bypass_passes_lines_through(const BlockDescriptor& d) {
  return d.input == d.output ||
         (d.input == PixelFormat::kRawExposures && d.output == PixelFormat::kRaw);
}

inline bool decode_bypass(const RegisterReader& read, const BlockDescriptor& d) {
  return d.bypass_field.get(read(d.bypass_register)) != 0;
}

}  // namespace ispsim::blocks
