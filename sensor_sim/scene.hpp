#pragma once
// Scenes: linear scene radiance as RGB in linear sRGB primaries (D65), sampled row by row at the
// sensor's output resolution (each sample is the mean over the pixel's footprint).
//
// Unit: a scene value v is luminance v x kReferenceLuminanceCdM2 (100 cd/m^2, sensor_profile.hpp)
// for a neutral; each channel scales the same way. So 1.0 is a perfect diffuse white lit to 100
// cd/m^2 (about 314 lux, since L = E rho / pi), an 18% grey card there is 0.18, a sunlit white
// wall is ~100 and a dim street at night ~0.01. Values are unbounded above (HDR): exposure time,
// f-number and gain then act on them physically (see optics.hpp and pixel_array.hpp).
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
  NormRect color_chart{};   // outer bounds of the 6x4 patch grid
  double patch_fill = 0.8;  // patch side / cell pitch
  bool has_slanted_edge = false;
  NormRect slanted_edge{};  // region holding one near-vertical edge
  double edge_angle_deg = 5.0;
  bool has_step_wedge = false;
  std::vector<NormRect> wedge_steps;  // brightest first
  std::vector<double> wedge_step_values;
  bool has_siemens_star = false;
  double star_centre_x = 0.5, star_centre_y = 0.5;  // normalised
  double star_radius = 0;                           // fraction of the frame height
  int star_cycles = 0;                              // sinusoidal periods around the circle
  bool uniform_field = false;  // the whole frame is one lit, uniform surface (a flat field)
};

class Scene {
 public:
  virtual ~Scene() = default;
  virtual std::string name() const = 0;
  // Fills `rgb` (3 * width floats) with row `y` of the scene sampled on a width x height grid.
  virtual void sample_row(int y, int width, int height, float* rgb) const = 0;
  virtual ChartLayout layout() const { return {}; }
};

// Built-in scenes (see builtin_scene_names()):
//   chart        the default test chart: colour chart, slanted edge, step wedge on 18% grey
//   colorchecker the 24-patch chart alone, filling the frame, on a dark surround
//   edge         one slanted (5 degree) edge, 0.05 to 0.70, through the frame centre
//   star         a sinusoidal Siemens star, 72 cycles, 0.05 to 0.70, on 18% grey
//   wedge        a back-lit 22-step wedge, 1 stop per step from 8.0 down (21 stops), on black
//   flat         uniform 50% grey
//   hdr          a dim room (0.08) with a bright window (30, with a colour chart in it) and a
//                deep shadow (0.004) holding a 6-step wedge
//   lowlight     the default chart at 1/100 of the light (white at 1 cd/m^2)
//   dark         no light at all (lens cap on)
// Throws ModelError naming the unknown scene.
std::unique_ptr<Scene> make_builtin_scene(const std::string& name);
std::vector<std::string> builtin_scene_names();

// The default test chart ("chart"). Its edge leans so that its x grows downwards (clockwise from
// vertical in image coordinates), through the centre of layout().slanted_edge.
std::unique_ptr<Scene> make_chart_scene();

// An image file as a scene, resampled to the sensor grid: PNG/TIFF are sRGB-decoded to linear
// (full code = 1.0); OpenEXR is read as linear RGB (or Y), negative and non-finite values as 0.
// `white_luminance_cd_m2` is the luminance a linear value of 1.0 in the file stands for.
std::unique_ptr<Scene> load_scene_file(const std::string& path,
                                       double white_luminance_cd_m2 = 100.0);

// Builtin name or file path.
std::unique_ptr<Scene> make_scene(const std::string& name_or_path);

// The 24 patches of the colour chart as linear sRGB (D65), row-major from patch 1.
const std::array<std::array<double, 3>, 24>& color_chart_linear_srgb();

}  // namespace ispsim::sensor
