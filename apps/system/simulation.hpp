#pragma once
// One frame through the whole system (sensor, SoC or reference platform, firmware), as the CLI,
// the tests and the benchmarks run it.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "firmware/capture.hpp"
#include "model/hw/soc_config.hpp"
#include "model/hw/streaming_block.hpp"
#include "model/reference/reference_pipeline.hpp"
#include "sensor_sim/pixel_array.hpp"
#include "sensor_sim/readout_modes.hpp"
#include "sensor_sim/scene.hpp"

namespace ispsim::platform {

enum class Backend { kSoc, kReference };

struct SimulationOptions {
  Backend backend = Backend::kSoc;
  hw::SocConfig soc;
  sensor::SensorProfile profile;
  uint64_t seed = 1;
  fw::CaptureConfig capture;
  std::string vcd_path;  // empty: no waveform
};

struct FrameTiming {
  double frame_start_s = 0;   // first packet at the CSI-2 RX
  double frame_done_s = 0;    // the DMA's last write completed
  uint64_t frame_cycles = 0;  // ISP clocks between the two
  bool measured = false;      // false: the reference backend, figures are analytic
  double sensor_frame_s = 0, isp_frame_s = 0, memory_frame_s = 0;  // throughput limits
  double sensor_line_s = 0, isp_line_s = 0, memory_line_s = 0;     // the same per line
  std::string bound_by;
};

struct SimulationResult {
  fw::CaptureResult capture;  // its luma and chroma have moved into `frame`
  Nv12Frame frame;
  Image16 raw;  // the last raw frame the sensor produced (its first exposure)
  std::vector<Image16> later_exposures;  // staggered HDR: that frame's other exposures
  IspParams isp_params;  // the settings the ISP ran its last frame with (its active registers)
  FrameTiming timing;
  std::vector<hw::BlockStats> blocks;
  uint64_t read_dma_line_buffer_bytes = 0;  // SoC backend: the read DMA's SRAM
  uint64_t exposure_buffer_bytes = 0;       // SoC backend: staggered HDR's line-offset SRAM
  uint64_t bytes_read = 0, bytes_written = 0;
  size_t trace_changes = 0;
};

SimulationResult simulate(const sensor::Scene& scene, const SimulationOptions& options);

// A readout mode of the sensor's profile as the firmware's driver programs it (CaptureConfig's
// sensor_mode).
fw::SensorMode driver_mode(const sensor::ReadoutMode& mode);

// A stored raw (12-bit codes, its CFA phase in options.capture.tuning) reprocessed memory to
// memory: the firmware places it in DRAM and the read DMA streams it through the ISP. No sensor
// is attached; the result's `raw` is the input and its timing runs from START to FRAME_DONE.
SimulationResult simulate_raw(const Image16& raw, const SimulationOptions& options);

}  // namespace ispsim::platform
