// Pixel physics beyond the linear model: dark signal vs exposure and temperature, heavy-tailed
// read noise, row noise, ADC depths, digital gain, gain limits and thread-count independence.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "model/common/error.hpp"
#include "sensor_sim/fixed_pattern.hpp"
#include "sensor_sim/pixel_array.hpp"
#include "sensor_sim/random.hpp"

namespace ispsim::sensor {
namespace {

SensorProfile bare_profile() {
  SensorProfile p;
  p.optics.enabled = false;
  p.hot_pixel_density = 0;
  p.dead_pixel_density = 0;
  return p;
}

SensorSettings small(double exposure_s, double gain = 1.0) {
  SensorSettings s;
  s.width = s.height = 128;
  s.exposure_s = exposure_s;
  s.analogue_gain = gain;
  return s;
}

double mean_of(const Image16& frame) {
  double sum = 0;
  for (uint16_t v : frame.samples())
    sum += v;
  return sum / frame.sample_count();
}

// Mean dark signal in electrons.
double dark_electrons(const SensorProfile& p, const SensorSettings& s) {
  const Image16 frame = render_raw_frame(*make_builtin_scene("dark"), p, s, 5, 0);
  return (mean_of(frame) - p.black_level_dn) / system_gain_dn_per_electron(p, s);
}

TEST(DarkSignal, GrowsLinearlyWithExposureAndDoublesEverySixAndAHalfDegrees) {
  SensorProfile p = bare_profile();
  p.dark_current_e_per_s = 50;
  SensorSettings s = small(0.5, 8.0);
  EXPECT_NEAR(dark_electrons(p, s), 25, 0.5);
  s.exposure_s = 1.0;
  EXPECT_NEAR(dark_electrons(p, s), 50, 0.8);
  s.temperature_c = p.dark_current_reference_c + 13;
  EXPECT_NEAR(dark_electrons(p, s), 200, 2.5);
}

TEST(ReadNoise, TukeyLambdaHasTheConfiguredVarianceAndHeavierTails) {
  for (double lambda : {0.0, 0.05, 0.14}) {
    RandomStream random(11, 0, static_cast<uint32_t>(lambda * 100));
    const double scale = 1.0 / std::sqrt(tukey_lambda_variance(lambda));
    const int n = 400000;
    double m2 = 0, m4 = 0;
    for (int i = 0; i < n; ++i) {
      const double v = scale * random.tukey_lambda(lambda);
      m2 += v * v;
      m4 += v * v * v * v;
    }
    m2 /= n;
    m4 /= n;
    EXPECT_NEAR(m2, 1.0, 0.015) << lambda;
    const double kurtosis = m4 / (m2 * m2);
    if (lambda == 0.0) {
      EXPECT_NEAR(kurtosis, 4.2, 0.15);  // the logistic distribution
    } else if (lambda == 0.14) {
      EXPECT_NEAR(kurtosis, 3.0, 0.1);  // close to Gaussian
    }
  }
}

// Kurtosis of the difference of two dark frames (fixed pattern cancels).
double dark_difference_kurtosis(const SensorProfile& p) {
  const SensorSettings s = small(1e-4, 16.0);
  const auto dark = make_builtin_scene("dark");
  const Image16 a = render_raw_frame(*dark, p, s, 1, 0), b = render_raw_frame(*dark, p, s, 1, 1);
  double m2 = 0, m4 = 0;
  for (size_t i = 0; i < a.sample_count(); ++i) {
    const double d = static_cast<double>(a.samples()[i]) - b.samples()[i];
    m2 += d * d;
    m4 += d * d * d * d;
  }
  m2 /= a.sample_count();
  m4 /= a.sample_count();
  return m4 / (m2 * m2);
}

TEST(ReadNoise, HeavyTailedOptionRaisesTheKurtosisOfDarkFrames) {
  SensorProfile p = bare_profile();
  p.row_noise_electrons = 0;
  p.read_noise_electrons = 4;
  const double gaussian = dark_difference_kurtosis(p);
  p.read_noise_tukey = true;
  p.read_noise_tukey_lambda = 0.0;
  EXPECT_NEAR(gaussian, 3.0, 0.15);
  EXPECT_GT(dark_difference_kurtosis(p), 3.4);  // logistic 4.2, halved excess in a difference
}

TEST(RowNoise, AddsOneOffsetPerRow) {
  SensorProfile p = bare_profile();
  p.row_noise_electrons = 3.0;
  SensorSettings s = small(1e-4, 16.0);
  s.height = 2048;  // the row-mean variance is known to sqrt(2 / 2048) = 3%
  const auto dark = make_builtin_scene("dark");
  const Image16 a = render_raw_frame(*dark, p, s, 2, 0), b = render_raw_frame(*dark, p, s, 2, 1);
  // Variance of the row means of a - b: 2 sigma_row^2 K^2 plus the pixel noise over the width.
  const double k = system_gain_dn_per_electron(p, s);
  double sum_sq = 0, pixel_var = 0;
  for (int y = 0; y < s.height; ++y) {
    double row = 0, row_sq = 0;
    for (int x = 0; x < s.width; ++x) {
      const double d = static_cast<double>(a.at(x, y)) - b.at(x, y);
      row += d;
      row_sq += d * d;
    }
    row /= s.width;
    sum_sq += row * row;
    pixel_var += row_sq / s.width - row * row;
  }
  const double expected = 2 * 9.0 * k * k + pixel_var / s.height / s.width;
  EXPECT_NEAR(sum_sq / s.height, expected, 0.12 * expected);
}

class AdcDepth : public testing::TestWithParam<int> {};

TEST_P(AdcDepth, BlackLevelAndGainScaleWithTheCodeRange) {
  SensorProfile p = bare_profile();
  p.adc_bits = GetParam();
  p.black_level_dn = 64.0 * (1 << (GetParam() - 10));  // 64 DN at 10 bit
  const double white = (1 << GetParam()) - 1;
  SensorSettings s = small(0.001);
  EXPECT_NEAR(system_gain_dn_per_electron(p, s), (white - p.black_level_dn) / 31000.0, 1e-12);
  const auto flat = make_builtin_scene("flat");
  const double electrons = 0.5 * 1.10 * p.electrons_per_second * s.exposure_s;
  double green = 0;
  const Image16 frame = render_raw_frame(*flat, p, s, 4, 0);
  for (int y = 0; y < s.height; y += 2)
    for (int x = 1; x < s.width; x += 2)
      green += frame.at(x, y);
  green /= s.width * s.height / 4;
  EXPECT_NEAR(green, p.black_level_dn + electrons * system_gain_dn_per_electron(p, s),
              0.01 * electrons * system_gain_dn_per_electron(p, s));
  s.exposure_s = 1.0;  // far beyond full well
  const Image16 saturated = render_raw_frame(*flat, p, s, 4, 0);
  EXPECT_EQ(*std::max_element(saturated.samples().begin(), saturated.samples().end()), white);
}

INSTANTIATE_TEST_SUITE_P(TenTwelveFourteenBit, AdcDepth, testing::Values(10, 12, 14));

TEST(DigitalGain, MultipliesCodesAboveBlackAfterTheAdc) {
  const SensorProfile p = bare_profile();
  SensorSettings s = small(0.002);
  const auto flat = make_builtin_scene("flat");
  const double base = mean_of(render_raw_frame(*flat, p, s, 6, 0)) - p.black_level_dn;
  s.digital_gain = 2.0;
  const Image16 doubled = render_raw_frame(*flat, p, s, 6, 0);
  EXPECT_NEAR(mean_of(doubled) - p.black_level_dn, 2 * base, 0.01 * base);
  for (uint16_t v : doubled.samples())  // codes step by 2 from black: every other code is missing
    ASSERT_EQ((v - 256) % 2, 0);
}

TEST(AnalogueGain, AcceptsUpToTheProfileMaximumOnly) {
  const SensorProfile p = bare_profile();
  const auto flat = make_builtin_scene("flat");
  EXPECT_NO_THROW(render_raw_frame(*flat, p, small(0.001, 64.0), 1, 0));
  try {
    render_raw_frame(*flat, p, small(0.001, 65.0), 1, 0);
    FAIL();
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("analogue_gain must be <= the profile's max"),
              std::string::npos)
        << e.what();
  }
}

TEST(Rendering, BitsDoNotDependOnThreadsOrTheFixedPatternCache) {
  const SensorProfile p;  // everything on: lens, blur, fixed pattern, defects
  SensorSettings s;
  s.width = 300;
  s.height = 201;
  s.exposure_s = 0.01;
  const auto chart = make_builtin_scene("chart");
  const Image16 one = render_raw_frame(*chart, p, s, 9, 2);
  RenderOptions options;
  FixedPatternCache cache;
  for (int threads : {2, 3, 7}) {
    options.threads = threads;
    EXPECT_EQ(render_raw_frame(*chart, p, s, 9, 2, options), one) << threads;
    options.fixed_pattern_cache = &cache;
    EXPECT_EQ(render_raw_frame(*chart, p, s, 9, 2, options), one) << threads << " cached";
    options.fixed_pattern_cache = nullptr;
  }
}

// A stream of frames through one cache: the first frame computes its fixed pattern row by row
// (the cache stays empty), the second fills the cache, the third reads it. Each must equal the same
// frame rendered with no cache at all, bit for bit, and a changed size starts afresh.
TEST(Rendering, CachedAndUncachedFixedPatternGiveTheSameBitsFrameByFrame) {
  const SensorProfile p;  // PRNU, DSNU, dark current, hot and dead pixels all on
  SensorSettings s;
  s.width = 258;
  s.height = 131;
  s.exposure_s = 0.02;
  s.temperature_c = 45;  // many hot pixels
  const auto chart = make_builtin_scene("chart");
  RenderOptions cached;
  cached.threads = 2;
  FixedPatternCache cache;
  cached.fixed_pattern_cache = &cache;
  const int expected_cached_rows[] = {0, s.height, s.height};
  for (uint32_t frame = 0; frame < 3; ++frame) {
    const Image16 uncached = render_raw_frame(*chart, p, s, 4, frame);
    EXPECT_EQ(render_raw_frame(*chart, p, s, 4, frame, cached), uncached) << "frame " << frame;
    EXPECT_EQ(cache.cached_rows(), expected_cached_rows[frame]) << "frame " << frame;
  }
  s.width = 130;  // another size: a single frame again, computed on the fly
  EXPECT_EQ(render_raw_frame(*chart, p, s, 4, 3, cached), render_raw_frame(*chart, p, s, 4, 3));
  EXPECT_EQ(cache.cached_rows(), 0);
}

TEST(Rendering, ExposureAndApertureActPhysically) {
  const SensorProfile p = bare_profile();
  const auto flat = make_builtin_scene("flat");
  SensorSettings s = small(0.002);
  const double base = mean_of(render_raw_frame(*flat, p, s, 8, 0)) - p.black_level_dn;
  s.exposure_s = 0.004;
  EXPECT_NEAR(mean_of(render_raw_frame(*flat, p, s, 8, 0)) - p.black_level_dn, 2 * base,
              0.01 * base);
  s.f_number = 2 * p.optics.f_number;  // two stops down: a quarter of the light
  EXPECT_NEAR(mean_of(render_raw_frame(*flat, p, s, 8, 0)) - p.black_level_dn, 0.5 * base,
              0.01 * base);
}

}  // namespace
}  // namespace ispsim::sensor
