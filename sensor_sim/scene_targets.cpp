// Built-in test targets: slanted edge, Siemens star, step wedge, HDR room, and scene wrappers.
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <utility>

#include "sensor_sim/scene_builtins.hpp"
#include "sensor_sim/scene_painted.hpp"

namespace ispsim::sensor {
namespace {

constexpr double kPi = 3.14159265358979323846;

// Sinusoidal Siemens star (the ISO 12233:2014 form): value = mean + amplitude cos(cycles theta)
// inside the radius, background outside. Near the centre the pattern is finer than a pixel, so
// pixels whose local period is under 8 px average an 8x8 grid of samples over their square.
class StarScene final : public Scene {
 public:
  StarScene() {
    layout_.has_siemens_star = true;
    layout_.star_centre_x = 0.5;
    layout_.star_centre_y = 0.5;
    layout_.star_radius = 0.45;
    layout_.star_cycles = kCycles;
  }
  std::string name() const override { return "star"; }
  ChartLayout layout() const override { return layout_; }

  void sample_row(int y, int width, int height, float* rgb) const override {
    const double cx = layout_.star_centre_x * width, cy = layout_.star_centre_y * height;
    const double radius = layout_.star_radius * height;
    const double fine_radius = kCycles * 8.0 / (2.0 * kPi);  // local period 8 px
    for (int x = 0; x < width; ++x) {
      const double dx = x + 0.5 - cx, dy = y + 0.5 - cy;
      const double r = std::hypot(dx, dy);
      double value;
      if (r < fine_radius || std::abs(r - radius) < 1.0) {
        value = 0;
        constexpr int kGrid = 8;
        for (int j = 0; j < kGrid; ++j)
          for (int i = 0; i < kGrid; ++i)
            value += at(x + (i + 0.5) / kGrid - cx, y + (j + 0.5) / kGrid - cy, radius);
        value /= kGrid * kGrid;
      } else {
        value = at(dx, dy, radius);
      }
      for (int c = 0; c < 3; ++c)
        rgb[3 * x + c] = static_cast<float>(value);
    }
  }

 private:
  static constexpr int kCycles = 72;
  static constexpr double kMean = 0.375, kAmplitude = 0.325, kBackground = 0.18;

  static double at(double dx, double dy, double radius) {
    if (std::hypot(dx, dy) > radius) return kBackground;
    return kMean + kAmplitude * std::cos(kCycles * std::atan2(dy, dx));
  }

  ChartLayout layout_;
};

class UniformScene final : public Scene {
 public:
  UniformScene(std::string name, float level) : name_(std::move(name)), level_(level) {}
  std::string name() const override { return name_; }
  void sample_row(int /*y*/, int width, int /*height*/, float* rgb) const override {
    std::fill(rgb, rgb + 3 * static_cast<size_t>(width), level_);
  }
  ChartLayout layout() const override {
    ChartLayout layout;
    layout.uniform_field = level_ > 0;  // a lit flat field; a dark one has no shading to measure
    return layout;
  }

 private:
  std::string name_;
  float level_;
};

class ScaledScene final : public Scene {
 public:
  ScaledScene(std::unique_ptr<Scene> inner, std::string name, double factor)
      : inner_(std::move(inner)), name_(std::move(name)), factor_(factor) {}
  std::string name() const override { return name_; }
  ChartLayout layout() const override {
    ChartLayout layout = inner_->layout();
    for (double& v : layout.wedge_step_values)
      v *= factor_;
    return layout;
  }
  void sample_row(int y, int width, int height, float* rgb) const override {
    inner_->sample_row(y, width, height, rgb);
    const auto factor = static_cast<float>(factor_);
    for (size_t i = 0; i < 3 * static_cast<size_t>(width); ++i)
      rgb[i] *= factor;
  }

