// Pixel physics, after the EMVA 1288 linear camera model extended with the effects it leaves out:
//   electrons n = min(Poisson(gain_prnu x photo-electrons + dark current x t), full well)
//   DN = round(K_a (n + DSNU offset + row offset + read noise) + ADC noise + black), clamped
//   then digital gain on the code: round((DN - black) x dg + black), clamped.
// Poisson of the sum covers photon shot noise and dark-current shot noise in one draw (the sum of
// independent Poisson variables is Poisson). A photon transfer measurement of the output recovers
// K, the input-referred dark noise, PRNU and DSNU (see sensor_figures.hpp for the expected values).
#include "sensor_sim/pixel_array.hpp"

#include <algorithm>
#include <cmath>
#include <thread>
#include <vector>

#include "sensor_sim/fixed_pattern.hpp"
#include "sensor_sim/optics.hpp"
#include "sensor_sim/random.hpp"
#include "sensor_sim/test_pattern.hpp"

namespace ispsim::sensor {
namespace {

// RGGB: even rows R G R G ..., odd rows G B G B ...
constexpr int kRggb[2][2] = {{0, 1}, {1, 2}};

// Round half up and clamp to 0..white_level, as the ADC does. Clamping first keeps the argument
// non-negative, where truncation equals floor (and is much cheaper than std::floor on baseline
// x86-64).
inline uint16_t to_code(double dn, int white_level) {
  const double clamped = std::clamp(dn + 0.5, 0.0, white_level + 0.5);
  return static_cast<uint16_t>(static_cast<int>(clamped));
}

// Everything a row needs that is the same for the whole frame.
struct FrameConstants {
  double exposure_s, full_well, analog_k, black, digital_gain, row_noise;
  double read_sigma;  // Gaussian case: read and ADC noise combined, referred to the pixel
  double read_variance;
  double clip_free_mean;  // below it, mean + 8 sqrt(mean) stays under the full well
  bool tukey;
  double tukey_lambda, tukey_scale, adc_sigma_e;
  int white;
};

FrameConstants frame_constants(const SensorProfile& profile, const SensorSettings& settings) {
  FrameConstants k{};
  k.exposure_s = settings.exposure_s;
  k.full_well = profile.full_well_electrons;
  SensorSettings analog = settings;
  analog.digital_gain = 1.0;
  k.analog_k = system_gain_dn_per_electron(profile, analog);
  k.black = profile.black_level_dn;
  k.digital_gain = settings.digital_gain;
  k.row_noise = profile.row_noise_electrons;
  k.adc_sigma_e = profile.adc_noise_dn / k.analog_k;
  k.read_sigma = std::hypot(profile.read_noise_electrons, k.adc_sigma_e);
  k.read_variance = k.read_sigma * k.read_sigma;
  const double root = std::sqrt(16.0 + k.full_well) - 4.0;  // m + 8 sqrt(m) = full well
  k.clip_free_mean = root * root;
  k.tukey = profile.read_noise_tukey;
  k.tukey_lambda = profile.read_noise_tukey_lambda;
  k.tukey_scale = profile.read_noise_electrons / std::sqrt(tukey_lambda_variance(k.tukey_lambda));
  k.white = white_level_dn(profile);
  return k;
}

// Renders rows [y0, y1) into `frame`.
void render_band(const Scene& scene, const SensorProfile& profile, const SensorSettings& settings,
                 const FixedPattern& fixed, FixedPatternCache* cache, const FrameConstants& k,
                 uint64_t seed, uint32_t frame_index, int y0, int y1, Image16& frame) {
  OpticalRowSource optics(scene, profile, settings);
  const auto& m = optics.response();
  FixedPatternRow own_row;
  const int width = settings.width;
  std::vector<float> shading(width);
  for (int y = y0; y < y1; ++y) {
    const float* rgb = optics.scene_row(y);
    if (!cache) fixed.row(y, width, own_row);
    const FixedPatternRow& pattern = cache ? cache->row(fixed, y) : own_row;
    optics.row_electrons_per_response(y, kRggb[y & 1][0], kRggb[y & 1][1], shading.data());
    RandomStream random(seed, frame_index, static_cast<uint32_t>(y));
    const double row_offset = k.row_noise * random.normal();
    uint16_t* out = frame.row(y);
    for (int x = 0; x < width; ++x) {
      const int c = kRggb[y & 1][x & 1];
      const float* s = rgb + 3 * x;
      const float response = m[3 * c] * s[0] + m[3 * c + 1] * s[1] + m[3 * c + 2] * s[2];
      const double mean = static_cast<double>(response * shading[x]) * pattern.gain[x] +
                          pattern.dark_e_per_s[x] * k.exposure_s;
      double electrons;
      if (mean >= RandomStream::kPoissonExactBelow && mean < k.clip_free_mean && !k.tukey) {
        // Far from the full well (>= 8 sigma), so nothing clips: the normal approximation of the
        // shot noise and the Gaussian read noise add into one normal draw.
        electrons = mean + std::sqrt(mean + k.read_variance) * random.normal() +
                    (pattern.offset_e[x] + row_offset);
        out[x] = to_code(electrons * k.analog_k + k.black, k.white);
        if (k.digital_gain != 1.0)
          out[x] = to_code((out[x] - k.black) * k.digital_gain + k.black, k.white);
        continue;
      }
      electrons = std::min(random.poisson(mean), k.full_well);
      electrons += pattern.offset_e[x] + row_offset;
      if (k.tukey) {
        electrons += k.tukey_scale * random.tukey_lambda(k.tukey_lambda);
        electrons += k.adc_sigma_e * random.normal();
      } else {
        electrons += k.read_sigma * random.normal();
      }
      uint16_t code = to_code(electrons * k.analog_k + k.black, k.white);
      if (k.digital_gain != 1.0)
        code = to_code((code - k.black) * k.digital_gain + k.black, k.white);
      out[x] = code;
    }
  }
}

}  // namespace

Image16 render_raw_frame(const Scene& scene, const SensorProfile& profile,
                         const SensorSettings& settings, uint64_t seed, uint32_t frame_index) {
  return render_raw_frame(scene, profile, settings, seed, frame_index, RenderOptions{});
}

Image16 render_raw_frame(const Scene& scene, const SensorProfile& profile,
                         const SensorSettings& settings, uint64_t seed, uint32_t frame_index,
                         const RenderOptions& options) {
  validate_sensor_setup(profile, settings);
  Image16 frame(settings.width, settings.height, 1);
  if (settings.test_pattern != 0) {
    render_test_pattern(profile, settings, frame);
    return frame;
  }
  const FixedPattern fixed(profile, settings.temperature_c);
  const FrameConstants k = frame_constants(profile, settings);
  const int bands = std::clamp(options.threads, 1, settings.height);
  FixedPatternCache* cache = options.fixed_pattern_cache;
  if (cache) cache->prepare(profile, settings.temperature_c, settings.width, settings.height);
  if (bands == 1) {
    render_band(scene, profile, settings, fixed, cache, k, seed, frame_index, 0, settings.height,
                frame);
    return frame;
  }
  std::vector<std::thread> workers;
  for (int b = 0; b < bands; ++b) {
    const int y0 = static_cast<int>(static_cast<int64_t>(settings.height) * b / bands);
    const int y1 = static_cast<int>(static_cast<int64_t>(settings.height) * (b + 1) / bands);
    workers.emplace_back([&, y0, y1] {
      render_band(scene, profile, settings, fixed, cache, k, seed, frame_index, y0, y1, frame);
    });
  }
  for (std::thread& worker : workers)
    worker.join();
  return frame;
}

}  // namespace ispsim::sensor
