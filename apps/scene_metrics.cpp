#include "apps/scene_metrics.hpp"

#include <cmath>
#include <functional>

#include "iq/chart.hpp"
#include "iq/dynamic_range.hpp"
#include "iq/metric_error.hpp"
#include "iq/noise.hpp"
#include "iq/sfr.hpp"
#include "iq/uniformity.hpp"
#include "model/kernels/csi2.hpp"

namespace ispsim::app {

namespace {

iq::PixelRect to_pixels(const sensor::NormRect& r, int width, int height) {
  const int x0 = static_cast<int>(std::lround(r.x0 * width));
  const int y0 = static_cast<int>(std::lround(r.y0 * height));
  const int x1 = static_cast<int>(std::lround(r.x1 * width));
  const int y1 = static_cast<int>(std::lround(r.y1 * height));
  return {x0, y0, x1 - x0, y1 - y0};
}

iq::ChartGeometry chart_geometry(const sensor::ChartLayout& layout, int width, int height) {
  const auto& r = layout.color_chart;
  iq::ChartGeometry g;
  g.corners = {iq::Point2{r.x0 * width, r.y0 * height}, iq::Point2{r.x1 * width, r.y0 * height},
               iq::Point2{r.x1 * width, r.y1 * height}, iq::Point2{r.x0 * width, r.y1 * height}};
  g.patch_fill = layout.patch_fill;
  return g;
}

// Shrinks a rectangle about its centre, keeping the measured area away from step borders.
iq::Quad inner_quad(const iq::PixelRect& rect, double fraction) {
  return iq::to_quad(iq::inner_rect(rect, fraction));
}

Image16 widen(const Image8& image) {
  Image16 wide(image.width(), image.height(), image.channels());
  for (size_t i = 0; i < image.sample_count(); ++i)
    wide.data()[i] = image.data()[i];
  return wide;
}

}  // namespace

constexpr double kOutlierThreshold = 24.0;

nlohmann::json measure_scene_iq(const Image8& output_rgb, const RawFrameInfo& raw,
                                const sensor::ChartLayout& layout) {
  nlohmann::json section = nlohmann::json::object();
  const Image16 out = widen(output_rgb);
  const int w = out.width(), h = out.height();
  // A measurement the frame cannot give (a clipped edge, a chart too small to find) is named in
  // "errors"; the others stand.
  const auto measure = [&section](const char* what, const std::function<void()>& run) {
    try {
      run();
    } catch (const MetricError& e) {
      section["errors"][what] = e.what();
    }
  };
  if (layout.has_color_chart)
    measure("color_chart", [&] {
      const auto chart = iq::analyze_colorchecker(out, 255.0, chart_geometry(layout, w, h));
      section["de00_mean"] = chart.de00_mean;
      section["de00_max"] = chart.de00_max;
      section["de00_chroma_corrected_mean"] = chart.de00_chroma_corrected_mean;
      section["saturation_ratio"] = chart.saturation_ratio;
      section["white_balance_error"] = chart.white_balance_error;
      // Neutral 5 (patch 22, the middle grey), in the output and in the raw green plane.
      constexpr size_t kMiddleGrey = 3;
      section["snr_db_grey"] =
          iq::chart_neutral_noise(out, chart_geometry(layout, w, h))[kMiddleGrey].snr_db;
      if (raw.hdr_green != nullptr) {  // the merge's linear green: what the ISP works from
        const auto geometry =
            chart_geometry(layout, raw.hdr_green->width(), raw.hdr_green->height());
        section["snr_db_grey_raw"] =
            iq::chart_neutral_noise(*raw.hdr_green, geometry, 0.0)[kMiddleGrey].snr_db;
      } else if (raw.raw != nullptr) {
        const Image16 green = iq::cfa_plane(*raw.raw, 2, 1, 0);  // Gr of RGGB
        const auto geometry = chart_geometry(layout, green.width(), green.height());
        section["snr_db_grey_raw"] =
            iq::chart_neutral_noise(green, geometry, raw.black_level)[kMiddleGrey].snr_db;
      }
    });
  if (layout.uniform_field)
    measure("flat_field", [&] {
      const iq::FlatFieldShading shading = iq::flat_field_shading(out, 255.0);
      nlohmann::json corners = nlohmann::json::array();
      for (const auto& c : shading.corners)
        corners.push_back({{"corner", c.corner},
                           {"luma", c.luma},
                           {"linear_green", c.linear_green},
                           {"red_to_green", c.red_to_green},
                           {"blue_to_green", c.blue_to_green}});
      // Dots more than 24 codes off their 5x5 neighbourhood: about 8 sigma of the output's noise
      // on the 50% grey field even where lens shading gains it up at the corners.
      const iq::Outliers outliers = iq::isolated_outliers(out, kOutlierThreshold);
      section["flat_field"] = {{"corners", corners},
                               {"worst_corner_luma", shading.worst_luma},
                               {"worst_colour_shift", shading.worst_colour_shift},
                               {"outlier_threshold", kOutlierThreshold},
                               {"outlier_clusters", outliers.clusters},
                               {"outlier_pixels", outliers.pixels}};
      // A clipped field is flat whatever the lens: its ratios say nothing.
      const double centre = out.at(w / 2, h / 2, 1);
      if (centre >= 250) section["flat_field"]["warning"] = "the field is clipped at the centre";
    });
  if (layout.has_slanted_edge)
    measure("slanted_edge", [&] {
      const auto sfr = iq::slanted_edge_sfr(out, to_pixels(layout.slanted_edge, w, h), 1);
      section["mtf50_cy_px"] = sfr.mtf50_cy_px;
      section["mtf_half_nyquist"] = sfr.mtf_half_nyquist;
    });
  if (layout.has_step_wedge && raw.raw != nullptr)
    measure("step_wedge", [&] {
      // Dynamic range is a property of the linear signal: measured on the raw green plane, or
      // on the HDR merge's.
      // The raw green plane only when there is no merged one (then it only gave the size).
      const Image16 green = raw.hdr_green ? Image16() : iq::cfa_plane(*raw.raw, 2, 1, 0);
      const int plane_w = raw.hdr_green ? raw.hdr_green->width() : green.width();
      const int plane_h = raw.hdr_green ? raw.hdr_green->height() : green.height();
      std::vector<iq::Quad> steps;
      for (const auto& step : layout.wedge_steps)
        steps.push_back(inner_quad(to_pixels(step, plane_w, plane_h), 0.6));
      iq::DynamicRangeOptions options;
      options.black_level = raw.hdr_green ? 0.0 : raw.black_level;
      options.white_level = raw.hdr_green ? raw.hdr_white_level : raw.white_level;
      const auto dr = raw.hdr_green ? iq::dynamic_range(*raw.hdr_green, steps, options)
                                    : iq::dynamic_range(green, steps, options);
      section["dynamic_range_stops"] = dr.stops;
      // A lower bound when the darkest step is still above the threshold, or the brightest
      // below the clip (more light would have shown more range).
      section["dynamic_range_limited_by_chart"] =
          !dr.threshold_reached || (!dr.steps.empty() && !dr.steps.front().clipped);
      section["dynamic_range_measured_on"] =
          raw.hdr_green ? "the HDR merge's linear green" : "the raw green";
      nlohmann::json wedge = nlohmann::json::array();
      for (const auto& step : dr.steps)
        wedge.push_back({{"signal", step.signal}, {"snr", step.snr}, {"clipped", step.clipped}});
      section["wedge_steps"] = wedge;
    });
  return section;
}

sensor::ChartLayout layout_in_window(const sensor::ChartLayout& layout,
                                     const sensor::NormRect& window) {
  const double w = window.x1 - window.x0, h = window.y1 - window.y0;
  auto place = [&](sensor::NormRect r, bool& inside) {
    r = {(r.x0 - window.x0) / w, (r.y0 - window.y0) / h, (r.x1 - window.x0) / w,
         (r.y1 - window.y0) / h};
    inside = inside && r.x0 >= 0 && r.y0 >= 0 && r.x1 <= 1 && r.y1 <= 1;
    return r;
  };
  sensor::ChartLayout seen = layout;
  seen.color_chart = place(layout.color_chart, seen.has_color_chart);
  seen.slanted_edge = place(layout.slanted_edge, seen.has_slanted_edge);
  for (auto& step : seen.wedge_steps)
    step = place(step, seen.has_step_wedge);
  if (seen.has_siemens_star) {
    const double x = (layout.star_centre_x - window.x0) / w,
                 y = (layout.star_centre_y - window.y0) / h;
    seen.star_centre_x = x;
    seen.star_centre_y = y;
    seen.star_radius = layout.star_radius / h;
    seen.has_siemens_star = x - seen.star_radius * h / w >= 0 &&
                            x + seen.star_radius * h / w <= 1 && y - seen.star_radius >= 0 &&
                            y + seen.star_radius <= 1;
  }
  // A flat field stays flat, but its corners are no longer the lens's.
  seen.uniform_field = layout.uniform_field && w == 1 && h == 1;
  return seen;
}

ImageF hdr_merged_green(const std::vector<const Image16*>& exposures, int link_bits, bool wide,
                        const blocks::HdrMerge::Params& merge) {
  const Image16& longest = *exposures.at(0);
  ImageF green(longest.width() / 2, longest.height() / 2, 1);
  uint16_t samples[blocks::kMaxExposures] = {};
  for (int y = 0; y < green.height(); ++y)
    for (int x = 0; x < green.width(); ++x) {
      for (size_t k = 0; k < exposures.size() && k < blocks::kMaxExposures; ++k)
        samples[k] = csi2::receiver_sample(exposures[k]->at(2 * x + 1, 2 * y), link_bits, wide);
      green.at(x, y) = blocks::HdrMerge::merged_signal(merge, samples);
    }
  return green;
}

}  // namespace ispsim::app
