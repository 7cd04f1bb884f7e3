#pragma once
// The read DMA's settings, its configuration check and the one sample conversion it makes, shared
// by the SystemC read DMA and the functional reference platform so both read the same bytes and
// refuse the same settings.
#include <algorithm>
#include <cstdint>

#include "model/blocks/block.hpp"

namespace ispsim {

struct ReadDmaParams {
  uint32_t base = 0;
  uint32_t stride = 0;  // 0: 2 x width
  int width = 0;
  int height = 0;

  uint32_t line_bytes() const { return 2u * static_cast<uint32_t>(width); }
  uint32_t effective_stride() const { return stride == 0 ? line_bytes() : stride; }
  // False for a frame the DMA refuses at START (CONFIG_ERR): empty, wider than the ISP's lines,
  // an odd pitch or one shorter than a line.
  bool valid(int max_line_width) const {
    return width >= 1 && height >= 1 && width <= max_line_width && effective_stride() % 2 == 0 &&
           effective_stride() >= line_bytes();
  }
  uint64_t line_address(int line) const {
    return base + static_cast<uint64_t>(line) * effective_stride();
  }
};

// A line of 16-bit little-endian words from memory as the ISP's 12-bit samples.
inline void read_dma_line(const uint8_t* bytes, int width, uint16_t* samples) {
  for (int x = 0; x < width; ++x)
    samples[x] = static_cast<uint16_t>(std::min(bytes[2 * x] | (bytes[2 * x + 1] << 8), 4095));
}

ReadDmaParams decode_read_dma_params(const blocks::RegisterReader& read_active);

}  // namespace ispsim
