#include "apps/sensor_dng.hpp"

#include <algorithm>
#include <cmath>

#include "sensor_sim/sensor_profile.hpp"

namespace ispsim::app {

namespace {
// Linear sRGB from CIE XYZ (D65 white), IEC 61966-2-1.
constexpr double kSrgbFromXyz[9] = {3.2406,  -1.5372, -0.4986,  //
                                    -0.9689, 1.8758,  0.0415,   //
                                    0.0557,  -0.2040, 1.0570};
}  // namespace

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
  const auto& m = profile.camera_from_srgb;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) {
      double sum = 0;
      for (int k = 0; k < 3; ++k)
        sum += m[3 * r + k] * kSrgbFromXyz[3 * k + c];
      dng.color_matrix1[3 * r + c] = sum;
    }
  // A neutral (sRGB white, the D65 white) in camera RGB, green normalised to 1.
  const double green = m[3] + m[4] + m[5];
  for (int c = 0; c < 3; ++c)
    dng.as_shot_neutral[c] = (m[3 * c] + m[3 * c + 1] + m[3 * c + 2]) / green;
  dng.model = profile.name;
  dng.unique_camera_model = "ispsim " + profile.name;
  dng.exposure_s = settings.exposure_s;
  dng.iso = 100.0 * settings.analogue_gain * settings.digital_gain;
  dng.f_number = settings.f_number > 0 ? settings.f_number : profile.optics.f_number;
  dng.focal_length_mm = profile.optics.focal_length_mm;
  return dng;
}

}  // namespace ispsim::app
