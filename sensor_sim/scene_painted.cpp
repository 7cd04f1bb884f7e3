#include "sensor_sim/scene_painted.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace ispsim::sensor {
namespace {

double overlap(double a0, double a1, double b0, double b1) {
  return std::max(0.0, std::min(a1, b1) - std::max(a0, b0));
}

class PaintedScene final : public Scene {
 public:
  explicit PaintedScene(PaintedSceneSpec spec) : spec_(std::move(spec)) {}

  std::string name() const override { return spec_.name; }
  ChartLayout layout() const override { return spec_.layout; }

  void sample_row(int y, int width, int height, float* rgb) const override {
    for (int x = 0; x < width; ++x)
      for (int c = 0; c < 3; ++c)
        rgb[3 * x + c] = static_cast<float>(spec_.background[c]);
    // Pixel units: pixel (x, y) covers [x, x+1] x [y, y+1].
    for (const PaintedRect& rect : spec_.rects) {
      const double ry0 = rect.bounds.y0 * height, ry1 = rect.bounds.y1 * height;
      const double cover_y = overlap(y, y + 1.0, ry0, ry1);
      if (cover_y <= 0.0) continue;
      const double rx0 = rect.bounds.x0 * width, rx1 = rect.bounds.x1 * width;
      const int first = std::max(0, static_cast<int>(std::floor(rx0)));
      const int last = std::min(width, static_cast<int>(std::ceil(rx1)));
      // Pixels wholly inside the rectangle's columns share one coverage; only the (at most two)
      // boundary pixels need their own overlap.
      int inner_first = std::max(first, static_cast<int>(std::ceil(rx0)));
      int inner_last = std::min(last, static_cast<int>(std::floor(rx1)));
      if (inner_first >= inner_last) inner_first = inner_last = last;
      const auto add_partial = [&](int x) {
        const auto cover = static_cast<float>(cover_y * overlap(x, x + 1.0, rx0, rx1));
        for (int c = 0; c < 3; ++c)
          rgb[3 * x + c] += rect.delta[c] * cover;
      };
      for (int x = first; x < inner_first; ++x)
        add_partial(x);
      const auto inner_cover = static_cast<float>(cover_y);
      const float d0 = rect.delta[0] * inner_cover, d1 = rect.delta[1] * inner_cover,
                  d2 = rect.delta[2] * inner_cover;
      for (int x = inner_first; x < inner_last; ++x) {
        rgb[3 * x] += d0;
        rgb[3 * x + 1] += d1;
        rgb[3 * x + 2] += d2;
      }
      for (int x = inner_last; x < last; ++x)
        add_partial(x);
    }
    if (spec_.has_edge) add_slanted_edge(y, width, height, rgb);
  }

 private:
  // The bright side of the edge, right of the line x = xc + (y - yc) tan(angle) through the region
  // centre (pixel units; the edge's x grows downwards). For a pixel column [a, b] clipped to the
  // region, the bright width at height y is h(e(y)) = clamp(b - max(e, a), 0, b - a) with e(y)
  // linear, so the bright area over the row is the exact integral (H(e(q)) - H(e(p))) / slope of
  // the piecewise-quadratic antiderivative H.
  void add_slanted_edge(int y, int width, int height, float* rgb) const {
    const NormRect& region = spec_.edge_region;
    const double p = std::max<double>(y, region.y0 * height);
    const double q = std::min<double>(y + 1.0, region.y1 * height);
    if (q <= p) return;
    const double rx0 = region.x0 * width, rx1 = region.x1 * width;
    const double slope = std::tan(spec_.edge_angle_deg * 3.14159265358979323846 / 180.0);
    const double xc = 0.5 * (rx0 + rx1), yc = 0.5 * (region.y0 + region.y1) * height;
    const double e_p = xc + (p - yc) * slope, e_q = xc + (q - yc) * slope;
    const auto delta = static_cast<float>(spec_.edge_delta);
    const int first = std::max(0, static_cast<int>(std::floor(std::max(rx0, std::min(e_p, e_q)))));
    const int last = std::min(width, static_cast<int>(std::ceil(rx1)));
    for (int x = first; x < last; ++x) {
      const double a = std::max<double>(x, rx0), b = std::min(x + 1.0, rx1);
      if (b <= a) continue;
      const double w = b - a;
      const auto antiderivative = [a, b, w](double t) {
        if (t <= a) return w * (t - a);
        if (t >= b) return 0.5 * w * w;
        return (t - a) * (b - 0.5 * (t + a));
      };
      double area;
      if (std::max(e_p, e_q) <= a) {
        area = (q - p) * w;  // wholly right of the edge
      } else if (std::abs(e_q - e_p) < 1e-12) {
        area = (q - p) * std::clamp(b - std::max(e_p, a), 0.0, w);
      } else {
        area = (q - p) * (antiderivative(e_q) - antiderivative(e_p)) / (e_q - e_p);
      }
      const auto cover = static_cast<float>(area);
      for (int c = 0; c < 3; ++c)
        rgb[3 * x + c] += delta * cover;
    }
  }

  PaintedSceneSpec spec_;
};

}  // namespace

Rgb grey(double value) {
  return {value, value, value};
}

void paint(PaintedSceneSpec& spec, const NormRect& bounds, const Rgb& colour, const Rgb& parent) {
  std::array<float, 3> delta{};
  for (int c = 0; c < 3; ++c)
    delta[c] = static_cast<float>(colour[c] - parent[c]);
  spec.rects.push_back({bounds, delta});
}

void paint_color_chart(PaintedSceneSpec& spec, const NormRect& bounds, double surround,
                       const Rgb& parent, double scale) {
  constexpr int kColumns = 6, kRows = 4;
  ChartLayout& layout = spec.layout;
  layout.has_color_chart = true;
  layout.color_chart = bounds;
  layout.patch_fill = 0.8;
  const Rgb surround_rgb = grey(surround * scale);
  paint(spec, bounds, surround_rgb, parent);
  const auto& patches = color_chart_linear_srgb();
  const double pitch_x = (bounds.x1 - bounds.x0) / kColumns;
  const double pitch_y = (bounds.y1 - bounds.y0) / kRows;
  const double margin = 0.5 * (1.0 - layout.patch_fill);
  for (int i = 0; i < kColumns * kRows; ++i) {
    const double cell_x = bounds.x0 + (i % kColumns) * pitch_x;
    const double cell_y = bounds.y0 + (i / kColumns) * pitch_y;
    const NormRect patch = {cell_x + margin * pitch_x, cell_y + margin * pitch_y,
                            cell_x + (1.0 - margin) * pitch_x, cell_y + (1.0 - margin) * pitch_y};
    const Rgb colour = {patches[i][0] * scale, patches[i][1] * scale, patches[i][2] * scale};
    paint(spec, patch, colour, surround_rgb);
  }
}

std::unique_ptr<Scene> make_painted_scene(PaintedSceneSpec spec) {
  return std::make_unique<PaintedScene>(std::move(spec));
}

}  // namespace ispsim::sensor
