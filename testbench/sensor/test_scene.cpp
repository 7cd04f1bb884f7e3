// Scenes: the built-in chart's layout and levels, the ColorChecker colours, image-file scenes and
// the name -> scene factory.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "model/common/error.hpp"
#include "model/image/image_io.hpp"
#include "sensor_sim/scene.hpp"

namespace ispsim::sensor {
namespace {

constexpr int kWidth = 1024;
constexpr int kHeight = 768;
constexpr double kPi = 3.14159265358979323846;

std::vector<float> row_of(const Scene& scene, int y, int width = kWidth, int height = kHeight) {
  std::vector<float> rgb(3 * static_cast<size_t>(width));
  scene.sample_row(y, width, height, rgb.data());
  return rgb;
}

// Pixel containing the normalised point (u, v), as (x, y).
int column_at(double u, int width = kWidth) {
  return static_cast<int>(u * width);
}
int row_at(double v, int height = kHeight) {
  return static_cast<int>(v * height);
}

NormRect patch_rect(const ChartLayout& layout, int patch_index) {
  const NormRect& c = layout.color_chart;
  const double pitch_x = (c.x1 - c.x0) / 6, pitch_y = (c.y1 - c.y0) / 4;
  const double margin = 0.5 * (1.0 - layout.patch_fill);
  const double x0 = c.x0 + (patch_index % 6) * pitch_x, y0 = c.y0 + (patch_index / 6) * pitch_y;
  return {x0 + margin * pitch_x, y0 + margin * pitch_y, x0 + (1 - margin) * pitch_x,
          y0 + (1 - margin) * pitch_y};
}

TEST(ColorChart, DarkSkinMatchesItsPublishedSrgbColour) {
  // Dark skin is sRGB (115, 82, 68) in 8-bit code values: linear about (0.171, 0.085, 0.058).
  const auto& dark_skin = color_chart_linear_srgb()[0];
  EXPECT_NEAR(dark_skin[0], 0.171, 0.01);
  EXPECT_NEAR(dark_skin[1], 0.085, 0.01);
  EXPECT_NEAR(dark_skin[2], 0.058, 0.01);
}

TEST(ColorChart, WhitePatchIsNearNeutralAtAbout0p88) {
  // L* 95.19 -> Y = ((95.19 + 16) / 116)^3 = 0.8806. Its b* of +2.93 makes it slightly warm: blue
  // sits a few percent below red and green.
  const auto& white = color_chart_linear_srgb()[18];
  for (int c = 0; c < 3; ++c)
    EXPECT_NEAR(white[c], 0.8806, 0.06) << "channel " << c;
  EXPECT_NEAR(0.2126 * white[0] + 0.7152 * white[1] + 0.0722 * white[2], 0.8806, 0.003);
  EXPECT_LT(white[2], std::min(white[0], white[1]));
}

TEST(ColorChart, BlackPatchIsAbout0p03) {
  // L* 20.64 -> Y = 0.0315.
  const auto& black = color_chart_linear_srgb()[23];
  for (int c = 0; c < 3; ++c)
    EXPECT_NEAR(black[c], 0.0315, 0.003) << "channel " << c;
}

TEST(ColorChart, NeutralRowIsGreyAndDescending) {
  const auto& patches = color_chart_linear_srgb();
  for (int i = 18; i < 24; ++i) {
    const auto& p = patches[i];
    // Patch 19 is the slightly warm white (b* 2.93); the greys 20..24 have |a*|, |b*| < 0.8.
    const double tolerance = (i == 18 ? 0.07 : 0.03) * p[1] + 0.002;
    EXPECT_NEAR(p[0], p[1], tolerance) << "patch " << i + 1;
    EXPECT_NEAR(p[2], p[1], tolerance) << "patch " << i + 1;
    if (i > 18) {
      EXPECT_LT(p[1], patches[i - 1][1]) << "patch " << i + 1;
    }
  }
}

TEST(ColorChart, OutOfGamutCyanIsClippedToZeroRedNotNegative) {
  const auto& cyan = color_chart_linear_srgb()[17];
  EXPECT_EQ(cyan[0], 0.0);
  EXPECT_GT(cyan[2], cyan[1]);
  for (const auto& patch : color_chart_linear_srgb())
    for (double v : patch)
      EXPECT_GE(v, 0.0);
}

TEST(ChartScene, LayoutHasTheDocumentedRegions) {
  const ChartLayout layout = make_builtin_scene("chart")->layout();
  ASSERT_TRUE(layout.has_color_chart && layout.has_slanted_edge && layout.has_step_wedge);
  EXPECT_DOUBLE_EQ(layout.color_chart.x0, 0.04);
  EXPECT_DOUBLE_EQ(layout.color_chart.y1, 0.56);
  EXPECT_DOUBLE_EQ(layout.slanted_edge.x0, 0.62);
  EXPECT_DOUBLE_EQ(layout.slanted_edge.x1, 0.94);
  EXPECT_DOUBLE_EQ(layout.edge_angle_deg, 5.0);
  EXPECT_DOUBLE_EQ(layout.patch_fill, 0.8);
  ASSERT_EQ(layout.wedge_steps.size(), 12u);
  ASSERT_EQ(layout.wedge_step_values.size(), 12u);
  EXPECT_DOUBLE_EQ(layout.wedge_steps.front().x0, 0.04);
  EXPECT_DOUBLE_EQ(layout.wedge_steps.back().x1, 0.96);
  for (int k = 0; k < 12; ++k) {
    EXPECT_DOUBLE_EQ(layout.wedge_step_values[k], std::ldexp(1.0, -k)) << "step " << k;
    EXPECT_NEAR(layout.wedge_steps[k].x1 - layout.wedge_steps[k].x0, 0.92 / 12, 1e-12);
    if (k > 0) {
      EXPECT_DOUBLE_EQ(layout.wedge_steps[k].x0, layout.wedge_steps[k - 1].x1);
    }
  }
}

TEST(ChartScene, PatchCentresShowTheColorCheckerColours) {
  const auto scene = make_builtin_scene("chart");
  const ChartLayout layout = scene->layout();
  for (int i = 0; i < 24; ++i) {
    const NormRect r = patch_rect(layout, i);
    const auto rgb = row_of(*scene, row_at(0.5 * (r.y0 + r.y1)));
    const int x = column_at(0.5 * (r.x0 + r.x1));
    for (int c = 0; c < 3; ++c)
      EXPECT_NEAR(rgb[3 * x + c], color_chart_linear_srgb()[i][c], 1e-5)
          << "patch " << i + 1 << " channel " << c;
  }
}

TEST(ChartScene, BackgroundIsEighteenPercentGreyAndSurroundIsDark) {
  const auto scene = make_builtin_scene("chart");
  const auto top = row_of(*scene, 2);
  for (int x : {0, kWidth / 2, kWidth - 1})
    EXPECT_NEAR(top[3 * x], 0.18f, 1e-6);
  // Between patches 1 and 2, inside the chart bounds.
  const ChartLayout layout = scene->layout();
  const NormRect p1 = patch_rect(layout, 0), p2 = patch_rect(layout, 1);
  const auto rgb = row_of(*scene, row_at(0.5 * (p1.y0 + p1.y1)));
  EXPECT_NEAR(rgb[3 * column_at(0.5 * (p1.x1 + p2.x0)) + 1], 0.03f, 1e-6);
}

TEST(ChartScene, WedgeStepsHalveFromWhite) {
  const auto scene = make_builtin_scene("chart");
  const ChartLayout layout = scene->layout();
  const auto rgb = row_of(*scene, row_at(0.76));
  for (int k = 0; k < 12; ++k) {
    const NormRect& step = layout.wedge_steps[k];
    const int x = column_at(0.5 * (step.x0 + step.x1));
    for (int c = 0; c < 3; ++c)
      EXPECT_NEAR(rgb[3 * x + c], std::ldexp(1.0, -k), 1e-6);
  }
}

TEST(ChartScene, SlantedEdgeRunsThroughTheRegionCentreAtFiveDegrees) {
  const auto scene = make_builtin_scene("chart");
  const NormRect region = scene->layout().slanted_edge;
  const int first = static_cast<int>(std::ceil(region.x0 * kWidth));
  const int end = static_cast<int>(std::floor(region.x1 * kWidth));
  // With exact area coverage the bright fraction summed along a row is the distance from the edge
  // (at the row's mid-height) to the end of the summed columns.
  const auto edge_position = [&](int y) {
    const auto rgb = row_of(*scene, y);
    double bright_columns = 0;
    for (int x = first; x < end; ++x)
      bright_columns += (rgb[3 * x + 1] - 0.05) / (0.70 - 0.05);
    return end - bright_columns;
  };
  const double tan5 = std::tan(5.0 * kPi / 180.0);
  const double centre_x = 0.5 * (region.x0 + region.x1) * kWidth;
  const double centre_y = 0.5 * (region.y0 + region.y1) * kHeight;
  for (int y : {row_at(region.y0) + 2, static_cast<int>(centre_y), row_at(region.y1) - 2})
    EXPECT_NEAR(edge_position(y), centre_x + (y + 0.5 - centre_y) * tan5, 2e-3) << "row " << y;
  // Dark left and bright right of the edge; the transition is only as wide as the pixel footprint.
  const auto rgb = row_of(*scene, static_cast<int>(centre_y));
  EXPECT_NEAR(rgb[3 * (first + 5) + 1], 0.05f, 1e-6);
  EXPECT_NEAR(rgb[3 * (end - 5) + 1], 0.70f, 1e-6);
  int transition_pixels = 0;
  for (int x = first; x < end; ++x) {
    const float v = rgb[3 * x + 1];
    if (v > 0.051f && v < 0.699f) ++transition_pixels;
  }
  EXPECT_LE(transition_pixels, 2);
  EXPECT_GE(transition_pixels, 1);
}

TEST(ChartScene, PixelValuesAreAreaAveragesSoTheFrameMeanIsPreserved) {
  // Area sampling: a region's mean is the same at any resolution. Compare the mean over the edge
  // region rows at two resolutions (the bright area fraction does not depend on the pixel grid).
  const auto scene = make_builtin_scene("chart");
  const auto frame_mean = [&](int width, int height) {
    double sum = 0;
    for (int y = 0; y < height; ++y) {
      const auto rgb = row_of(*scene, y, width, height);
      for (int x = 0; x < width; ++x)
        sum += rgb[3 * x + 1];
    }
    return sum / (static_cast<double>(width) * height);
  };
  EXPECT_NEAR(frame_mean(401, 301), frame_mean(1600, 1200), 2e-4);
}

TEST(FlatScene, IsUniformHalfGrey) {
  const auto scene = make_builtin_scene("flat");
  const auto rgb = row_of(*scene, 7, 33, 9);
  for (float v : rgb)
    EXPECT_EQ(v, 0.5f);
}

TEST(SceneFactory, KnowsTheBuiltinNames) {
  EXPECT_EQ(builtin_scene_names(),
            (std::vector<std::string>{"chart", "colorchecker", "edge", "star", "wedge", "flat",
                                      "hdr", "lowlight", "dark"}));
  for (const std::string& name : builtin_scene_names())
    EXPECT_EQ(make_scene(name)->name(), name);
  EXPECT_EQ(make_scene("chart")->name(), "chart");
  EXPECT_EQ(make_scene("flat")->name(), "flat");
}

TEST(SceneFactory, UnknownNameThrowsModelErrorNamingItAndTheChoices) {
  try {
    make_scene("foo");
    FAIL() << "expected ModelError";
  } catch (const ModelError& e) {
    EXPECT_EQ(std::string(e.what()),
              "unknown scene 'foo'; built-in scenes: chart, colorchecker, edge, star, wedge, flat, "
              "hdr, lowlight, dark; or give a PNG/TIFF/EXR file");
  }
  EXPECT_THROW(make_builtin_scene("nope.png"), ModelError);
}

TEST(ImageScene, DecodesSrgbToLinearAndResamplesToTheSensorGrid) {
  // 4x2 grey image: left half code 128, right half 255.
  Image8 image(4, 2, 1, 0);
  for (int y = 0; y < 2; ++y)
    for (int x = 0; x < 4; ++x)
      image.at(x, y) = x < 2 ? 128 : 255;
  const std::string path = testing::TempDir() + "/ispsim_scene_grey.png";
  write_png(path, image);
  const auto scene = make_scene(path);
  EXPECT_EQ(scene->name(), path);
  const double linear_128 = std::pow((128.0 / 255 + 0.055) / 1.055, 2.4);  // 0.2158
  // Same size: samples come back unchanged, grey replicated to RGB.
  auto rgb = row_of(*scene, 1, 4, 2);
  for (int c = 0; c < 3; ++c) {
    EXPECT_NEAR(rgb[c], linear_128, 1e-6);
    EXPECT_NEAR(rgb[9 + c], 1.0, 1e-6);
  }
  // Upscaled 2x: bilinear between pixel centres across the step.
  rgb = row_of(*scene, 0, 8, 4);
  EXPECT_NEAR(rgb[3 * 0], linear_128, 1e-6);
  EXPECT_NEAR(rgb[3 * 3], 0.75 * linear_128 + 0.25, 1e-6);
  EXPECT_NEAR(rgb[3 * 4], 0.25 * linear_128 + 0.75, 1e-6);
  EXPECT_NEAR(rgb[3 * 7], 1.0, 1e-6);
  // Downscaled to 2x1: each output pixel is the mean of its footprint.
  rgb = row_of(*scene, 0, 2, 1);
  EXPECT_NEAR(rgb[0], linear_128, 1e-6);
  EXPECT_NEAR(rgb[3], 1.0, 1e-6);
}

TEST(ImageScene, SixteenBitRgbKeepsChannels) {
  Image16 image(2, 2, 3, 0);
  for (int y = 0; y < 2; ++y)
    for (int x = 0; x < 2; ++x) {
      image.at(x, y, 0) = 65535;
      image.at(x, y, 2) = 32768;
    }
  const std::string path = testing::TempDir() + "/ispsim_scene_rgb16.tif";
  write_tiff(path, image);
  const auto rgb = row_of(*load_scene_file(path), 0, 3, 3);
  EXPECT_NEAR(rgb[0], 1.0, 1e-6);
  EXPECT_NEAR(rgb[1], 0.0, 1e-6);
  EXPECT_NEAR(rgb[2], std::pow((32768.0 / 65535 + 0.055) / 1.055, 2.4), 1e-5);
}

TEST(ImageScene, UnreadableFileThrowsAnIspsimError) {
  const std::string path = testing::TempDir() + "/ispsim_scene_not_an_image.png";
  FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs("not an image", f);
  std::fclose(f);
  EXPECT_THROW(make_scene(path), Error);
}

}  // namespace
}  // namespace ispsim::sensor
