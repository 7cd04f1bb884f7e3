// The built-in test chart, the chart-alone "colorchecker" scene, and the ColorChecker colours
// they show (computed from the published L*a*b* reference, not typed in as RGB).
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "sensor_sim/colour_matrix.hpp"
#include "sensor_sim/scene.hpp"
#include "sensor_sim/scene_painted.hpp"

namespace ispsim::sensor {
namespace {

using Vec3 = Eigen::Vector3d;
using Mat3 = Eigen::Matrix3d;

// ColorChecker Classic 24 (X-Rite formulation after November 2014), CIE L*a*b* under D50, 2 degree
// observer; row-major chart order. Published reference values (also in
// shared/reference/colorchecker24_lab_d50.csv).
constexpr double kColorCheckerLabD50[24][3] = {
    {37.54, 14.37, 14.92},  {64.66, 19.27, 17.50},   {49.32, -3.82, -22.54}, {43.46, -12.74, 22.72},
    {54.94, 9.61, -24.79},  {70.48, -32.26, -0.37},  {62.73, 35.83, 56.50},  {39.43, 10.75, -45.17},
    {50.57, 48.64, 16.67},  {30.10, 22.54, -20.87},  {71.77, -24.13, 58.19}, {71.51, 18.24, 67.37},
    {28.37, 15.42, -49.80}, {54.38, -39.72, 32.27},  {42.43, 51.05, 28.62},  {81.80, 2.67, 80.41},
    {50.63, 51.28, -14.12}, {49.57, -29.71, -28.32}, {95.19, -1.03, 2.93},   {81.29, -0.57, 0.44},
    {66.89, -0.75, -0.06},  {50.76, -0.13, 0.14},    {35.63, -0.46, -0.48},  {20.64, 0.07, -0.46},
};

// Reference whites (CIE 15:2004, 2 degree observer), Y = 1.
Vec3 white_d50() {
  return Vec3(0.96422, 1.0, 0.82521);
}
Vec3 white_d65() {
  return Vec3(0.95047, 1.0, 1.08883);
}

// Bradford cone-response matrix (Lam 1985, as used in ICC v4 chromatic adaptation).
Mat3 bradford() {
  return (Mat3() << 0.8951, 0.2664, -0.1614,  //
          -0.7502, 1.7135, 0.0367,            //
          0.0389, -0.0685, 1.0296)
      .finished();
}

// CIE 15:2004 L*a*b* -> XYZ for the given white.
Vec3 xyz_from_lab(const double lab[3], const Vec3& white) {
  constexpr double delta = 6.0 / 29.0;
  const auto f_inverse = [](double t) {
    return t > delta ? t * t * t : 3.0 * delta * delta * (t - 4.0 / 29.0);
  };
  const double fy = (lab[0] + 16.0) / 116.0;
  const double fx = fy + lab[1] / 500.0;
  const double fz = fy - lab[2] / 200.0;
  return Vec3(white[0] * f_inverse(fx), white[1] * f_inverse(fy), white[2] * f_inverse(fz));
}

// Von Kries adaptation in Bradford cone space: M^-1 diag(cone(dst) / cone(src)) M.
Mat3 bradford_adaptation(const Vec3& src_white, const Vec3& dst_white) {
  const Mat3 cone = bradford();
  const Vec3 gain = (cone * dst_white).cwiseQuotient(cone * src_white);
  return cone.inverse() * gain.asDiagonal() * cone;
}

std::array<std::array<double, 3>, 24> compute_color_chart() {
  const Mat3 srgb_from_xyz_d50 =
      srgb_from_xyz_d65() * bradford_adaptation(white_d50(), white_d65());
  std::array<std::array<double, 3>, 24> patches{};
  for (int i = 0; i < 24; ++i) {
    const Vec3 rgb = srgb_from_xyz_d50 * xyz_from_lab(kColorCheckerLabD50[i], white_d50());
    // Patch 18 (cyan) lies outside the sRGB gamut: clip its negative red to zero.
    for (int c = 0; c < 3; ++c)
      patches[i][c] = std::max(0.0, rgb[c]);
  }
  return patches;
}

// Chart geometry and levels (linear scene values).
constexpr double kBackground = 0.18;     // 18% grey card
constexpr double kChartSurround = 0.03;  // dark grey between patches
constexpr double kEdgeDark = 0.05;
constexpr double kEdgeBright = 0.70;
constexpr double kEdgeAngleDeg = 5.0;
constexpr int kWedgeSteps = 12;
constexpr NormRect kColorChartBounds = {0.04, 0.06, 0.56, 0.56};
constexpr NormRect kSlantedEdgeBounds = {0.62, 0.06, 0.94, 0.56};
constexpr NormRect kWedgeBounds = {0.04, 0.66, 0.96, 0.86};

PaintedSceneSpec chart_spec() {
  PaintedSceneSpec spec;
  spec.name = "chart";
  spec.background = grey(kBackground);
  paint_color_chart(spec, kColorChartBounds, kChartSurround, spec.background, 1.0);
  ChartLayout& layout = spec.layout;
  layout.has_slanted_edge = true;
  layout.slanted_edge = kSlantedEdgeBounds;
  layout.edge_angle_deg = kEdgeAngleDeg;
  paint(spec, kSlantedEdgeBounds, grey(kEdgeDark), spec.background);
  spec.has_edge = true;
  spec.edge_region = kSlantedEdgeBounds;
  spec.edge_angle_deg = kEdgeAngleDeg;
  spec.edge_delta = kEdgeBright - kEdgeDark;
  layout.has_step_wedge = true;
  const double step_width = (kWedgeBounds.x1 - kWedgeBounds.x0) / kWedgeSteps;
  for (int k = 0; k < kWedgeSteps; ++k) {
    const double x0 = kWedgeBounds.x0 + k * step_width;
    // The last step ends exactly on the wedge bound, whatever the rounding of the sum.
    const double x1 = k + 1 == kWedgeSteps ? kWedgeBounds.x1 : x0 + step_width;
    layout.wedge_steps.push_back({x0, kWedgeBounds.y0, x1, kWedgeBounds.y1});
    layout.wedge_step_values.push_back(std::ldexp(1.0, -k));
    paint(spec, layout.wedge_steps.back(), grey(layout.wedge_step_values.back()), spec.background);
  }
  return spec;
}

}  // namespace

const std::array<std::array<double, 3>, 24>& color_chart_linear_srgb() {
  static const std::array<std::array<double, 3>, 24> patches = compute_color_chart();
  return patches;
}

std::unique_ptr<Scene> make_chart_scene() {
  return make_painted_scene(chart_spec());
}

// The chart alone, as a reproduction photographed to fill most of the frame: black surround
// (the chart's own 0.03 frame) on a mid-dark table (0.10).
std::unique_ptr<Scene> make_colorchecker_scene() {
  PaintedSceneSpec spec;
  spec.name = "colorchecker";
  spec.background = grey(0.10);
  paint_color_chart(spec, {0.08, 0.10, 0.92, 0.90}, kChartSurround, spec.background, 1.0);
  return make_painted_scene(std::move(spec));
}

}  // namespace ispsim::sensor
