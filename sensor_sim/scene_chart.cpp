// The built-in test chart and the ColorChecker colours it shows.
//
// The chart is a few flat-coloured rectangles and one slanted edge on 18% grey. It is rendered by
// exact area coverage (each output pixel gets the area-weighted mean of the scene over its square),
// which is what a pixel integrating light over its aperture sees: edges are anti-aliased without
// supersampling and the slanted edge has no stair-steps. Coverage of an axis-aligned rectangle is
// separable (row overlap x column overlap), so a row costs a few operations per pixel.
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "sensor_sim/scene.hpp"

namespace ispsim::sensor {
namespace {

using Vec3 = std::array<double, 3>;
using Mat3 = std::array<std::array<double, 3>, 3>;

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
constexpr Vec3 kWhiteD50 = {0.96422, 1.0, 0.82521};
constexpr Vec3 kWhiteD65 = {0.95047, 1.0, 1.08883};

// Bradford cone-response matrix (Lam 1985, as used in ICC v4 chromatic adaptation).
constexpr Mat3 kBradford = {{{0.8951, 0.2664, -0.1614},  //
                             {-0.7502, 1.7135, 0.0367},  //
                             {0.0389, -0.0685, 1.0296}}};

// XYZ (D65) to linear sRGB, IEC 61966-2-1:1999.
constexpr Mat3 kSrgbFromXyz = {{{3.2406, -1.5372, -0.4986},  //
                                {-0.9689, 1.8758, 0.0415},   //
                                {0.0557, -0.2040, 1.0570}}};

Vec3 multiply(const Mat3& m, const Vec3& v) {
  Vec3 r{};
  for (int i = 0; i < 3; ++i)
    r[i] = m[i][0] * v[0] + m[i][1] * v[1] + m[i][2] * v[2];
  return r;
}

Mat3 multiply(const Mat3& a, const Mat3& b) {
  Mat3 r{};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 3; ++k)
        r[i][j] += a[i][k] * b[k][j];
  return r;
}

// Inverse by the adjugate; the matrices here are well conditioned.
Mat3 inverse(const Mat3& m) {
  Mat3 adj{};
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) {
      const int r0 = (j + 1) % 3, r1 = (j + 2) % 3, c0 = (i + 1) % 3, c1 = (i + 2) % 3;
      adj[i][j] = m[r0][c0] * m[r1][c1] - m[r0][c1] * m[r1][c0];
    }
  }
  const double det = m[0][0] * adj[0][0] + m[0][1] * adj[1][0] + m[0][2] * adj[2][0];
  for (auto& row : adj)
    for (double& v : row)
      v /= det;
  return adj;
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
  return {white[0] * f_inverse(fx), white[1] * f_inverse(fy), white[2] * f_inverse(fz)};
}

// Von Kries adaptation in Bradford cone space: M^-1 diag(cone(dst) / cone(src)) M.
Mat3 bradford_adaptation(const Vec3& src_white, const Vec3& dst_white) {
  const Vec3 src_cone = multiply(kBradford, src_white);
  const Vec3 dst_cone = multiply(kBradford, dst_white);
  Mat3 scale{};
  for (int i = 0; i < 3; ++i)
    scale[i][i] = dst_cone[i] / src_cone[i];
  return multiply(inverse(kBradford), multiply(scale, kBradford));
}

