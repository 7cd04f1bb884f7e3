#include "apps/sensor_dng.hpp"

#include <algorithm>
#include <cmath>

#include "sensor_sim/colour_matrix.hpp"
#include "sensor_sim/sensor_figures.hpp"
#include "sensor_sim/sensor_profile.hpp"

namespace ispsim::app {

sensor::DngRaw dng_for(const Image16& raw, int bits, const sensor::RawFormat& format,
                       const sensor::SensorProfile& profile,
                       const sensor::SensorSettings& settings) {
  sensor::DngRaw dng;
  dng.raw = &raw;
  dng.bits_per_sample = bits;
  const double scale = std::ldexp(1.0, bits - format.bits);  // sensor depth to link depth
  dng.black_level.fill(format.black_level_dn * scale);
  dng.white_level = std::min(std::floor(format.white_level_dn * scale), std::ldexp(1.0, bits) - 1);
  // XYZ -> camera = (camera <- linear sRGB) x (linear sRGB <- XYZ): the DNG ColorMatrix1 for D65.
  const Eigen::Matrix3d camera_from_srgb = sensor::matrix3(profile.camera_from_srgb);
  dng.color_matrix1 = sensor::row_major(camera_from_srgb * sensor::srgb_from_xyz_d65());
  // A neutral (sRGB white, the D65 white) in camera RGB, green normalised to 1.
  const Eigen::Vector3d neutral = camera_from_srgb.rowwise().sum();
  for (int c = 0; c < 3; ++c)
    dng.as_shot_neutral[c] = neutral[c] / neutral[1];
  dng.model = profile.name;
  dng.unique_camera_model = "ispsim " + profile.name;
  dng.exposure_s = settings.exposure_s;
  dng.iso = 100.0 * settings.analogue_gain * settings.digital_gain;
  dng.f_number = settings.f_number > 0 ? settings.f_number : profile.optics.f_number;
  dng.focal_length_mm = profile.optics.focal_length_mm;
  // The sensor's noise at this gain (its configured figures, as a maker publishes them): shot
  // noise K x signal and the temporal dark noise, in link codes, then as fractions of the range.
  const sensor::SensorFigures figures = sensor::configured_figures(profile, settings);
  const double k = figures.system_gain_dn_per_e * scale;
  const double range = dng.white_level - dng.black_level[0];
  dng.noise_scale = k / range;
  dng.noise_offset = std::pow(figures.temporal_dark_noise_e * k, 2) / (range * range);
  return dng;
}

}  // namespace ispsim::app
