// Skeleton pixel physics: scene -> camera RGB -> electrons (Poisson shot noise, full-well clip)
// -> Gaussian read noise -> system gain -> black-level pedestal -> rounding ADC. The signal chain
// follows the EMVA 1288 linear camera model, so a photon-transfer measurement of the output
// recovers K, the read noise and the 1/12 DN^2 quantisation term.
#include "sensor_sim/pixel_array.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "model/common/error.hpp"
#include "sensor_sim/random.hpp"

namespace ispsim::sensor {
namespace {

enum CfaChannel { kRed = 0, kGreen = 1, kBlue = 2 };

// RGGB: even rows R G R G ..., odd rows G B G B ...
constexpr CfaChannel kRggb[2][2] = {{kRed, kGreen}, {kGreen, kBlue}};

std::string format_value(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

[[noreturn]] void throw_bad_field(const std::string& field, const std::string& rule, double value) {
  throw ModelError("sensor " + field + " must be " + rule + " (got " + format_value(value) + ")");
}

// Round half up and clamp to 0..white_level, as the ADC does. Clamping first keeps the argument
// non-negative, where truncation equals floor (and is much cheaper than std::floor on baseline
// x86-64).
uint16_t to_code(double dn, int white_level) {
  const double clamped = std::clamp(dn + 0.5, 0.0, white_level + 0.5);
  return static_cast<uint16_t>(static_cast<int>(clamped));
}

// Test patterns replace the pixel array output, as a sensor's pattern generator does: no noise,
// no gain. 1: flat mid grey, half-way between black and white level on every channel.
// 2: eight vertical 100% bars, each CFA channel at white level where the bar's colour contains it,
// at black level where it does not.
void render_test_pattern(const SensorProfile& profile, const SensorSettings& settings,
                         Image16& frame) {
  const int white = white_level_dn(profile);
  const uint16_t black = to_code(profile.black_level_dn, white);
  const uint16_t mid =
      to_code(profile.black_level_dn + 0.5 * (white - profile.black_level_dn), white);
  // Presence of R, G, B in white, yellow, cyan, green, magenta, red, blue, black.
  constexpr bool kBars[8][3] = {{1, 1, 1}, {1, 1, 0}, {0, 1, 1}, {0, 1, 0},
                                {1, 0, 1}, {1, 0, 0}, {0, 0, 1}, {0, 0, 0}};
  const int width = settings.width;
  for (int y = 0; y < settings.height; ++y) {
    uint16_t* out = frame.row(y);
    for (int x = 0; x < width; ++x) {
      if (settings.test_pattern == 1) {
        out[x] = mid;
      } else {
        const int bar = static_cast<int>(static_cast<int64_t>(x) * 8 / width);
        out[x] = kBars[bar][kRggb[y & 1][x & 1]] ? static_cast<uint16_t>(white) : black;
      }
    }
  }
}

}  // namespace

int white_level_dn(const SensorProfile& profile) {
  return (1 << profile.adc_bits) - 1;
}

double system_gain_dn_per_electron(const SensorProfile& profile, const SensorSettings& settings) {
  return (white_level_dn(profile) - profile.black_level_dn) / profile.full_well_electrons *
         settings.analogue_gain * settings.digital_gain;
}

void validate_sensor_setup(const SensorProfile& profile, const SensorSettings& settings) {
  if (settings.width < 2) throw_bad_field("settings width", ">= 2", settings.width);
  if (settings.height < 2) throw_bad_field("settings height", ">= 2", settings.height);
  if (!(settings.exposure_s > 0.0) || !std::isfinite(settings.exposure_s))
    throw_bad_field("settings exposure_s", "> 0", settings.exposure_s);
  if (!(settings.analogue_gain >= 1.0) || !std::isfinite(settings.analogue_gain))
    throw_bad_field("settings analogue_gain", ">= 1", settings.analogue_gain);
  if (!(settings.digital_gain >= 1.0) || !std::isfinite(settings.digital_gain))
    throw_bad_field("settings digital_gain", ">= 1", settings.digital_gain);
  if (settings.test_pattern < 0 || settings.test_pattern > 2)
    throw_bad_field("settings test_pattern", "0, 1 or 2", settings.test_pattern);
  if (profile.adc_bits < 8 || profile.adc_bits > 16)
    throw_bad_field("profile adc_bits", "8..16", profile.adc_bits);
  if (!(profile.full_well_electrons > 0.0))
    throw_bad_field("profile full_well_electrons", "> 0", profile.full_well_electrons);
  if (!(profile.read_noise_electrons >= 0.0))
    throw_bad_field("profile read_noise_electrons", ">= 0", profile.read_noise_electrons);
  if (!(profile.black_level_dn >= 0.0 && profile.black_level_dn < white_level_dn(profile)))
    throw_bad_field("profile black_level_dn", "in 0..2^adc_bits-1", profile.black_level_dn);
  if (!(profile.electrons_per_second >= 0.0))
    throw_bad_field("profile electrons_per_second", ">= 0", profile.electrons_per_second);
}

Image16 render_raw_frame(const Scene& scene, const SensorProfile& profile,
                         const SensorSettings& settings, uint64_t seed, uint32_t frame_index) {
  validate_sensor_setup(profile, settings);
  const int width = settings.width, height = settings.height;
  Image16 frame(width, height, 1);
  if (settings.test_pattern != 0) {
    render_test_pattern(profile, settings, frame);
    return frame;
  }

  // Mean electrons per unit of scene value, per CFA channel: the camera response row scaled by
  // the photo-electron rate and the exposure.
  const double electrons_per_value = profile.electrons_per_second * settings.exposure_s;
  double response[3][3];
  for (int c = 0; c < 3; ++c)
    for (int k = 0; k < 3; ++k)
      response[c][k] = profile.camera_from_srgb[3 * c + k] * electrons_per_value;
  const double gain = system_gain_dn_per_electron(profile, settings);
  const double full_well = profile.full_well_electrons;
  const double read_noise = profile.read_noise_electrons;
  const double black = profile.black_level_dn;
  const int white = white_level_dn(profile);

  std::vector<float> rgb(3 * static_cast<size_t>(width));
  for (int y = 0; y < height; ++y) {
    scene.sample_row(y, width, height, rgb.data());
    // One independent stream per row: rows may be rendered in any order or in parallel.
    RandomStream random(seed, frame_index, static_cast<uint32_t>(y));
    uint16_t* out = frame.row(y);
    const double* even_response = response[kRggb[y & 1][0]];
    const double* odd_response = response[kRggb[y & 1][1]];
    for (int x = 0; x < width; ++x) {
      const double* r = (x & 1) ? odd_response : even_response;
      const float* scene_rgb = &rgb[3 * static_cast<size_t>(x)];
      const double mean = r[0] * scene_rgb[0] + r[1] * scene_rgb[1] + r[2] * scene_rgb[2];
      double electrons = std::min(random.poisson(mean), full_well);
      electrons += read_noise * random.normal();
      out[x] = to_code(electrons * gain + black, white);
    }
  }
  return frame;
}

}  // namespace ispsim::sensor