std::array<std::array<double, 3>, 24> compute_color_chart() {
  const Mat3 srgb_from_xyz_d50 = multiply(kSrgbFromXyz, bradford_adaptation(kWhiteD50, kWhiteD65));
  std::array<std::array<double, 3>, 24> patches{};
  for (int i = 0; i < 24; ++i) {
    const Vec3 rgb = multiply(srgb_from_xyz_d50, xyz_from_lab(kColorCheckerLabD50[i], kWhiteD50));
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
constexpr double kPi = 3.14159265358979323846;
constexpr int kChartColumns = 6;
constexpr int kChartRows = 4;
constexpr int kWedgeSteps = 12;
constexpr NormRect kColorChartBounds = {0.04, 0.06, 0.56, 0.56};
constexpr NormRect kSlantedEdgeBounds = {0.62, 0.06, 0.94, 0.56};
constexpr NormRect kWedgeBounds = {0.04, 0.66, 0.96, 0.86};

ChartLayout make_chart_layout() {
  ChartLayout layout;
  layout.has_color_chart = true;
  layout.color_chart = kColorChartBounds;
  layout.patch_fill = 0.8;
  layout.has_slanted_edge = true;
  layout.slanted_edge = kSlantedEdgeBounds;
  layout.edge_angle_deg = kEdgeAngleDeg;
  layout.has_step_wedge = true;
  const double step_width = (kWedgeBounds.x1 - kWedgeBounds.x0) / kWedgeSteps;
  for (int k = 0; k < kWedgeSteps; ++k) {
    const double x0 = kWedgeBounds.x0 + k * step_width;
    // The last step ends exactly on the wedge bound, whatever the rounding of the sum.
    const double x1 = k + 1 == kWedgeSteps ? kWedgeBounds.x1 : x0 + step_width;
    layout.wedge_steps.push_back({x0, kWedgeBounds.y0, x1, kWedgeBounds.y1});
    layout.wedge_step_values.push_back(std::ldexp(1.0, -k));
  }
  return layout;
}

// A rectangle of one colour painted over a `parent` colour. The scene is the background plus the
// sum of (colour - parent) x coverage over all rectangles, which is exact for nested and tiled
// rectangles whatever the pixel size.
struct PaintedRect {
  NormRect bounds;
  std::array<float, 3> delta;
};

class ChartScene final : public Scene {
 public:
  ChartScene() : layout_(make_chart_layout()) {
    const auto& patches = color_chart_linear_srgb();
    const auto grey_over = [](double value, double parent) {
      const auto d = static_cast<float>(value - parent);
      return std::array<float, 3>{d, d, d};
    };
    rects_.push_back({layout_.color_chart, grey_over(kChartSurround, kBackground)});
    const NormRect& chart = layout_.color_chart;
    const double pitch_x = (chart.x1 - chart.x0) / kChartColumns;
    const double pitch_y = (chart.y1 - chart.y0) / kChartRows;
    const double margin = 0.5 * (1.0 - layout_.patch_fill);
    for (int i = 0; i < kChartColumns * kChartRows; ++i) {
      const double cell_x = chart.x0 + (i % kChartColumns) * pitch_x;
      const double cell_y = chart.y0 + (i / kChartColumns) * pitch_y;
      const NormRect patch = {cell_x + margin * pitch_x, cell_y + margin * pitch_y,
                              cell_x + (1.0 - margin) * pitch_x, cell_y + (1.0 - margin) * pitch_y};
      std::array<float, 3> delta{};
      for (int c = 0; c < 3; ++c)
        delta[c] = static_cast<float>(patches[i][c] - kChartSurround);
      rects_.push_back({patch, delta});
    }
    rects_.push_back({layout_.slanted_edge, grey_over(kEdgeDark, kBackground)});
    for (int k = 0; k < kWedgeSteps; ++k)
      rects_.push_back(
          {layout_.wedge_steps[k], grey_over(layout_.wedge_step_values[k], kBackground)});
  }

  std::string name() const override { return "chart"; }
  ChartLayout layout() const override { return layout_; }

  void sample_row(int y, int width, int height, float* rgb) const override {
    std::fill(rgb, rgb + 3 * static_cast<size_t>(width), static_cast<float>(kBackground));
    // Pixel units: pixel (x, y) covers [x, x+1] x [y, y+1].
    for (const PaintedRect& rect : rects_) {
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
    add_slanted_edge(y, width, height, rgb);
  }

 private:
  static double overlap(double a0, double a1, double b0, double b1) {
    return std::max(0.0, std::min(a1, b1) - std::max(a0, b0));
  }

  // The bright side of the edge, right of the line x = xc + (y - yc) tan(angle) through the region
  // centre (pixel units; the edge's x grows downwards). For a pixel column [a, b] clipped to the
  // region, the bright width at height y is h(e(y)) = clamp(b - max(e, a), 0, b - a) with e(y)
  // linear, so the bright area over the row is the exact integral (H(e(q)) - H(e(p))) / slope of
  // the piecewise-quadratic antiderivative H.
  void add_slanted_edge(int y, int width, int height, float* rgb) const {
    const NormRect& region = layout_.slanted_edge;
    const double p = std::max<double>(y, region.y0 * height);
    const double q = std::min<double>(y + 1.0, region.y1 * height);
    if (q <= p) return;
    const double rx0 = region.x0 * width, rx1 = region.x1 * width;
    const double slope = std::tan(layout_.edge_angle_deg * kPi / 180.0);
    const double xc = 0.5 * (rx0 + rx1), yc = 0.5 * (region.y0 + region.y1) * height;
    const double e_p = xc + (p - yc) * slope, e_q = xc + (q - yc) * slope;
    const auto delta = static_cast<float>(kEdgeBright - kEdgeDark);
    const int first = std::max(0, static_cast<int>(std::floor(std::min(e_p, e_q))));
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

  ChartLayout layout_;
  std::vector<PaintedRect> rects_;
};

}  // namespace

const std::array<std::array<double, 3>, 24>& color_chart_linear_srgb() {
  static const std::array<std::array<double, 3>, 24> patches = compute_color_chart();
  return patches;
}

std::unique_ptr<Scene> make_chart_scene() {
  return std::make_unique<ChartScene>();
}

}  // namespace ispsim::sensor
