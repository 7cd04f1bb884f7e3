#include "apps/system/simulation.hpp"

#include <algorithm>
#include <iterator>

#include "apps/system/cpu_hal.hpp"
#include "apps/system/reference_platform.hpp"
#include "model/common/error.hpp"
#include "model/hw/soc_top.hpp"
#include "sensor_sim/hw/sensor_module.hpp"

namespace ispsim::platform {

namespace {

// What limits the frame rate: the sensor's readout (none for a raw from memory), the ISP's line
// rate, or DRAM bandwidth.
void fill_throughput(const SimulationOptions& o, const fw::CaptureResult& capture, FrameTiming& t) {
  const int w = capture.width, h = capture.height;
  const double line_time_s = capture.mode.line_length_pck / o.profile.pixel_clock_hz;
  t.sensor_frame_s = capture.mode.frame_length_lines * line_time_s;
  const double line_cycles =
      std::ceil(static_cast<double>(w) / o.soc.pixels_per_clock) + o.soc.line_overhead_cycles;
  t.isp_frame_s = h * line_cycles / o.soc.isp_clock_hz;
  // NV12 out, and 16-bit raw words in when the read DMA feeds the ISP.
  const double raw_bytes = capture.raw_layout.width > 0 ? 2.0 * w * h : 0.0;
  const double frame_bytes =
      static_cast<double>(w) * h + 2.0 * ((w + 1) / 2) * ((h + 1) / 2) + raw_bytes;
  t.memory_frame_s = frame_bytes / o.soc.memory_bandwidth_bytes_per_s;
  t.sensor_line_s = line_time_s;
  t.isp_line_s = line_cycles / o.soc.isp_clock_hz;
  t.memory_line_s = h > 0 ? frame_bytes / h / o.soc.memory_bandwidth_bytes_per_s : 0.0;
  const double slowest = std::max({t.sensor_frame_s, t.isp_frame_s, t.memory_frame_s});
  t.bound_by =
      slowest == t.sensor_frame_s ? "sensor" : (slowest == t.isp_frame_s ? "isp" : "memory");
}

// The captured planes move into the result's frame (a 50 MP NV12 frame is 75 MB to copy).
Nv12Frame take_frame(fw::CaptureResult& capture) {
  Nv12Frame frame;
  frame.width = capture.width;
  frame.height = capture.height;
  frame.luma = std::move(capture.luma);
  frame.chroma = std::move(capture.chroma);
  return frame;
}

// The sensor's last frame: its first exposure as `raw`, the rest (staggered HDR) beside it.
void take_exposures(std::vector<Image16> exposures, SimulationResult& result) {
  if (exposures.empty()) return;
  result.raw = std::move(exposures.front());
  result.later_exposures.assign(std::make_move_iterator(exposures.begin() + 1),
                                std::make_move_iterator(exposures.end()));
}

// `scene`: the sensor's; nullptr: no sensor, the capture reprocesses a raw from memory.
SimulationResult simulate_soc(const sensor::Scene* scene, const SimulationOptions& o) {
  // SystemC elaborates one hierarchy per process: a second SoC run needs a new process.
  static bool elaborated = false;
  if (elaborated) throw ModelError("the SoC backend can simulate one system per process");
  elaborated = true;
  auto soc = std::make_unique<hw::SocTop>("soc", o.soc);
  std::unique_ptr<sensor::SensorModule> sensor;
  if (scene != nullptr) {
    sensor =
        std::make_unique<sensor::SensorModule>("sensor", *scene, o.profile, o.seed, soc->trace);
    sensor->csi2_out.bind(soc->csi2rx.from_sensor);
    soc->cci.connect(*sensor);
  }
  soc->trace.set_enabled(!o.vcd_path.empty());

  SimulationResult result;
  run_firmware(*soc, [&](fw::Hal& hal) { result.capture = fw::capture_frame(hal, o.capture); });
  result.frame = take_frame(result.capture);
  if (sensor) take_exposures(sensor->take_last_exposures(), result);
  result.isp_params = decode_isp_params([&](uint32_t a) { return soc->isp.bank.active(a); });
  fill_throughput(o, result.capture, result.timing);
  const double start =
      (sensor ? soc->csi2rx.last_frame_start() : soc->rdma.last_frame_start()).to_seconds();
  const double done = soc->dma.last_frame_done().to_seconds();
  result.timing.measured = soc->dma.frames_done() > 0;
  result.timing.frame_start_s = start;
  result.timing.frame_done_s = done;
  result.timing.frame_cycles =
      result.timing.measured ? static_cast<uint64_t>((done - start) * o.soc.isp_clock_hz + 0.5) : 0;
  result.blocks = soc->isp.block_stats();
  result.read_dma_line_buffer_bytes = soc->rdma.line_buffer_bytes();
  result.exposure_buffer_bytes = soc->isp.exposure_buffer_bytes();
  result.bytes_read = soc->memory.stats().bytes_read;
  result.bytes_written = soc->memory.stats().bytes_written;
  result.trace_changes = soc->trace.change_count();
  if (!o.vcd_path.empty()) soc->trace.write_vcd(o.vcd_path);
  return result;
}

SimulationResult simulate_reference(const sensor::Scene* scene, const SimulationOptions& o) {
  ReferencePlatform platform(o.soc, scene, o.profile, o.seed);
  SimulationResult result;
  result.capture = fw::capture_frame(platform, o.capture);
  result.frame = take_frame(result.capture);
  take_exposures(platform.last_exposures(), result);
  result.isp_params = platform.isp_params();
  fill_throughput(o, result.capture, result.timing);
  // No cycles in the reference: the frame takes its readout plus the ISP's pipeline drain.
  const double line_time_s = result.capture.mode.line_length_pck / o.profile.pixel_clock_hz;
  result.timing.frame_cycles =
      static_cast<uint64_t>((result.capture.height * line_time_s) * o.soc.isp_clock_hz + 0.5);
  result.bytes_read = platform.bytes_read();
  result.bytes_written = platform.bytes_written();
  return result;
}

}  // namespace

SimulationResult simulate(const sensor::Scene& scene, const SimulationOptions& options) {
  hw::validate(options.soc);
  return options.backend == Backend::kSoc ? simulate_soc(&scene, options)
                                          : simulate_reference(&scene, options);
}

SimulationResult simulate_raw(const Image16& raw, const SimulationOptions& options) {
  hw::validate(options.soc);
  if (raw.channels() != 1) throw ModelError("a raw frame to reprocess has one sample per pixel");
  SimulationOptions o = options;
  o.capture.raw_input = raw.samples().data();
  o.capture.width = raw.width();
  o.capture.height = raw.height();
  o.capture.sensor_mode.reset();
  if (o.capture.timeouts.frame_done_us <= 0) {
    // Ten times the frame's time at the slower of the ISP's line rate and the DRAM (the raw in,
    // the NV12 frame out), and 100 ms: the firmware knows neither rate.
    const double w = raw.width(), h = raw.height();
    const double isp_s = h * (std::ceil(w / o.soc.pixels_per_clock) + o.soc.line_overhead_cycles) /
                         o.soc.isp_clock_hz;
    const double memory_s = 3.5 * w * h / o.soc.memory_bandwidth_bytes_per_s;
    o.capture.timeouts.frame_done_us = 1e6 * (10 * std::max(isp_s, memory_s) + 0.1);
  }
  SimulationResult result =
      o.backend == Backend::kSoc ? simulate_soc(nullptr, o) : simulate_reference(nullptr, o);
  result.raw = raw;
  // No cycles in the reference: the ISP's line rate over the frame, as the throughput figure.
  if (o.backend == Backend::kReference)
    result.timing.frame_cycles =
        static_cast<uint64_t>(result.timing.isp_frame_s * o.soc.isp_clock_hz + 0.5);
  return result;
}

fw::SensorMode driver_mode(const sensor::ReadoutMode& mode) {
  fw::SensorMode driver;
  driver.name = mode.name;
  driver.width = static_cast<uint16_t>(mode.output_width);
  driver.height = static_cast<uint16_t>(mode.output_height);
  driver.line_length_pck = static_cast<uint16_t>(mode.line_length_pck);
  driver.frame_length_lines = static_cast<uint16_t>(mode.frame_length_lines);
  driver.register_code = mode.register_code;
  driver.pixel_clock_hz = mode.pixel_clock_hz;
  driver.full_resolution = mode.full_resolution();
  return driver;
}

}  // namespace ispsim::platform
