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
#include <string>
#include <vector>

#include "model/common/error.hpp"
#include "model/common/row_bands.hpp"
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
  bool quad;
  float quad_gain[4][4];  // [y & 3][x & 3]: the unit's quad-cell gain (1 for Bayer)
  // DCG (dcg_ratio > 0): 10-bit reads at low and high conversion gain, combined.
  int dcg_ratio;
  double lcg_k, hcg_k;                  // DN10 per electron
  double lcg_read_e, hcg_read_e;        // read + ADC noise referred to the pixel
  double dcg_black, dcg_switch_signal;  // combined pedestal; HCG signal above which LCG is used
};

// Reference table: 10-bit black 64, white 1023.
constexpr double kDcgBlack10 = 64.0, kDcgWhite10 = 1023.0;
// HCG read noise relative to LCG. The larger conversion gain divides the source follower's and
// column's noise referred to the pixel; 1/2 is an estimate (DCG sensors quote ~1 e- HCG against
// ~2-3 e- LCG, e.g. Sony's IMX585 and OmniVision's DCG papers).
constexpr double kHcgReadNoiseFraction = 0.5;
// Switch to LCG when the HCG signal passes 80% of its range, well before the HCG read clips.
constexpr double kDcgSwitchFraction = 0.8;

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
  k.quad = settings.cfa == CfaLayout::kQuadBayer;
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 4; ++x)
      k.quad_gain[y][x] = k.quad ? static_cast<float>(quad_cell_gain(profile, x, y)) : 1.0f;
  k.dcg_ratio = settings.dcg_ratio;
  if (k.dcg_ratio > 0) {
    // LCG fills the 10-bit range with the full well, as the normal read fills the ADC's.
    k.lcg_k = k.analog_k * (kDcgWhite10 - kDcgBlack10) / (k.white - k.black);
    k.hcg_k = k.lcg_k * k.dcg_ratio;
    const double adc_dn10 =
        profile.adc_noise_dn * (kDcgWhite10 - kDcgBlack10) / (k.white - k.black);
    k.lcg_read_e = std::hypot(profile.read_noise_electrons, adc_dn10 / k.lcg_k);
    k.hcg_read_e =
        std::hypot(kHcgReadNoiseFraction * profile.read_noise_electrons, adc_dn10 / k.hcg_k);
    k.dcg_black = kDcgBlack10;
    k.dcg_switch_signal = kDcgSwitchFraction * (kDcgWhite10 - kDcgBlack10);
    k.white = raw_format(profile, settings).white_level_dn;
    k.black = k.dcg_black;
  }
  return k;
}

// One pixel's charge read at both conversion gains (each with its own read noise and 10-bit
// conversion) and combined in HCG DN: the HCG code while it has room, else the LCG code times
// the ratio. Both codes see the same charge, so the seam is linear up to the gains' accuracy.
inline double dcg_combined_dn(double electrons, const FrameConstants& k, RandomStream& random) {
  const auto read10 = [](double dn) {
    return std::floor(std::clamp(dn + 0.5, 0.0, kDcgWhite10 + 0.5));
  };
  const double hcg =
      read10((electrons + k.hcg_read_e * random.normal()) * k.hcg_k + kDcgBlack10) - kDcgBlack10;
  const double lcg =
      read10((electrons + k.lcg_read_e * random.normal()) * k.lcg_k + kDcgBlack10) - kDcgBlack10;
  return (hcg < k.dcg_switch_signal ? hcg : lcg * k.dcg_ratio) + k.dcg_black;
}

// Rows go to the render threads in chunks, to whichever thread asks next (run_work_queue): a
// scene's rows do not cost the same (dark ones take exact Poisson draws), and contiguous halves
// left one of two threads idle for up to a third of the frame.
constexpr int kRenderChunkRows = 64;

