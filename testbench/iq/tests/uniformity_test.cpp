// Flat-field shading and isolated outliers against hand-built images whose answers are worked
// out here.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "iq/metric_error.hpp"
#include "iq/uniformity.hpp"

namespace ispsim::iq {
namespace {

double decode(double code) {  // sRGB, IEC 61966-2-1, for 8-bit codes
  const double v = code / 255.0;
  return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}

Image16 filled(int w, int h, uint16_t value) {
  Image16 image(w, h, 3);
  for (auto& s : image.samples())
    s = value;
  return image;
}

void paint(Image16& image, int x0, int y0, int w, int h, int c, uint16_t value) {
  for (int y = y0; y < y0 + h; ++y)
    for (int x = x0; x < x0 + w; ++x)
      image.at(x, y, c) = value;
}

TEST(FlatFieldShading, CornersAgainstTheCentreByHand) {
  Image16 image = filled(64, 48, 200);  // patches of 4x3 pixels
  for (int c = 0; c < 3; ++c)
    paint(image, 0, 0, 4, 3, c, 100);  // top-left half as bright in code
  paint(image, 60, 0, 4, 3, 0, 220);   // top-right redder
  paint(image, 0, 45, 4, 3, 2, 150);   // bottom-left less blue
  const FlatFieldShading s = flat_field_shading(image, 255.0);
  EXPECT_EQ(s.corners[0].corner, "top-left");
  EXPECT_NEAR(s.corners[0].luma, 0.5, 1e-12);
  EXPECT_NEAR(s.corners[0].linear_green, decode(100) / decode(200), 1e-12);
  EXPECT_NEAR(s.corners[0].red_to_green, 1.0, 1e-12);
  EXPECT_NEAR(s.corners[1].red_to_green, decode(220) / decode(200), 1e-12);
  EXPECT_NEAR(s.corners[1].luma, (0.2126 * 220 + 0.7152 * 200 + 0.0722 * 200) / 200, 1e-12);
  EXPECT_NEAR(s.corners[2].blue_to_green, decode(150) / decode(200), 1e-12);
  EXPECT_NEAR(s.corners[3].luma, 1.0, 1e-12);
  EXPECT_NEAR(s.worst_luma, 0.5, 1e-12);
  EXPECT_NEAR(s.worst_colour_shift, 1 - decode(150) / decode(200), 1e-12);
  EXPECT_THROW(flat_field_shading(Image16(64, 48, 1), 255.0), MetricError);
  EXPECT_THROW(flat_field_shading(filled(10, 10, 1), 255.0), MetricError);
}

TEST(IsolatedOutliers, CountsDotsAndTheirPixelsNotTheNoise) {
  Image16 image(40, 30, 3);
  std::mt19937 rng(2);
  for (auto& s : image.samples())
    s = static_cast<uint16_t>(120 + rng() % 7);  // 120..126: noise within the threshold
  image.at(5, 5, 0) += 50;                       // a red dot
  for (int c = 0; c < 3; ++c) {
    paint(image, 20, 10, 2, 2, c, 170);  // a 2x2 bright spot: one cluster of 4 pixels
    image.at(0, 0, c) = 50;              // a dark dot in the corner (neighbours mirrored)
  }
  image.at(39, 29, 2) = 200;  // a blue dot in the other corner
  image.at(30, 20, 1) += 8;   // within the threshold: not an outlier
  const Outliers found = isolated_outliers(image, 20.0);
  EXPECT_EQ(found.clusters, 4);
  EXPECT_EQ(found.pixels, 1 + 4 * 3 + 3 + 1);
  EXPECT_EQ(isolated_outliers(filled(9, 9, 77), 0.5).clusters, 0);
  EXPECT_THROW(isolated_outliers(image, 20.0, 0), MetricError);
}

}  // namespace
}  // namespace ispsim::iq
