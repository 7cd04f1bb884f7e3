#include "model/hw/soc_config.hpp"

#include <string>

#include "model/common/error.hpp"

namespace ispsim::hw {
namespace {
void require(bool ok, const char* field, double value, const char* rule) {
  if (!ok)
    throw ModelError(std::string("SoC configuration: ") + field + " = " + std::to_string(value) +
                     " is invalid (" + rule + ")");
}
}  // namespace

void validate(const SocConfig& c) {
  require(c.isp_clock_hz > 0, "isp_clock_hz", c.isp_clock_hz, "must be > 0");
  require(c.pixels_per_clock == 1 || c.pixels_per_clock == 2 || c.pixels_per_clock == 4,
          "pixels_per_clock", c.pixels_per_clock, "must be 1, 2 or 4");
  require(c.line_overhead_cycles >= 0, "line_overhead_cycles", c.line_overhead_cycles, ">= 0");
  require(c.rx_fifo_lines >= 1, "rx_fifo_lines", c.rx_fifo_lines, ">= 1");
  require(c.max_line_width >= 16 && c.max_line_width <= 65535, "max_line_width", c.max_line_width,
          "16..65535");
  require(c.memory_bytes > 0, "memory_bytes", static_cast<double>(c.memory_bytes), "> 0");
  require(c.memory_bandwidth_bytes_per_s > 0, "memory_bandwidth_bytes_per_s",
          c.memory_bandwidth_bytes_per_s, "> 0");
  require(c.memory_latency_ns >= 0, "memory_latency_ns", c.memory_latency_ns, ">= 0");
  require(c.dma_burst_bytes >= 16 && (c.dma_burst_bytes & (c.dma_burst_bytes - 1)) == 0,
          "dma_burst_bytes", c.dma_burst_bytes, "a power of two >= 16");
  require(c.dma_max_outstanding >= 1, "dma_max_outstanding", c.dma_max_outstanding, ">= 1");
  require(c.read_dma_line_buffers >= 1, "read_dma_line_buffers", c.read_dma_line_buffers, ">= 1");
  require(c.cci_clock_hz > 0, "cci_clock_hz", c.cci_clock_hz, "> 0");
  require(c.cpu_quantum_ns > 0, "cpu_quantum_ns", c.cpu_quantum_ns, "> 0");
}

}  // namespace ispsim::hw
