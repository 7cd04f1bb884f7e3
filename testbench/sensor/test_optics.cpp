// The lens: blur sizes from diffraction and defocus, the blur kernel's known MTF (checked with
// the ISO 12233 slanted-edge measurement), relative illumination, colour shading and aperture.
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "iq/sfr.hpp"
#include "sensor_sim/optics.hpp"
#include "sensor_sim/pixel_array.hpp"

namespace ispsim::sensor {
namespace {

SensorSettings frame(int width, int height) {
  SensorSettings s;
  s.width = width;
  s.height = height;
  s.exposure_s = 0.01;
  return s;
}

TEST(Optics, BlurSigmaAddsDiffractionDefocusAndAberrationInQuadrature) {
  OpticsProfile o;
  o.aberration_sigma_um = 0;
  EXPECT_NEAR(blur_sigma_um(o, 1.9), 0.42 * 0.55 * 1.9, 1e-12);  // diffraction alone
  EXPECT_NEAR(blur_sigma_um(o, 8.0), 0.42 * 0.55 * 8.0, 1e-12);
  o.defocus_dioptres = 1.0;  // c = f^2 D / N = (8.7 mm)^2 x 1/m / 1.9 = 39.8 um; sigma = c / 4
  const double defocus = 8.7e-3 * 8.7e-3 / 1.9 * 1e6 / 4;
  EXPECT_NEAR(blur_sigma_um(o, 1.9), std::hypot(0.42 * 0.55 * 1.9, defocus), 1e-9);
  o.defocus_dioptres = 0;
  o.aberration_sigma_um = 2.0;
  EXPECT_NEAR(blur_sigma_um(o, 1.9), std::hypot(0.42 * 0.55 * 1.9, 2.0), 1e-12);
}

TEST(Optics, KernelIsNormalisedWithTheGaussianVarianceAndMtf) {
  for (double sigma : {0.3, 0.7, 0.8, 1.5, 3.0}) {
    const BlurKernel k = make_blur_kernel(sigma);
    double sum = 0, variance = 0;
    for (int i = -k.radius; i <= k.radius; ++i) {
      sum += k.taps[i + k.radius];
      variance += i * i * k.taps[i + k.radius];
    }
    EXPECT_NEAR(sum, 1.0, 1e-6) << sigma;
    EXPECT_NEAR(variance, sigma * sigma, 0.01 * sigma * sigma) << sigma;
    if (sigma >= 0.8) {  // the continuous Gaussian MTF, plus aliases that are small below 0.35
      for (double f = 0; f <= 0.35; f += 0.05)
        EXPECT_NEAR(blur_kernel_mtf(k, f), std::exp(-2 * kPi * kPi * sigma * sigma * f * f), 0.005)
            << sigma << " at " << f;
    }
  }
}

TEST(Optics, SlantedEdgeMtfOfTheOpticalImageMatchesTheKernelTimesThePixelAperture) {
  SensorProfile profile;
  const SensorSettings settings = frame(512, 512);
  // Aberrations chosen for sigma = 1.5 rendered pixels (pitch 3.2 um x 4096 / 512 = 25.6 um).
  const double pitch = rendered_pixel_pitch_um(profile, settings);
  const double diffraction = 0.42 * 0.55 * profile.optics.f_number;
  profile.optics.aberration_sigma_um =
      std::sqrt(std::pow(1.5 * pitch, 2) - diffraction * diffraction);
  profile.optics.chief_ray_angle_deg = 0;  // no shading across the edge
  profile.optics.vignetting = 0;
  profile.optics.colour_shading = {0, 0, 0};
  const ImageF image = render_optical_image(*make_builtin_scene("edge"), profile, settings);
  const int x0 = 176, y0 = 96, w = 160, h = 320;  // around the centre of the frame's edge
  std::vector<double> green;
  for (int y = y0; y < y0 + h; ++y)
    for (int x = x0; x < x0 + w; ++x)
      green.push_back(image.at(x, y, 1));
  const iq::SfrResult sfr = iq::slanted_edge_sfr(green, w, h);
  EXPECT_NEAR(sfr.edge_angle_deg, 5.0, 0.3);
  const BlurKernel kernel = make_blur_kernel(1.5);
  for (double f : {0.05, 0.1, 0.15, 0.2, 0.3}) {
    const double aperture = std::sin(kPi * f) / (kPi * f);  // area sampling of the scene
    EXPECT_NEAR(iq::mtf_at(sfr, f), blur_kernel_mtf(kernel, f) * aperture, 0.03) << f;
  }
}

TEST(Optics, RelativeIlluminationIsCos4OfTheChiefRayAngleTimesVignettingAndShading) {
  const OpticsProfile o;
  EXPECT_DOUBLE_EQ(relative_illumination(o, 1, 0.0), 1.0);
  const double cos30 = std::cos(kPi / 6);
  EXPECT_NEAR(relative_illumination(o, 1, 1.0), std::pow(cos30, 4) * 0.9, 1e-12);
  EXPECT_NEAR(relative_illumination(o, 0, 1.0), std::pow(cos30, 4) * 0.9 * 0.92, 1e-12);
  const double half = std::pow(std::cos(kPi / 12), 4) * (1 - 0.1 / 16);
  EXPECT_NEAR(relative_illumination(o, 1, 0.5), half, 1e-12);
}

TEST(Optics, FlatFieldFallsOffToTheCornersAndRedFallsMost) {
  const SensorProfile profile;
  const ImageF image = render_optical_image(*make_builtin_scene("flat"), profile, frame(64, 48));
  const double centre_g = 0.25 * (image.at(31, 23, 1) + image.at(32, 23, 1) + image.at(31, 24, 1) +
                                  image.at(32, 24, 1));
  // The corner pixel's centre sits at r = 1 - (half a pixel's diagonal / half the diagonal).
  const double r_corner = 1.0 - std::hypot(0.5, 0.5) / std::hypot(32.0, 24.0);
  const double r_centre = std::hypot(0.5, 0.5) / std::hypot(32.0, 24.0);
  for (int c = 0; c < 3; ++c) {
    const double ratio = image.at(0, 0, c) / (0.25 * (image.at(31, 23, c) + image.at(32, 23, c) +
                                                      image.at(31, 24, c) + image.at(32, 24, c)));
    EXPECT_NEAR(ratio,
                relative_illumination(profile.optics, c, r_corner) /
                    relative_illumination(profile.optics, c, r_centre),
                0.01)
        << c;
  }
  EXPECT_LT(image.at(0, 0, 0) / image.at(32, 24, 0), image.at(0, 0, 1) / image.at(32, 24, 1));
  // Level: 0.5 x green response (1.10) x electrons per second x exposure, on axis.
  EXPECT_NEAR(centre_g, 0.5 * 1.10 * profile.electrons_per_second * 0.01, 0.005 * centre_g);
}

TEST(Optics, StoppingDownTwoStopsQuartersTheLight) {
  SensorProfile profile;
  profile.optics.enabled = false;
  SensorSettings settings = frame(16, 16);
  const auto flat = make_builtin_scene("flat");
  const double open = render_optical_image(*flat, profile, settings).at(8, 8, 1);
  settings.f_number = 3.8;
  EXPECT_NEAR(render_optical_image(*flat, profile, settings).at(8, 8, 1), open / 4, 1e-3 * open);
}

TEST(Optics, DisabledLensGivesAUniformUnblurredImage) {
  SensorProfile profile;
  profile.optics.enabled = false;
  const ImageF image = render_optical_image(*make_builtin_scene("flat"), profile, frame(40, 30));
  for (int c = 0; c < 3; ++c)
    EXPECT_EQ(image.at(0, 0, c), image.at(20, 15, c));
}

// A uniform surface of one linear sRGB colour.
class ColourScene final : public Scene {
 public:
  explicit ColourScene(std::array<float, 3> rgb) : rgb_(rgb) {}
  std::string name() const override { return "colour"; }
  void sample_row(int, int width, int, float* rgb) const override {
    for (int x = 0; x < width; ++x)
      for (int c = 0; c < 3; ++c)
        rgb[3 * x + c] = rgb_[static_cast<size_t>(c)];
  }

