#pragma once
// The lens between the scene and the pixels: exposure through the f-number, relative illumination
// (cos^4 of the chief-ray angle and mechanical vignetting), colour shading, and a Gaussian blur
// whose MTF is known in closed form. The pixel array reads the optical image row by row from an
// OpticalRowSource; render_optical_image() gives the whole noise-free image for ground truth.
#include <array>
#include <vector>

#include "model/image/image.hpp"
#include "sensor_sim/pixel_array.hpp"
#include "sensor_sim/scene.hpp"
#include "sensor_sim/sensor_profile.hpp"

namespace ispsim::sensor {

// Blur of the lens in micrometres at the sensor, as one Gaussian sigma: the root-sum-square of
//  - diffraction: the Airy pattern's best-fit Gaussian, sigma = 0.42 lambda N at lambda = 0.55 um
//    (Zhang, Zerubia and Olivo-Marin, Applied Optics 46(10), 2007: sigma = 0.21 lambda / NA,
//    with NA = 1 / (2N));
//  - defocus: the geometric blur circle of diameter c = f^2 D / N (thin lens, object far beyond f,
//    D the focus error in dioptres); a uniform disc of radius c/2 has sigma c/4 per axis;
//  - residual aberrations: optics.aberration_sigma_um.
double blur_sigma_um(const OpticsProfile& optics, double f_number);

// Size of one rendered pixel at the sensor: the frame spans the profile's whole array whatever
// the rendered size, so a smaller frame has proportionally bigger pixels.
double rendered_pixel_pitch_um(const SensorProfile& profile, const SensorSettings& settings);

// A symmetric, normalised 1-D kernel applied along rows and then columns (the 2-D Gaussian is
// separable). For sigma >= 0.8 px: the sampled Gaussian out to 4 sigma, whose transfer function
// is exp(-2 pi^2 sigma^2 f^2) plus its aliases about f = +-1 (within 0.005 below 0.35 cycles/px
// at sigma 0.8, everywhere up to Nyquist from sigma 1.2). Below: the 3-tap kernel
// [s^2/2, 1 - s^2, s^2/2], which has exactly the Gaussian's variance s^2 (a sampled Gaussian
// would lose it between the samples).
struct BlurKernel {
  double sigma_px = 0;
  int radius = 0;
  std::vector<float> taps;  // 2 * radius + 1 taps
};
BlurKernel make_blur_kernel(double sigma_px);

// The kernel's transfer function at f cycles/pixel (its DTFT): the MTF the blur applies, exactly.
double blur_kernel_mtf(const BlurKernel& kernel, double frequency_cy_px);

// Relative illumination of camera channel c (0 R, 1 G, 2 B) at normalised radius r (0 on axis,
// 1 at the frame corner): cos^4(chief-ray angle) x (1 - vignetting r^4) x (1 + shading_c r^2).
double relative_illumination(const OpticsProfile& optics, int channel, double r);

// The noise-free optical image row by row: mean photo-electrons per pixel for each camera channel
// (R, G, B) in this exposure, before PRNU. Rows must be requested in increasing order; a source
// keeps the 2 x radius + 1 horizontally blurred scene rows the vertical blur needs, so a band of
// rows costs one scene row per output row (plus 2 x radius at the band start).
class OpticalRowSource {
 public:
  OpticalRowSource(const Scene& scene, const SensorProfile& profile,
                   const SensorSettings& settings);

  // The blurred scene at row y: 3 floats per pixel, linear sRGB scene values.
  const float* scene_row(int y);
  // Electrons per unit of camera response (exposure x aperture x shading) along row y, for a CFA
  // row of cells `cell_width` pixels wide (1 Bayer, 2 Quad Bayer): channel_even on the even
  // cells, channel_odd on the odd ones.
  void row_electrons_per_response(int y, int channel_even, int channel_odd, float* out,
                                  int cell_width = 1) const;
  // The camera response rows (camera_from_srgb).
  const std::array<float, 9>& response() const { return response_; }
  const BlurKernel& kernel() const { return kernel_; }

 private:
  void prepare_row(int y, float* out);

  const Scene& scene_;
  int width_, height_;
  BlurKernel kernel_;
  bool blur_ = false;
  bool uniform_ = false;  // no shading: every pixel gets the on-axis value
  std::array<float, 9> response_{};
  double electrons_per_value_ = 0;  // exposure x rate at this aperture
  // Shading tables over r^2 in [0, 1], 256 steps, one per channel, already x electrons_per_value.
  std::array<std::vector<float>, 3> shading_;
  double inv_half_diagonal_sq_ = 0;
  std::vector<float> padded_, row_out_;
  std::vector<std::vector<float>> ring_;  // horizontally blurred rows, indexed y mod ring size
  int next_row_ = -1;                     // first row not yet in the ring
};

// The whole optical image as camera RGB (3 channels): mean photo-electrons per pixel, no noise.
ImageF render_optical_image(const Scene& scene, const SensorProfile& profile,
                            const SensorSettings& settings);

}  // namespace ispsim::sensor
