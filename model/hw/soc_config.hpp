#pragma once
// What an architect varies between runs: clocks, throughput, buffers and memory. Defaults model a
// flagship phone ISP on one LPDDR5 x16 channel (see ../shared/reference/sensor-and-system.md).
#include <cstdint>

namespace ispsim::hw {

struct SocConfig {
  double isp_clock_hz = 600e6;
  int pixels_per_clock = 2;       // 1, 2 or 4
  int line_overhead_cycles = 16;  // per line and block: line-buffer turnaround
  int rx_fifo_lines = 2;          // CSI-2 RX line FIFO in front of the ISP
  int max_line_width = 8192;      // line buffers are sized for this
  uint64_t memory_base = 0x80000000ull;
  uint64_t memory_bytes = 64ull << 20;
  double memory_bandwidth_bytes_per_s = 12.8e9;  // LPDDR5-6400 x16
  double memory_latency_ns = 100.0;
  double interconnect_latency_ns = 5.0;
  double register_access_ns = 10.0;
  int dma_burst_bytes = 256;
  int dma_max_outstanding = 8;
  int read_dma_line_buffers = 2;   // raw lines the read DMA fetches ahead of the ISP
  double cci_clock_hz = 1e6;       // I2C fast-mode plus
  double cpu_quantum_ns = 1000.0;  // temporal decoupling of firmware bus accesses
};

// Throws ModelError naming the bad field.
void validate(const SocConfig& config);

}  // namespace ispsim::hw
