// The built-in targets (edge, star, wedge, hdr, lowlight, dark, colorchecker) and HDR image files
// (OpenEXR written here with the reference library) as scenes in physical units.
#include <ImfRgbaFile.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "model/common/error.hpp"
#include "model/image/image_io.hpp"
#include "sensor_sim/scene.hpp"

namespace ispsim::sensor {
namespace {

std::vector<float> row_of(const Scene& scene, int y, int width, int height) {
  std::vector<float> rgb(3 * static_cast<size_t>(width));
  scene.sample_row(y, width, height, rgb.data());
  return rgb;
}

// Green value at the centre of a normalised rectangle.
float centre_of(const Scene& scene, const NormRect& r, int width = 800, int height = 600) {
  const int x = static_cast<int>(0.5 * (r.x0 + r.x1) * width);
  const int y = static_cast<int>(0.5 * (r.y0 + r.y1) * height);
  return row_of(scene, y, width, height)[3 * x + 1];
}

TEST(WedgeScene, SpansMoreThanTwentyStopsInOneStopSteps) {
  const auto wedge = make_builtin_scene("wedge");
  const ChartLayout layout = wedge->layout();
  ASSERT_TRUE(layout.has_step_wedge);
  ASSERT_EQ(layout.wedge_steps.size(), 22u);
  EXPECT_GE(std::log2(layout.wedge_step_values.front() / layout.wedge_step_values.back()), 20.0);
  for (size_t k = 0; k < layout.wedge_steps.size(); ++k) {
    EXPECT_FLOAT_EQ(centre_of(*wedge, layout.wedge_steps[k]),
                    static_cast<float>(layout.wedge_step_values[k]))
        << k;
    if (k > 0) {
      EXPECT_DOUBLE_EQ(layout.wedge_step_values[k], 0.5 * layout.wedge_step_values[k - 1]);
    }
  }
  EXPECT_EQ(row_of(*wedge, 2, 800, 600)[3 * 400], 0.0f);  // opaque mask between steps
}

TEST(EdgeScene, OneFiveDegreeEdgeThroughTheFrameCentre) {
  const auto edge = make_builtin_scene("edge");
  const ChartLayout layout = edge->layout();
  ASSERT_TRUE(layout.has_slanted_edge);
  EXPECT_DOUBLE_EQ(layout.edge_angle_deg, 5.0);
  // Half-way at the centre row; the edge moves right by tan(5 deg) per row.
  const int width = 400, height = 400;
  const auto crossing = [&](int y) {
    const auto rgb = row_of(*edge, y, width, height);
    for (int x = 0; x < width; ++x)
      if (rgb[3 * x + 1] > 0.375f) return x;
    return -1;
  };
  EXPECT_NEAR(crossing(199) + crossing(200), 400, 2);
  EXPECT_NEAR(crossing(300) - crossing(100), 200 * std::tan(5 * 3.14159265 / 180), 1.5);
  EXPECT_FLOAT_EQ(row_of(*edge, 10, width, height)[1], 0.05f);
  EXPECT_FLOAT_EQ(row_of(*edge, 10, width, height)[3 * 399 + 1], 0.70f);
}

TEST(StarScene, IsASinusoidalSiemensStarWithSeventyTwoCycles) {
  const auto star = make_builtin_scene("star");
  const ChartLayout layout = star->layout();
  ASSERT_TRUE(layout.has_siemens_star);
  EXPECT_EQ(layout.star_cycles, 72);
  // Around a circle of radius 200 px (period 17 px) the value crosses the mean 144 times.
  const int size = 1000;
  std::vector<std::vector<float>> rows(size);
  int crossings = 0;
  double lowest = 1, highest = 0, previous = 0;
  for (int i = 0; i <= 2000; ++i) {
    const double angle = 2 * 3.14159265358979 * i / 2000;
    const int x = static_cast<int>(500 + 200 * std::cos(angle));
    const int y = static_cast<int>(500 + 200 * std::sin(angle));
    if (rows[y].empty()) rows[y] = row_of(*star, y, size, size);
    const double v = rows[y][3 * x] - 0.375;
    if (i > 0 && (v > 0) != (previous > 0)) ++crossings;
    previous = v;
    lowest = std::min(lowest, v + 0.375);
    highest = std::max(highest, v + 0.375);
  }
  EXPECT_NEAR(crossings, 144, 2);
  EXPECT_NEAR(lowest, 0.05, 0.02);
  EXPECT_NEAR(highest, 0.70, 0.02);
  // Beyond the radius: the 18% background; at the centre, the pixels average many cycles.
  EXPECT_FLOAT_EQ(row_of(*star, 500, size, size)[3 * 10], 0.18f);
  EXPECT_GT(row_of(*star, 500, size, size)[3 * 500], 0.2);
  EXPECT_LT(row_of(*star, 500, size, size)[3 * 500], 0.55);
}

TEST(HdrScene, WindowWallAndShadowSpanThirteenStops) {
  const auto hdr = make_builtin_scene("hdr");
  const float wall = row_of(*hdr, 20, 800, 600)[3 * 100 + 1];
  const float window = centre_of(*hdr, {0.56, 0.48, 0.72, 0.6});
  const float shadow = centre_of(*hdr, {0.06, 0.88, 0.1, 0.92});
  EXPECT_FLOAT_EQ(wall, 0.08f);
  EXPECT_GE(window / wall, 30.0f);
  EXPECT_LE(shadow / wall, 0.1f);
  EXPECT_GE(std::log2(window / shadow), 12.5);
  const ChartLayout layout = hdr->layout();
  EXPECT_TRUE(layout.has_color_chart);
  EXPECT_EQ(layout.wedge_steps.size(), 6u);
}

TEST(LowlightScene, IsTheChartAtOneHundredthOfTheLight) {
  const auto chart = make_builtin_scene("chart");
  const auto low = make_builtin_scene("lowlight");
  const auto a = row_of(*chart, 100, 320, 240), b = row_of(*low, 100, 320, 240);
  for (size_t i = 0; i < a.size(); ++i)
    ASSERT_FLOAT_EQ(b[i], a[i] * 0.01f);
  EXPECT_DOUBLE_EQ(low->layout().wedge_step_values[0], 0.01);
}

TEST(DarkScene, HasNoLight) {
  for (float v : row_of(*make_builtin_scene("dark"), 3, 50, 20))
    EXPECT_EQ(v, 0.0f);
}

TEST(ColorcheckerScene, ShowsThe24PatchesFillingTheFrame) {
  const auto scene = make_builtin_scene("colorchecker");
  const ChartLayout layout = scene->layout();
  ASSERT_TRUE(layout.has_color_chart);
  EXPECT_GT((layout.color_chart.x1 - layout.color_chart.x0), 0.8);
  const auto& patches = color_chart_linear_srgb();
  const NormRect& c = layout.color_chart;
  for (int i : {0, 5, 18, 23}) {
    const double u = c.x0 + (i % 6 + 0.5) * (c.x1 - c.x0) / 6;
    const double v = c.y0 + (i / 6 + 0.5) * (c.y1 - c.y0) / 4;
    EXPECT_NEAR(centre_of(*scene, {u, v, u, v}), patches[i][1], 1e-5) << i;
  }
}

TEST(ExrScene, ReadsLinearHdrValuesScaledToTheStatedLuminance) {
  const std::string path = testing::TempDir() + "/ispsim_scene.exr";
  {
    Imf::Rgba pixels[2 * 2];
    pixels[0] = Imf::Rgba(0.25f, 0.5f, 1.0f, 1.0f);
    pixels[1] = Imf::Rgba(100.0f, 200.0f, 400.0f, 1.0f);  // far above diffuse white
    pixels[2] = Imf::Rgba(-1.0f, 0.0f, 0.125f, 1.0f);     // negative: no light
    pixels[3] = Imf::Rgba(2.0f, 2.0f, 2.0f, 1.0f);
    Imf::RgbaOutputFile file(path.c_str(), 2, 2, Imf::WRITE_RGBA);
    file.setFrameBuffer(pixels, 1, 2);
    file.writePixels(2);
  }
  const auto scene = make_scene(path);
  auto rgb = row_of(*scene, 0, 2, 2);
  EXPECT_FLOAT_EQ(rgb[0], 0.25f);
  EXPECT_FLOAT_EQ(rgb[2], 1.0f);
  EXPECT_FLOAT_EQ(rgb[3], 100.0f);
  EXPECT_FLOAT_EQ(rgb[5], 400.0f);
  rgb = row_of(*scene, 1, 2, 2);
  EXPECT_FLOAT_EQ(rgb[0], 0.0f);
  EXPECT_FLOAT_EQ(rgb[2], 0.125f);
  // 1.0 in the file stands for 250 cd/m^2: scene value 2.5.
  rgb = row_of(*load_scene_file(path, 250.0), 0, 2, 2);
  EXPECT_FLOAT_EQ(rgb[2], 2.5f);
}

TEST(ExrScene, CorruptFileThrowsImageErrorNamingIt) {
  const std::string path = testing::TempDir() + "/ispsim_corrupt.exr";
  FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  const unsigned char magic[] = {0x76, 0x2f, 0x31, 0x01, 2, 0, 0, 0, 'x', 'y'};
  std::fwrite(magic, 1, sizeof magic, f);
  std::fclose(f);
  try {
    make_scene(path);
    FAIL();
  } catch (const ImageError& e) {
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
}

TEST(ImageScene, PngWhiteMapsToTheStatedLuminance) {
  Image8 image(2, 2, 1, 255);
  const std::string path = testing::TempDir() + "/ispsim_white.png";
  write_png(path, image);
  EXPECT_FLOAT_EQ(row_of(*load_scene_file(path), 0, 2, 2)[0], 1.0f);  // 100 cd/m^2
  EXPECT_FLOAT_EQ(row_of(*load_scene_file(path, 300.0), 0, 2, 2)[0], 3.0f);
  EXPECT_THROW(load_scene_file(path, -1.0), ModelError);
}

}  // namespace
}  // namespace ispsim::sensor
