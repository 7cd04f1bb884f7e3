// Colour-chart analysis on synthetic charts whose colours, geometry and defects are known.
#include "iq/chart.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>

#include "iq/ciede2000.hpp"
#include "iq/metric_error.hpp"
#include "reference_data.hpp"
#include "synthetic.hpp"

namespace ispsim::iq {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kCyan = 17;  // patch 18 lies outside sRGB and is clipped when rendered

struct Placement {
  Point2 origin{40, 30};  // top-left corner of the grid
  double width = 300, height = 200;
  double rotation_deg = 3;
  double patch_fill = 0.8;
};

Point2 chart_to_image(const Placement& p, double u, double v) {
  const double c = std::cos(p.rotation_deg * kPi / 180), s = std::sin(p.rotation_deg * kPi / 180);
  const double x = u * p.width, y = v * p.height;
  return {p.origin.x + c * x - s * y, p.origin.y + s * x + c * y};
}

ChartGeometry geometry_of(const Placement& p) {
  ChartGeometry g;
  g.corners = {chart_to_image(p, 0, 0), chart_to_image(p, 1, 0), chart_to_image(p, 1, 1),
               chart_to_image(p, 0, 1)};
  g.patch_fill = p.patch_fill;
  return g;
}

// Renders the chart with patch colours given in L*a*b* D50 (transformed by `edit`), a black frame
// between patches and a grey surround, with seeded noise and a fraction of dust pixels.
Image16 render_chart(const Placement& p, const std::function<Lab(int, Lab)>& edit,
                     double noise_sigma = 0, double dust_fraction = 0) {
  Image16 image(400, 300, 3, 20000);
  std::array<Rgb, 24> colours;
  for (int i = 0; i < 24; ++i) {
    colours[i] = lab_d50_to_srgb(edit(i, colorchecker_reference()[i].lab_d50));
  }
  const double c = std::cos(p.rotation_deg * kPi / 180), s = std::sin(p.rotation_deg * kPi / 180);
  test::GaussianSource noise(77);
  std::mt19937_64 dust(99);
  for (int y = 0; y < image.height(); ++y) {
    for (int x = 0; x < image.width(); ++x) {
      const double dx = x + 0.5 - p.origin.x, dy = y + 0.5 - p.origin.y;
      const double u = (c * dx + s * dy) / p.width, v = (-s * dx + c * dy) / p.height;
      if (u < 0 || u >= 1 || v < 0 || v >= 1) continue;
      const int column = static_cast<int>(u * 6), row = static_cast<int>(v * 4);
      const double fu = u * 6 - column - 0.5, fv = v * 4 - row - 0.5;
      const bool in_patch = std::fabs(fu) < p.patch_fill / 2 && std::fabs(fv) < p.patch_fill / 2;
      const Rgb rgb = in_patch ? colours[row * 6 + column] : Rgb{0.05, 0.05, 0.05};
      const double channel[3] = {rgb.r, rgb.g, rgb.b};
      const bool is_dust = (dust() % 10000) < dust_fraction * 10000;
      for (int k = 0; k < 3; ++k) {
        double value = std::clamp(channel[k], 0.0, 1.0) * 65535 + noise_sigma * noise.next();
        if (is_dust) value = (dust() % 2) ? 65535 : 0;
        image.at(x, y, k) = static_cast<uint16_t>(std::clamp(std::lround(value), 0L, 65535L));
      }
    }
  }
  return image;
}

Lab unchanged(int, Lab lab) {
  return lab;
}

TEST(ColorCheckerReference, MatchesThePublishedTable) {
  const auto rows = test::read_csv_rows(test::data_path("colorchecker24_lab_d50.csv"));
  ASSERT_EQ(rows.size(), 24u);
  for (int i = 0; i < 24; ++i) {
    EXPECT_EQ(rows[i][0], i + 1);
    EXPECT_DOUBLE_EQ(colorchecker_reference()[i].lab_d50.l, rows[i][2]);
    EXPECT_DOUBLE_EQ(colorchecker_reference()[i].lab_d50.a, rows[i][3]);
    EXPECT_DOUBLE_EQ(colorchecker_reference()[i].lab_d50.b, rows[i][4]);
  }
}

TEST(LocatePatches, AxisAlignedChartGivesRowMajorCellCentres) {
  ChartGeometry g;
  g.corners = {{{0, 0}, {600, 0}, {600, 400}, {0, 400}}};
  g.sample_fraction = 0.5;
  const std::vector<Quad> patches = locate_patches(g);
  ASSERT_EQ(patches.size(), 24u);
  // Patch 1 is the top-left cell (0..100, 0..100); half of it centred is 25..75.
  EXPECT_DOUBLE_EQ(patches[0].corners[0].x, 25);
  EXPECT_DOUBLE_EQ(patches[0].corners[2].y, 75);
  // Patch 6 ends the first row, patch 24 is bottom-right.
  EXPECT_DOUBLE_EQ(patches[5].corners[0].x, 525);
  EXPECT_DOUBLE_EQ(patches[23].corners[2].x, 575);
  EXPECT_DOUBLE_EQ(patches[23].corners[2].y, 375);
}

TEST(AnalyzeColorChecker, RotatedNoisyDustyChartMatchesTheReference) {
  const Placement p;
  // Noise of 100 DN moves each patch mean by ~5 DN, which near black is ~0.05 in a*, b*.
  const Image16 image = render_chart(p, unchanged, 100, 0.02);
  const ChartColourResult r = analyze_colorchecker(image, 65535, geometry_of(p));
  ASSERT_EQ(r.patches.size(), 24u);
  for (const PatchColour& patch : r.patches) {
    if (patch.number - 1 == kCyan) continue;
    EXPECT_LT(patch.de00, 0.1) << patch.name;
    EXPECT_GT(patch.rejected, 0) << patch.name << ": dust should have been rejected";
  }
  // Cyan is clipped to the sRGB gamut when rendered: only that error remains.
  const Lab cyan = colorchecker_reference()[kCyan].lab_d50;
  Rgb clipped = lab_d50_to_srgb(cyan);
  clipped = {std::clamp(clipped.r, 0.0, 1.0), std::clamp(clipped.g, 0.0, 1.0),
             std::clamp(clipped.b, 0.0, 1.0)};
  EXPECT_NEAR(r.patches[kCyan].de00, ciede2000(cyan, srgb_to_lab_d50(clipped)), 0.05);
  EXPECT_EQ(r.patches[0].name, "dark skin");
  EXPECT_NEAR(r.saturation_ratio, 1.0, 0.01);
  EXPECT_LT(r.white_balance_error, 0.05);
}

TEST(AnalyzeColorChecker, DesaturatedChartKeepsLowChromaCorrectedError) {
  const Placement p;
  const auto desaturate = [](int, Lab lab) { return Lab{lab.l, 0.8 * lab.a, 0.8 * lab.b}; };
  const ChartColourResult r =
      analyze_colorchecker(render_chart(p, desaturate), 65535, geometry_of(p));
  EXPECT_NEAR(r.saturation_ratio, 0.8, 0.01);
  EXPECT_NEAR(r.chroma_scale, 1.25, 0.02);
  EXPECT_GT(r.de00_mean, 2.0);
  EXPECT_LT(r.de00_chroma_corrected_mean, 0.3);
  EXPECT_LT(r.patches[14].delta_chroma, -8.0);  // red loses a fifth of its chroma of ~58.5
}

TEST(AnalyzeColorChecker, ColourCastShowsAsWhiteBalanceError) {
  const Placement p;
  const auto cast = [](int, Lab lab) { return Lab{lab.l, lab.a + 1.0, lab.b + 4.0}; };
  const ChartColourResult r = analyze_colorchecker(render_chart(p, cast), 65535, geometry_of(p));
  EXPECT_NEAR(r.neutral_delta_a, 1.0, 0.05);
  EXPECT_NEAR(r.neutral_delta_b, 4.0, 0.05);
  EXPECT_NEAR(r.white_balance_error, std::sqrt(17.0), 0.05);
}

TEST(AnalyzeColorChecker, EightBitChartIsWithinQuantisation) {
  const Placement p;
  Image16 image = render_chart(p, unchanged);
  for (uint16_t& v : image.samples())
    v = static_cast<uint16_t>(std::lround(v / 257.0));
  const ChartColourResult r = analyze_colorchecker(image, 255, geometry_of(p));
  for (const PatchColour& patch : r.patches) {
    if (patch.number - 1 != kCyan) {
      EXPECT_LT(patch.de00, 0.5) << patch.name;
    }
  }
}

TEST(AnalyzeColorChecker, ChartOutsideTheImageIsAMetricError) {
  Placement p;
  p.origin = {150, 30};  // the right edge lands beyond x = 400
  try {
    analyze_colorchecker(Image16(400, 300, 3), 65535, geometry_of(p));
    FAIL() << "no error";
  } catch (const MetricError& e) {
    EXPECT_NE(std::string(e.what()).find("outside the 400x300 image"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(analyze_colorchecker(Image16(400, 300, 1), 65535, geometry_of(Placement{})),
               MetricError);
}

TEST(RobustStats, RejectsOutliersBeyondThreeRobustSigmas) {
  std::vector<double> values = {1, 2, 3, 4, 5, 6, 7, 8, 9, 1000};
  const SampleStats s = robust_stats(values);
  EXPECT_EQ(s.rejected, 1);
  EXPECT_DOUBLE_EQ(s.mean, 5.0);
  EXPECT_NEAR(s.std_dev, std::sqrt(7.5), 1e-12);
  // With a zero MAD (noise-free data) the mean absolute deviation stands in for it: 1.2533 x 0.8
  // puts 9 at 4 sigmas, so it goes.
  const SampleStats flat = robust_stats({5, 5, 5, 5, 9});
  EXPECT_EQ(flat.rejected, 1);
  EXPECT_DOUBLE_EQ(flat.mean, 5.0);
  const SampleStats constant = robust_stats({7, 7, 7});
  EXPECT_EQ(constant.rejected, 0);
  EXPECT_DOUBLE_EQ(constant.std_dev, 0.0);
}

// A signal a third of a code above black with 0.65 codes of noise, quantised to whole codes and
// then nudged by a hair (as an HDR merge's dark steps are): most values sit within 0.01 of 0, so
// the median deviation is tiny while the values spread over whole codes. The mean must not
// collapse to the median's cluster.
TEST(RobustStats, ValuesClusteredNearWholeCodesKeepTheirMean) {
  std::vector<double> values;
  double sum = 0;
  for (int i = 0; i < 4000; ++i) {
    // A fixed spread of whole codes, over half of them at 0: -1 x 5, 0 x 16, 1 x 6, 2 x 2 per
    // 29 samples (mean 0.24).
    const int pattern[29] = {-1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                             0,  0,  0,  0,  0,  0, 1, 1, 1, 1, 1, 1, 2, 2};
    const double value = pattern[i % 29] + 0.001 * ((i * 7919) % 11 - 5);
    values.push_back(value);
    sum += value;
  }
  const SampleStats s = robust_stats(values, 4.5);  // the noise measurements' rejection
  EXPECT_EQ(s.rejected, 0);
  EXPECT_NEAR(s.mean, sum / values.size(), 1e-9);
}

// Gaussian noise with a few far outliers on both sides (the review's case: 3% at +1000 sigma...
// +25 sigma): the outliers go and the mean and spread are the Gaussian's.
TEST(RobustStats, RejectsOutliersOfAContaminatedGaussian) {
  std::mt19937 rng(5);
  std::normal_distribution<double> noise(100.0, 2.0);
  std::vector<double> values;
  for (int i = 0; i < 3760; ++i)
    values.push_back(noise(rng));
  for (int i = 0; i < 120; ++i) {
    values.push_back(1100);
    values.push_back(150);
  }
  const SampleStats s = robust_stats(values, 4.5);
  EXPECT_GE(s.rejected, 240);
  EXPECT_NEAR(s.mean, 100.0, 0.2);
  EXPECT_NEAR(s.std_dev, 2.0, 0.2);
  // 12% far out and 5% at 25 sigmas (the second review's case): still the Gaussian's.
  std::vector<double> heavy(values.begin(), values.begin() + 3320);
  for (int i = 0; i < 480; ++i)
    heavy.push_back(1100);
  for (int i = 0; i < 200; ++i)
    heavy.push_back(150);
  const SampleStats h = robust_stats(heavy, 4.5);
  EXPECT_EQ(h.rejected, 680);
  EXPECT_NEAR(h.mean, 100.0, 0.2);
  EXPECT_NEAR(h.std_dev, 2.0, 0.2);
}

TEST(RegionSamples, RectangleTakesEveryPixelAndSteppedTakesOneCfaColour) {
  Image16 image(8, 6, 1);
  for (int y = 0; y < 6; ++y) {
    for (int x = 0; x < 8; ++x)
      image.at(x, y) = static_cast<uint16_t>((y % 2) * 2 + x % 2);
  }
  EXPECT_EQ(region_samples(image, PixelRect{1, 1, 5, 4}, "r")[0].size(), 20u);
  const auto green = region_samples(image, PixelRect{0, 0, 8, 6}, "r", 2, 1, 0)[0];
  EXPECT_EQ(green.size(), 12u);
  for (double v : green)
    EXPECT_EQ(v, 1);
}

}  // namespace
}  // namespace ispsim::iq