 private:
  std::unique_ptr<Scene> inner_;
  std::string name_;
  double factor_;
};

}  // namespace

std::unique_ptr<Scene> make_edge_scene() {
  PaintedSceneSpec spec;
  spec.name = "edge";
  spec.background = grey(0.05);
  spec.has_edge = true;
  spec.edge_region = {0.0, 0.0, 1.0, 1.0};
  spec.edge_angle_deg = 5.0;
  spec.edge_delta = 0.70 - 0.05;
  spec.layout.has_slanted_edge = true;
  spec.layout.slanted_edge = {0.3, 0.1, 0.7, 0.9};  // same centre as the painted edge
  spec.layout.edge_angle_deg = 5.0;
  return make_painted_scene(std::move(spec));
}

std::unique_ptr<Scene> make_star_scene() {
  return std::make_unique<StarScene>();
}

// A transmission step wedge on a light box, as used for dynamic-range tests: 22 steps of one stop
// (21 stops from first to last) in two rows of 11, brightest top left, on an opaque (black) mask.
std::unique_ptr<Scene> make_wedge_scene() {
  constexpr int kSteps = 22, kPerRow = 11;
  constexpr double kBrightest = 8.0;
  PaintedSceneSpec spec;
  spec.name = "wedge";
  spec.background = grey(0.0);
  ChartLayout& layout = spec.layout;
  layout.has_step_wedge = true;
  const double x0 = 0.03, x1 = 0.97, pitch = (x1 - x0) / kPerRow;
  for (int k = 0; k < kSteps; ++k) {
    const int column = k % kPerRow, row = k / kPerRow;
    const double y0 = row == 0 ? 0.12 : 0.56;
    const NormRect step = {x0 + column * pitch + 0.1 * pitch, y0,
                           x0 + (column + 1) * pitch - 0.1 * pitch, y0 + 0.32};
    layout.wedge_steps.push_back(step);
    layout.wedge_step_values.push_back(kBrightest * std::ldexp(1.0, -k));
    paint(spec, step, grey(layout.wedge_step_values.back()), spec.background);
  }
  return make_painted_scene(std::move(spec));
}

// A room lit from outside: the window is ~40x brighter than a white wall in the room and ~7500x
// brighter than the shadow under the table, about 13 stops in all, plus the wedge in the shadow.
std::unique_ptr<Scene> make_hdr_scene() {
  PaintedSceneSpec spec;
  spec.name = "hdr";
  spec.background = grey(0.08);
  const NormRect window = {0.55, 0.08, 0.94, 0.62};
  const Rgb sky = {27.0, 30.0, 34.0};  // bluish daylight through the glass
  paint(spec, window, sky, spec.background);
  paint_color_chart(spec, {0.60, 0.16, 0.89, 0.40}, 0.03, sky, 30.0);
  // Window bars, back-lit, dark.
  paint(spec, {0.735, 0.08, 0.755, 0.62}, grey(0.02), sky);
  paint(spec, {0.55, 0.44, 0.94, 0.46}, grey(0.02), sky);
  const NormRect shadow = {0.05, 0.55, 0.47, 0.94};
  paint(spec, shadow, grey(0.004), spec.background);
  ChartLayout& layout = spec.layout;
  layout.has_step_wedge = true;
  for (int k = 0; k < 6; ++k) {
    const double x0 = 0.08 + k * 0.065;
    layout.wedge_steps.push_back({x0, 0.70, x0 + 0.05, 0.85});
    layout.wedge_step_values.push_back(0.016 * std::ldexp(1.0, -k));
    paint(spec, layout.wedge_steps.back(), grey(layout.wedge_step_values.back()), grey(0.004));
  }
  return make_painted_scene(std::move(spec));
}

std::unique_ptr<Scene> make_uniform_scene(const std::string& name, float level) {
  return std::make_unique<UniformScene>(name, level);
}

std::unique_ptr<Scene> make_scaled_scene(std::unique_ptr<Scene> inner, const std::string& name,
                                         double factor) {
  return std::make_unique<ScaledScene>(std::move(inner), name, factor);
}

}  // namespace ispsim::sensor
