#include "apps/report.hpp"

namespace ispsim::app {

nlohmann::json make_report(const platform::SimulationOptions& o,
                           const platform::SimulationResult& r, double wall_s) {
  using nlohmann::json;
  const auto& t = r.timing;
  const double pixels = static_cast<double>(r.frame.width) * r.frame.height;
  json blocks = json::array();
  for (const auto& b : r.blocks)
    blocks.push_back({{"name", b.name},
                      {"cycles", b.cycles},
                      {"stall_cycles", b.stall_cycles},
                      {"line_buffer_bytes", b.line_buffer_bytes}});
  const double slowest = std::max({t.sensor_frame_s, t.isp_frame_s, t.memory_frame_s});
  json report = {
      {"backend", o.backend == platform::Backend::kSoc ? "soc" : "reference"},
      {"frame", {{"width", r.frame.width}, {"height", r.frame.height}, {"format", "NV12"}}},
      {"timing",
       {{"isp_clock_hz", o.soc.isp_clock_hz},
        {"pixels_per_clock", o.soc.pixels_per_clock},
        {"frame_cycles", t.frame_cycles},
        {"frame_cycles_measured", t.measured},
        {"fps_at_clock", slowest > 0 ? 1.0 / slowest : 0.0},
        {"bound_by", t.bound_by},
        {"sensor_frame_ms", t.sensor_frame_s * 1e3},
        {"isp_frame_ms", t.isp_frame_s * 1e3},
        {"memory_frame_ms", t.memory_frame_s * 1e3}}},
      {"memory", {{"bytes_read", r.bytes_read}, {"bytes_written", r.bytes_written}}},
      {"blocks", blocks},
      {"capture",
       {{"ok", r.capture.ok},
        {"error", r.capture.error},
        {"exposure_s", r.capture.exposure_s},
        {"register_accesses", r.capture.register_accesses}}},
      {"host", {{"wall_s", wall_s}, {"sim_mpix_per_s", wall_s > 0 ? pixels / wall_s / 1e6 : 0.0}}},
  };
  return report;
}

}  // namespace ispsim::app
