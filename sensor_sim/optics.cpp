// Lens model: exposure, relative illumination, colour shading and separable Gaussian blur.
#include "sensor_sim/optics.hpp"

#include <algorithm>
#include <cmath>

namespace ispsim::sensor {
namespace {

constexpr double kDiffractionWavelengthUm = 0.55;
constexpr int kShadingSteps = 256;

}  // namespace

double blur_sigma_um(const OpticsProfile& optics, double f_number) {
  const double diffraction = 0.42 * kDiffractionWavelengthUm * f_number;
  const double focal_length_m = optics.focal_length_mm * 1e-3;
  const double blur_circle_um =
      focal_length_m * focal_length_m * std::abs(optics.defocus_dioptres) / f_number * 1e6;
  const double defocus = blur_circle_um / 4.0;
  const double aberration = optics.aberration_sigma_um;
  return std::sqrt(diffraction * diffraction + defocus * defocus + aberration * aberration);
}

double rendered_pixel_pitch_um(const SensorProfile& profile, const SensorSettings& settings) {
  return profile.pixel_pitch_um * profile.array_width_px / settings.width;
}

BlurKernel make_blur_kernel(double sigma_px) {
  BlurKernel kernel;
  kernel.sigma_px = sigma_px;
  if (sigma_px < 0.8) {
    const double side = 0.5 * sigma_px * sigma_px;
    kernel.radius = 1;
    kernel.taps = {static_cast<float>(side), static_cast<float>(1.0 - 2.0 * side),
                   static_cast<float>(side)};
    return kernel;
  }
  kernel.radius = static_cast<int>(std::ceil(4.0 * sigma_px));
  std::vector<double> taps(2 * kernel.radius + 1);
  double sum = 0;
  for (int k = -kernel.radius; k <= kernel.radius; ++k) {
    taps[k + kernel.radius] = std::exp(-0.5 * k * k / (sigma_px * sigma_px));
    sum += taps[k + kernel.radius];
  }
  for (double t : taps)
    kernel.taps.push_back(static_cast<float>(t / sum));
  return kernel;
}

double blur_kernel_mtf(const BlurKernel& kernel, double frequency_cy_px) {
  double response = 0;
  for (int k = -kernel.radius; k <= kernel.radius; ++k)
    response += kernel.taps[k + kernel.radius] * std::cos(2.0 * kPi * frequency_cy_px * k);
  return std::abs(response);
}

double relative_illumination(const OpticsProfile& optics, int channel, double r) {
  const double angle = optics.chief_ray_angle_deg * kPi / 180.0 * r;
  const double cos2 = std::cos(angle) * std::cos(angle);
  const double r2 = r * r;
  return cos2 * cos2 * (1.0 - optics.vignetting * r2 * r2) *
         (1.0 + optics.colour_shading[channel] * r2);
}

OpticalRowSource::OpticalRowSource(const Scene& scene, const SensorProfile& profile,
                                   const SensorSettings& settings)
    : scene_(scene), width_(settings.width), height_(settings.height) {
  const double f_number = effective_f_number(profile, settings);
  const double aperture = profile.optics.f_number / f_number;
  electrons_per_value_ = profile.electrons_per_second * settings.exposure_s * aperture * aperture;
  for (int i = 0; i < 9; ++i)
    response_[i] = static_cast<float>(profile.camera_from_srgb[i]);
  const OpticsProfile& optics = profile.optics;
  for (int c = 0; c < 3; ++c) {
    shading_[c].resize(kShadingSteps + 1);
    for (int i = 0; i <= kShadingSteps; ++i) {
      const double gain = optics.enabled
                              ? relative_illumination(optics, c, std::sqrt(1.0 * i / kShadingSteps))
                              : 1.0;
      shading_[c][i] = static_cast<float>(gain * electrons_per_value_);
    }
  }
  uniform_ = !optics.enabled;
  const double half_w = 0.5 * width_, half_h = 0.5 * height_;
  inv_half_diagonal_sq_ = 1.0 / (half_w * half_w + half_h * half_h);
  if (optics.enabled) {
    const double sigma_px =
        blur_sigma_um(optics, f_number) / rendered_pixel_pitch_um(profile, settings);
    kernel_ = make_blur_kernel(sigma_px);
    // Below ~0.01 px the taps round to the identity in float: skip the work.
    blur_ = sigma_px >= 0.01;
  } else {
    kernel_ = make_blur_kernel(0.0);
  }
  const size_t row_floats = 3 * static_cast<size_t>(width_);
  row_out_.resize(row_floats);
  if (blur_) {
    padded_.resize(row_floats + 6 * static_cast<size_t>(kernel_.radius));
    ring_.assign(2 * kernel_.radius + 1, std::vector<float>(row_floats));
  }
}

// Scene row y blurred along the row, edges extended by replication.
void OpticalRowSource::prepare_row(int y, float* out) {
  const int r = kernel_.radius;
  float* centre = padded_.data() + 3 * r;
  scene_.sample_row(y, width_, height_, centre);
  for (int k = 1; k <= r; ++k) {
    for (int c = 0; c < 3; ++c) {
      centre[3 * -k + c] = centre[c];
      centre[3 * (width_ - 1 + k) + c] = centre[3 * (width_ - 1) + c];
    }
  }
  // One pass per tap over the whole row: straight-line loops the compiler vectorises.
  const float* taps = kernel_.taps.data();
  const int n = 3 * width_;
  std::fill(out, out + n, 0.0f);
  for (int k = -r; k <= r; ++k) {
    const float t = taps[k + r];
    const float* src = centre + 3 * k;
    for (int i = 0; i < n; ++i)
      out[i] += t * src[i];
  }
}

const float* OpticalRowSource::scene_row(int y) {
  if (!blur_) {
    scene_.sample_row(y, width_, height_, row_out_.data());
    return row_out_.data();
  }
  const int r = kernel_.radius;
  const int ring = static_cast<int>(ring_.size());
  const int first = std::max(0, y - r), last = std::min(height_ - 1, y + r);
  if (next_row_ < first || next_row_ > last + 1) next_row_ = first;  // first call or a jump
  for (; next_row_ <= last; ++next_row_)
    prepare_row(next_row_, ring_[next_row_ % ring].data());
  const float* taps = kernel_.taps.data();
  std::fill(row_out_.begin(), row_out_.end(), 0.0f);
  for (int k = -r; k <= r; ++k) {
    const float* src = ring_[std::clamp(y + k, 0, height_ - 1) % ring].data();
    const float t = taps[k + r];
    for (size_t i = 0; i < row_out_.size(); ++i)
      row_out_[i] += t * src[i];
  }
  return row_out_.data();
}

void OpticalRowSource::row_electrons_per_response(int y, int channel_even, int channel_odd,
                                                  float* out, int cell_width) const {
  const float* tables[2] = {shading_[channel_even].data(), shading_[channel_odd].data()};
  const int cell_shift = cell_width == 2 ? 1 : 0;
  if (uniform_) {
    for (int x = 0; x < width_; ++x)
      out[x] = tables[(x >> cell_shift) & 1][0];
    return;
  }
  const double dy = y + 0.5 - 0.5 * height_;
  const auto dy2 = static_cast<float>(dy * dy * inv_half_diagonal_sq_ * kShadingSteps);
  const auto scale = static_cast<float>(inv_half_diagonal_sq_ * kShadingSteps);
  const float centre = 0.5f * static_cast<float>(width_) - 0.5f;
  for (int x = 0; x < width_; ++x) {
    const float dx = static_cast<float>(x) - centre;
    const float position = dx * dx * scale + dy2;
    const int i = std::min(static_cast<int>(position), kShadingSteps - 1);
    const float frac = position - static_cast<float>(i);
    const float* table = tables[(x >> cell_shift) & 1];
    out[x] = table[i] + frac * (table[i + 1] - table[i]);
  }
}

ImageF render_optical_image(const Scene& scene, const SensorProfile& profile,
                            const SensorSettings& settings) {
  validate_sensor_setup(profile, settings);
  OpticalRowSource source(scene, profile, settings);
  ImageF image(settings.width, settings.height, 3);
  const auto& m = source.response();
  std::vector<float> shading[3];
  for (auto& row : shading)
    row.resize(settings.width);
  for (int y = 0; y < settings.height; ++y) {
    const float* rgb = source.scene_row(y);
    for (int c = 0; c < 3; ++c)
      source.row_electrons_per_response(y, c, c, shading[c].data());
    float* out = image.row(y);
    for (int x = 0; x < settings.width; ++x) {
      const float* s = rgb + 3 * x;
      for (int c = 0; c < 3; ++c)
        out[3 * x + c] =
            (m[3 * c] * s[0] + m[3 * c + 1] * s[1] + m[3 * c + 2] * s[2]) * shading[c][x];
    }
  }
  return image;
}

}  // namespace ispsim::sensor
