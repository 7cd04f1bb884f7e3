#pragma once
// The write DMA: stores each frame as NV12 (a Y plane, then an interleaved CbCr plane).
#include <cstdint>

#include "firmware/hal.hpp"

namespace ispsim::fw {

struct Nv12Layout {
  uint32_t y_base = 0;
  uint32_t uv_base = 0;
  uint32_t stride_bytes = 0;  // line pitch of both planes
  int width = 0;
  int height = 0;
  int chroma_rows() const { return (height + 1) / 2; }
  int chroma_row_bytes() const { return 2 * ((width + 1) / 2); }
  uint64_t y_plane_bytes() const { return uint64_t{stride_bytes} * height; }
  uint64_t uv_plane_bytes() const { return uint64_t{stride_bytes} * chroma_rows(); }
  uint64_t end() const { return uint64_t{uv_base} + uv_plane_bytes(); }  // past the CbCr plane
};

// Y plane at `base`, UV plane right after it; stride 0 means tightly packed (the width, rounded
// up to even for the CbCr line).
// Throws FirmwareError when the stride is too small for a line or the planes leave 32 bits.
Nv12Layout nv12_layout(uint32_t base, int width, int height, uint32_t stride_bytes);

struct DmaStatus {
  bool busy = false;
  bool bus_error = false;
  bool config_error = false;
  uint32_t error_address = 0;  // valid with bus_error
  uint32_t frame_bytes = 0;    // written for the last frame, both planes
};

class DmaDriver {
 public:
  explicit DmaDriver(Hal& hal);

  void configure(const Nv12Layout& layout);
  void enable(bool on);
  DmaStatus status();
  // W1C-clears BUS_ERR and CONFIG_ERR.
  void clear_errors();

 private:
  Hal& hal_;
};

}  // namespace ispsim::fw