 private:
  std::array<float, 3> rgb_;
};

// Gr over Gb (above black) for the Gr pixels in columns [x0, x1) and rows [y0, y1) of an RGGB
// raw frame, each against the mean of its four diagonal Gb neighbours (whose centre is its own:
// the lens shading's slope cancels), and the same ratio the crosstalk model predicts: a green
// pixel takes `a` of its charge from its neighbours across (R beside Gr, B beside Gb) and `d`
// from those above and below (B above Gr, R above Gb), with a = crosstalk x |x offset from the
// centre| / half the width and d likewise down.
struct Imbalance {
  double measured, predicted;
};
Imbalance green_imbalance(const Image16& raw, double black, const std::array<double, 3>& camera,
                          double crosstalk, int x0, int x1, int y0, int y1) {
  const int w = raw.width(), h = raw.height();
  const auto [r, g, b] = camera;
  auto model = [&](int x, int y, bool is_gr) {
    const double a = crosstalk * std::abs(2.0 * (x + 0.5) / w - 1.0);
    const double d = crosstalk * std::abs(2.0 * (y + 0.5) / h - 1.0);
    return (1 - a - d) * g + a * (is_gr ? r : b) + d * (is_gr ? b : r);
  };
  double gr = 0, gb = 0, gr_model = 0, gb_model = 0;
  for (int y = y0 + (y0 & 1); y < y1; y += 2)            // Gr: even rows,
    for (int x = x0 | 1; x < x1 && x + 1 < w; x += 2) {  // odd columns
      gr += raw.at(x, y) - black;
      gr_model += model(x, y, true);
      for (const int dy : {-1, 1})
        for (const int dx : {-1, 1}) {
          gb += 0.25 * (raw.at(x + dx, y + dy) - black);
          gb_model += 0.25 * model(x + dx, y + dy, false);
        }
    }
  return {gr / gb, gr_model / gb_model};
}

TEST(Crosstalk, GreenImbalanceGrowsTowardsTheEdgesInSaturatedColour) {
  const std::array<float, 3> orange = {0.45f, 0.12f, 0.01f};  // linear sRGB
  for (const double crosstalk : {0.03, 0.0}) {
    SensorProfile profile;
    profile.optics.crosstalk_at_edge = crosstalk;
    profile.hot_pixel_density = profile.dead_pixel_density = 0;
    SensorSettings settings = frame(256, 192);
    settings.exposure_s = 0.05;  // green at about a third of the range: noise well below the effect
    const Image16 raw = render_raw_frame(ColourScene(orange), profile, settings, 5, 0);
    std::array<double, 3> camera{};  // the camera's response to the colour, R G B
    for (int c = 0; c < 3; ++c)
      for (int k = 0; k < 3; ++k)
        camera[static_cast<size_t>(c)] += profile.camera_from_srgb[static_cast<size_t>(3 * c + k)] *
                                          orange[static_cast<size_t>(k)];
    const double black = raw_format(profile, settings).black_level_dn;
    const Imbalance edge = green_imbalance(raw, black, camera, crosstalk, 242, 256, 32, 160);
    const Imbalance centre = green_imbalance(raw, black, camera, crosstalk, 122, 134, 32, 160);
    EXPECT_NEAR(edge.measured, edge.predicted, 0.004) << crosstalk;
    EXPECT_NEAR(centre.measured, centre.predicted, 0.004) << crosstalk;
    if (crosstalk > 0) {
      EXPECT_GT(edge.measured, 1.02);  // a visible imbalance to correct
    }
  }
}

}  // namespace
}  // namespace ispsim::sensor
