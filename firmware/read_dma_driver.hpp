#pragma once
// The read DMA: streams a raw frame the firmware placed in memory into the ISP (memory-to-memory
// reprocessing of a stored raw).
#include <cstdint>

#include "firmware/hal.hpp"

namespace ispsim::fw {

// A raw frame in memory as the read DMA takes it: 16-bit little-endian words holding 12-bit codes.
struct RawLayout {
  uint32_t base = 0;
  uint32_t stride_bytes = 0;  // line pitch
  int width = 0;
  int height = 0;
  uint64_t bytes() const { return uint64_t{stride_bytes} * height; }
};

// Tightly packed at `base`. Throws FirmwareError when the frame cannot be read by the DMA (empty,
// a line too long for rdma.STRIDE or the size fields) or runs past 4 GiB.
RawLayout raw_layout(uint32_t base, int width, int height);

struct ReadDmaStatus {
  bool busy = false;
  bool bus_error = false;
  bool config_error = false;
  uint32_t error_address = 0;  // valid with bus_error
  uint16_t frame_count = 0;    // frames read whole, 16-bit wrapping
};

class ReadDmaDriver {
 public:
  explicit ReadDmaDriver(Hal& hal) : hal_(hal) {}
  // Programs the frame and starts streaming it into the ISP.
  void start(const RawLayout& layout);
  ReadDmaStatus status();
  // W1C-clears BUS_ERR and CONFIG_ERR.
  void clear_errors();

 private:
  Hal& hal_;
};

}  // namespace ispsim::fw