// Renders the chunks of kRenderChunkRows rows that `next_chunk` hands out (-1: none left) into
// `frame`. Every row is rendered the same whichever thread takes it.
template <typename NextChunk>
void render_rows(const Scene& scene, const SensorProfile& profile, const SensorSettings& settings,
                 const FixedPattern& fixed, FixedPatternCache* cache, const FrameConstants& k,
                 uint64_t seed, uint32_t frame_index, const NextChunk& next_chunk, Image16& frame) {
  OpticalRowSource optics(scene, profile, settings);
  const auto& m = optics.response();
  FixedPatternRow own_row;
  const int width = settings.width;
  std::vector<float> shading(width);
  // Crosstalk (Bayer readouts: a Quad Bayer pixel's neighbours are mostly its own colour): the
  // fraction from the neighbours across grows with |x| from the centre, the one from above and
  // below with |y|.
  const double crosstalk = profile.optics.enabled && !k.quad ? profile.optics.crosstalk_at_edge : 0;
  std::vector<float> across(crosstalk > 0 ? width : 0);
  for (int x = 0; x < static_cast<int>(across.size()); ++x)
    across[x] = static_cast<float>(crosstalk * std::abs(2.0 * (x + 0.5) / width - 1.0));
  for (int chunk; (chunk = next_chunk()) >= 0;)
    for (int y = chunk * kRenderChunkRows;
         y < std::min(settings.height, (chunk + 1) * kRenderChunkRows); ++y) {
      const float* rgb = optics.scene_row(y);
      if (!cache) fixed.row(y, width, own_row);
      const FixedPatternRow& pattern = cache ? cache->row(fixed, y) : own_row;
      const int cfa_row = k.quad ? (y >> 1) & 1 : y & 1;
      optics.row_electrons_per_response(y, kRggb[cfa_row][0], kRggb[cfa_row][1], shading.data(),
                                        k.quad ? 2 : 1);
      const float* quad_gain = k.quad_gain[y & 3];
      RandomStream random(seed, frame_index, static_cast<uint32_t>(y));
      const double row_offset = k.row_noise * random.normal();
      uint16_t* out = frame.row(y);
      const auto down =
          static_cast<float>(crosstalk * std::abs(2.0 * (y + 0.5) / settings.height - 1.0));
      for (int x = 0; x < width; ++x) {
        const int c = kRggb[cfa_row][k.quad ? (x >> 1) & 1 : x & 1];
        const float* s = rgb + 3 * x;
        const auto channel_response = [&](int channel) {
          return m[3 * channel] * s[0] + m[3 * channel + 1] * s[1] + m[3 * channel + 2] * s[2];
        };
        float response = channel_response(c);
        if (crosstalk > 0) {
          // The neighbours across are the row's other colour, those above and below the other
          // row's colour in this column; the scene is smooth at a pixel's scale once blurred.
          const int beside = kRggb[cfa_row][(x & 1) ^ 1], above = kRggb[cfa_row ^ 1][x & 1];
          const float a = across[x];
          response = (1.0f - a - down) * response + a * channel_response(beside) +
                     down * channel_response(above);
        }
        const double mean =
            static_cast<double>(response * shading[x]) * (pattern.gain[x] * quad_gain[x & 3]) +
            pattern.dark_e_per_s[x] * k.exposure_s;
        double electrons;
        if (k.dcg_ratio > 0) {
          electrons =
              std::min(random.poisson(mean), k.full_well) + pattern.offset_e[x] + row_offset;
          const double dn = dcg_combined_dn(electrons, k, random);
          out[x] = to_code(k.digital_gain == 1.0 ? dn : (dn - k.black) * k.digital_gain + k.black,
                           k.white);
          continue;
        }
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

RawFormat raw_format(const SensorProfile& profile, const SensorSettings& settings) {
  if (settings.dcg_ratio == 0)
    return {profile.adc_bits, profile.black_level_dn, white_level_dn(profile)};
  const int white =
      static_cast<int>(kDcgBlack10 + (kDcgWhite10 - kDcgBlack10) * settings.dcg_ratio);
  return {settings.dcg_ratio == 4 ? 12 : 14, kDcgBlack10, white};
}

Image16 render_raw_frame(const Scene& scene, const SensorProfile& profile,
                         const SensorSettings& settings, uint64_t seed, uint32_t frame_index) {
  return render_raw_frame(scene, profile, settings, seed, frame_index, RenderOptions{});
}

Image16 render_raw_frame(const Scene& scene, const SensorProfile& profile,
                         const SensorSettings& settings, uint64_t seed, uint32_t frame_index,
                         const RenderOptions& options) {
  validate_sensor_setup(profile, settings);
  if (settings.dcg_ratio != 0 && settings.dcg_ratio != 4 && settings.dcg_ratio != 16)
    throw ModelError("sensor settings dcg_ratio must be 0, 4 or 16 (got " +
                     std::to_string(settings.dcg_ratio) + ")");
  Image16 frame(settings.width, settings.height, 1);
  if (settings.test_pattern != 0) {
    render_test_pattern(profile, settings, frame);
    return frame;
  }
  const FixedPattern fixed(profile, settings.temperature_c);
  const FrameConstants k = frame_constants(profile, settings);
  const int threads = std::clamp(options.threads, 1, settings.height);
  // The cache only where frames repeat: a single frame computes each row's pattern as it goes.
  FixedPatternCache* cache = options.fixed_pattern_cache;
  if (cache && !cache->prepare(profile, settings.temperature_c, settings.width, settings.height))
    cache = nullptr;
  const int chunks = (settings.height + kRenderChunkRows - 1) / kRenderChunkRows;
  run_work_queue(chunks, threads, [&](const auto& next_chunk) {
    render_rows(scene, profile, settings, fixed, cache, k, seed, frame_index, next_chunk, frame);
  });
  return frame;
}

}  // namespace ispsim::sensor
