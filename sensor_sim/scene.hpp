#pragma once
// Scenes: linear scene radiance as RGB in linear sRGB primaries (D65), relative units where 1.0
// is a perfect diffuse white under the reference illumination. The sensor samples a scene row by
// row at its output resolution.
#include <array>
#include <memory>
#include <string>
#include <vector>

namespace ispsim::sensor {

// Normalised rectangle (0..1 of the frame width/height).
struct NormRect {
  double x0, y0, x1, y1;
};

// Where the built-in charts sit in the frame, so metrics can find them (normalised coordinates).
struct ChartLayout {
  bool has_color_chart = false;
  NormRect color_chart{};         // outer bounds of the 6x4 patch grid
  double patch_fill = 0.8;        // patch side / cell pitch
  bool has_slanted_edge = false;
  NormRect slanted_edge{};        // region holding one near-vertical edge
  double edge_angle_deg = 5.0;
  bool has_step_wedge = false;
  std::vector<NormRect> wedge_steps;  // brightest first
  std::vector<double> wedge_step_values;
};

class Scene {
 public:
  virtual ~Scene() = default;
  virtual std::string name() const = 0;
  // Fills `rgb` (3 * width floats) with row `y` of the scene sampled on a width x height grid.
  virtual void sample_row(int y, int width, int height, float* rgb) const = 0;
  virtual ChartLayout layout() const { return {}; }
};

// Built-in scenes: "chart" (the default test chart: colour chart, slanted edge, step wedge on
// 18% grey), "flat" (uniform 50% grey). Throws ModelError naming the unknown scene.
std::unique_ptr<Scene> make_builtin_scene(const std::string& name);
std::vector<std::string> builtin_scene_names();

// The default test chart ("chart"). Its edge leans so that its x grows downwards (clockwise from
// vertical in image coordinates), through the centre of layout().slanted_edge.
std::unique_ptr<Scene> make_chart_scene();

// An image file as a scene: PNG/TIFF, sRGB-decoded to linear, resampled to the sensor grid.
std::unique_ptr<Scene> load_scene_file(const std::string& path);

// Builtin name or file path.
std::unique_ptr<Scene> make_scene(const std::string& name_or_path);

// The 24 patches of the colour chart as linear sRGB (D65), row-major from patch 1.
const std::array<std::array<double, 3>, 24>& color_chart_linear_srgb();

}  // namespace ispsim::sensor
