#pragma once
// The write DMA's settings and NV12 address arithmetic, shared by the SystemC DMA and the
// functional reference platform.
#include <cstdint>

#include "model/blocks/csc/csc.hpp"

namespace ispsim {

struct DmaParams {
  bool enable = false;
  uint32_t luma_base = 0;
  uint32_t chroma_base = 0;
  uint32_t stride = 0;  // 0: the line width rounded up to even

  // Bytes per line in memory for a frame `width` pixels wide (both planes: NV12 chroma lines
  // hold 2 * ceil(width/2) bytes). 0 if STRIDE is too small: a configuration error.
  uint32_t effective_stride(int width) const;
  uint64_t luma_line_address(int line, int width) const {
    return luma_base + static_cast<uint64_t>(line) * effective_stride(width);
  }
  uint64_t chroma_line_address(int line, int width) const {
    return chroma_base + static_cast<uint64_t>(line) * effective_stride(width);
  }
};

DmaParams decode_dma_params(const blocks::RegisterReader& read_active);

}  // namespace ispsim
