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
  // The exposures the HDR merge took and its ratios as programmed (exposure 0's time over each
  // later one's).
  const auto& merge = r.isp_params.hdr_merge;
  const int merged = merge.bypass ? 0 : merge.exposures;
  json ratios = json::array();
  for (int k = 1; k < merged; ++k)
    ratios.push_back(merge.ratio[static_cast<size_t>(k)]);
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
      {"read_dma", {{"line_buffer_bytes", r.read_dma_line_buffer_bytes}}},
      {"hdr",
       {{"merged_exposures", merged},
        {"ratios", ratios},
        {"exposure_buffer_bytes", r.exposure_buffer_bytes}}},
      {"capture",
       {{"ok", r.capture.ok},
        {"error", r.capture.error},
        {"exposure_s", r.capture.exposure_s},
        {"register_accesses", r.capture.register_accesses}}},
      {"host", {{"wall_s", wall_s}, {"sim_mpix_per_s", wall_s > 0 ? pixels / wall_s / 1e6 : 0.0}}},
  };
  return report;
}

nlohmann::json statistics_json(const fw::IspStatistics& s) {
  nlohmann::json awb = nlohmann::json::array(), ae = nlohmann::json::array(),
                 af = nlohmann::json::array();
  for (int z = 0; z < stats::kZones; ++z) {
    const auto& zone = s.zones[static_cast<size_t>(z)];
    const int x = z % stats::kZonesAcross, y = z / stats::kZonesAcross;
    awb.push_back({{"x", x},
                   {"y", y},
                   {"r_sum", zone.red_sum},
                   {"g_sum", zone.green_sum},
                   {"b_sum", zone.blue_sum},
                   {"count", zone.white_quads}});
    ae.push_back(
        {{"x", x}, {"y", y}, {"mean_luma", zone.quads ? double(zone.luma_sum) / zone.quads : 0.0}});
    af.push_back({{"x", x},
                  {"y", y},
                  {"focus_sum", zone.focus_sum},
                  {"focus_per_quad", zone.quads ? double(zone.focus_sum) / zone.quads : 0.0}});
  }
  return {{"width", s.width},
          {"height", s.height},
          {"quads", s.quads},
          {"source", "raw after black level, lens shading and green balance; 2x2 quads"},
          {"zones_across", stats::kZonesAcross},
          {"zones_down", stats::kZonesDown},
          {"histogram", s.histogram},
          {"histogram_bin_codes", 16},
          {"awb_zones", awb},
          {"ae_zones", ae},
          {"af", af}};
}

}  // namespace ispsim::app
