// Pixel-array physics against the analytic EMVA 1288 linear camera model, the random generators,
// test patterns, determinism and settings validation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "model/common/error.hpp"
#include "sensor_sim/pixel_array.hpp"
#include "sensor_sim/random.hpp"

namespace ispsim::sensor {
namespace {

// ---- random generators ----------------------------------------------------------------------

struct Moments {
  double mean = 0, variance = 0;
};

template <typename Draw>
Moments moments_of(int n, Draw draw) {
  double sum = 0, sum_sq = 0;
  for (int i = 0; i < n; ++i) {
    const double v = draw();
    sum += v;
    sum_sq += v * v;
  }
  const double mean = sum / n;
  return {mean, (sum_sq - n * mean * mean) / (n - 1)};
}

TEST(RandomStream, UniformIsInUnitIntervalWithMeanHalfAndVarianceOneTwelfth) {
  RandomStream random(1, 0, 0);
  double lowest = 1, highest = 0;
  const Moments m = moments_of(200000, [&] {
    const double u = random.uniform();
    lowest = std::min(lowest, u);
    highest = std::max(highest, u);
    return u;
  });
  EXPECT_GE(lowest, 0.0);
  EXPECT_LT(highest, 1.0);
  EXPECT_NEAR(m.mean, 0.5, 0.003);
  EXPECT_NEAR(m.variance, 1.0 / 12, 0.001);
}

TEST(RandomStream, NormalHasZeroMeanUnitVarianceAndGaussianTails) {
  RandomStream random(2, 0, 0);
  int beyond_two = 0, beyond_three = 0, in_tail = 0;
  const int n = 400000;
  const Moments m = moments_of(n, [&] {
    const double z = random.normal();
    beyond_two += std::abs(z) > 2.0;
    beyond_three += std::abs(z) > 3.0;
    in_tail += std::abs(z) > 3.6541528853610088;  // the ziggurat's separately sampled tail
    return z;
  });
  EXPECT_NEAR(m.mean, 0.0, 0.008);
  EXPECT_NEAR(m.variance, 1.0, 0.012);
  // Two-sided tail probabilities 2 P(Z > t), within about four standard errors.
  EXPECT_NEAR(static_cast<double>(beyond_two) / n, 0.04550, 0.0014);
  EXPECT_NEAR(static_cast<double>(beyond_three) / n, 0.00270, 0.00035);
  EXPECT_NEAR(static_cast<double>(in_tail) / n, 0.000258, 0.0001);
}

class PoissonMoments : public testing::TestWithParam<double> {};

TEST_P(PoissonMoments, MeanAndVarianceEqualTheRequestedMean) {
  const double mean = GetParam();
  RandomStream random(3, 0, static_cast<uint32_t>(mean * 10));
  const int n = 200000;
  bool all_integers = true;
  const Moments m = moments_of(n, [&] {
    const double k = random.poisson(mean);
    all_integers = all_integers && k >= 0 && k == std::floor(k);
    return k;
  });
  EXPECT_TRUE(all_integers);
  // Five standard errors: deterministic seeds, so this never flakes, yet catches a biased method.
  EXPECT_NEAR(m.mean, mean, 5 * std::sqrt(mean / n));
  // The normal approximation's rounding adds 1/12 to the variance above the exact range.
  const double expected_variance =
      mean >= RandomStream::kPoissonExactBelow ? mean + 1.0 / 12 : mean;
  EXPECT_NEAR(m.variance, expected_variance, 5 * mean * std::sqrt(2.0 / n) + 0.01);
}

INSTANTIATE_TEST_SUITE_P(SmallAndLargeMeans, PoissonMoments,
                         testing::Values(0.5, 3.0, 20.0, 29.9, 30.0, 200.0, 20000.0));

TEST(RandomStream, PoissonZeroProbabilityAtMeanHalfIsExpMinusHalf) {
  RandomStream random(4, 0, 0);
  const int n = 200000;
  int zeros = 0;
  for (int i = 0; i < n; ++i)
    zeros += random.poisson(0.5) == 0.0;
  EXPECT_NEAR(static_cast<double>(zeros) / n, std::exp(-0.5), 0.005);
}

TEST(RandomStream, PoissonOfNonPositiveMeanIsZero) {
  RandomStream random(5, 0, 0);
  EXPECT_EQ(random.poisson(0.0), 0.0);
  EXPECT_EQ(random.poisson(-3.0), 0.0);
}

TEST(RandomStream, StreamsDependOnSeedFrameAndRow) {
  const uint64_t base = RandomStream(7, 1, 2).next_u64();
  EXPECT_EQ(RandomStream(7, 1, 2).next_u64(), base);
  EXPECT_NE(RandomStream(8, 1, 2).next_u64(), base);
  EXPECT_NE(RandomStream(7, 2, 2).next_u64(), base);
  EXPECT_NE(RandomStream(7, 1, 3).next_u64(), base);
  EXPECT_NE(RandomStream(7, 2, 1).next_u64(), base);  // fields are not interchangeable
}

// ---- pixel physics ----------------------------------------------------------------------------

// The profile with every effect beyond the EMVA 1288 linear model switched off (no lens, no fixed
// pattern, no dark current, no row or ADC noise), so the expectations below are exact formulas.
SensorProfile ideal_profile() {
  SensorProfile p;
  p.optics.enabled = false;
  p.prnu_fraction = 0;
  p.dsnu_electrons = 0;
  p.dark_current_e_per_s = 0;
  p.hot_pixel_density = 0;
  p.dead_pixel_density = 0;
  p.row_noise_electrons = 0;
  p.adc_noise_dn = 0;
  p.read_noise_electrons = 2.0;
  return p;
}

SensorSettings small_frame(double exposure_s, double analogue_gain = 1.0) {
  SensorSettings settings;
  settings.width = 256;
  settings.height = 256;
  settings.exposure_s = exposure_s;
  settings.analogue_gain = analogue_gain;
  return settings;
}

// Exposure giving `electrons` in the green channel for the flat 50% scene.
double exposure_for_green_electrons(const SensorProfile& profile, double electrons) {
  const double green_response =
      profile.camera_from_srgb[3] + profile.camera_from_srgb[4] + profile.camera_from_srgb[5];
  return electrons / (0.5 * green_response * profile.electrons_per_second);
}

// Mean electrons of CFA site (dx, dy) of the RGGB pattern for the flat 50% scene.
double flat_scene_electrons(const SensorProfile& profile, const SensorSettings& settings, int dx,
                            int dy) {
  const int channel = dy == 0 ? (dx == 0 ? 0 : 1) : (dx == 0 ? 1 : 2);
  const double response = profile.camera_from_srgb[3 * channel] +
                          profile.camera_from_srgb[3 * channel + 1] +
                          profile.camera_from_srgb[3 * channel + 2];
  return 0.5 * response * profile.electrons_per_second * settings.exposure_s;
}

// Mean of two frames and half the variance of their difference, over one CFA site: the EMVA 1288
// temporal-noise measurement, insensitive to any fixed pattern.
Moments photon_transfer_point(const Image16& a, const Image16& b, int dx, int dy) {
  double sum = 0, diff_sum = 0, diff_sq = 0;
  int n = 0;
  for (int y = dy; y < a.height(); y += 2) {
    for (int x = dx; x < a.width(); x += 2) {
      const double d = static_cast<double>(a.at(x, y)) - b.at(x, y);
      sum += 0.5 * (a.at(x, y) + b.at(x, y));
      diff_sum += d;
      diff_sq += d * d;
      ++n;
    }
  }
  const double diff_mean = diff_sum / n;
  return {sum / n, 0.5 * (diff_sq - n * diff_mean * diff_mean) / (n - 1)};
}

TEST(PixelArray, FlatSceneMeanFollowsBlackPlusGainTimesElectronsOnEveryCfaSite) {
  const SensorProfile profile = ideal_profile();
  const SensorSettings settings = small_frame(exposure_for_green_electrons(profile, 2000));
  const Image16 frame = render_raw_frame(*make_builtin_scene("flat"), profile, settings, 11, 0);
  ASSERT_EQ(frame.width(), 256);
  ASSERT_EQ(frame.height(), 256);
  ASSERT_EQ(frame.channels(), 1);
  const double gain = system_gain_dn_per_electron(profile, settings);
  EXPECT_NEAR(gain, (4095 - 256) / 31000.0, 1e-12);
  for (int dy = 0; dy < 2; ++dy) {
    for (int dx = 0; dx < 2; ++dx) {
      const double expected =
          profile.black_level_dn + gain * flat_scene_electrons(profile, settings, dx, dy);
      EXPECT_NEAR(photon_transfer_point(frame, frame, dx, dy).mean, expected, 0.2)
          << "CFA site " << dx << "," << dy;
    }
  }
}

struct TransferCase {
  double green_electrons;
  double analogue_gain;
};

class PhotonTransfer : public testing::TestWithParam<TransferCase> {};

TEST_P(PhotonTransfer, TemporalVarianceIsGainTimesSignalPlusReadAndQuantisationNoise) {
  const SensorProfile profile = ideal_profile();
  const SensorSettings settings = small_frame(
      exposure_for_green_electrons(profile, GetParam().green_electrons), GetParam().analogue_gain);
  const auto scene = make_builtin_scene("flat");
  const Image16 a = render_raw_frame(*scene, profile, settings, 21, 0);
  const Image16 b = render_raw_frame(*scene, profile, settings, 21, 1);
  const double k = system_gain_dn_per_electron(profile, settings);
  const double read = profile.read_noise_electrons;
  for (int dy = 0; dy < 2; ++dy) {
    for (int dx = 0; dx < 2; ++dx) {
      const Moments m = photon_transfer_point(a, b, dx, dy);
      const double expected =
          k * (m.mean - profile.black_level_dn) + k * k * read * read + 1.0 / 12;
      // 16384 samples per site: the variance estimate's standard error is ~1.1%.
      EXPECT_NEAR(m.variance, expected, 0.045 * expected) << "CFA site " << dx << "," << dy;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(ExposureLevels, PhotonTransfer,
                         testing::Values(TransferCase{12, 16.0},  // exact Poisson range, high gain
                                         TransferCase{
                                             100, 4.0},  // normal approximation, read noise visible
                                         TransferCase{2000, 1.0},     // shot-noise limited
                                         TransferCase{20000, 1.0}));  // two thirds of full well

TEST(PixelArray, SignalClipsAtFullWellBeforeReadNoise) {
  SensorProfile profile = ideal_profile();
  profile.read_noise_electrons = 8.0;  // ~1 DN at unity gain, so the clipped level is visible
  const SensorSettings settings =
      small_frame(exposure_for_green_electrons(profile, 3 * profile.full_well_electrons));
  const Image16 frame = render_raw_frame(*make_builtin_scene("flat"), profile, settings, 31, 0);
  // Full well maps to the white level; only read noise (sigma ~1 DN) can pull a pixel below it.
  // Without the full-well clip the signal would sit far above the ADC range and read 4095 always.
  int below_white = 0;
  uint16_t lowest = 4095;
  for (uint16_t v : frame.samples()) {
    below_white += v < 4095;
    lowest = std::min(lowest, v);
  }
  const double fraction_below = static_cast<double>(below_white) / frame.sample_count();
  EXPECT_NEAR(fraction_below, 0.31, 0.03);  // P(N(0, 0.99 DN) < -0.5 DN)
  EXPECT_GE(lowest, 4095 - 6);
}

TEST(PixelArray, ReadsWhiteLevelWhenSaturatedWithoutReadNoise) {
  SensorProfile profile = ideal_profile();
  profile.read_noise_electrons = 0.0;
  SensorSettings settings = small_frame(1.0);
  settings.analogue_gain = 4.0;
  const Image16 frame = render_raw_frame(*make_builtin_scene("flat"), profile, settings, 1, 0);
  EXPECT_EQ(*std::min_element(frame.samples().begin(), frame.samples().end()), 4095);
}

TEST(PixelArray, DarkFrameSitsAtBlackLevelWithReadNoise) {
  const SensorProfile profile = ideal_profile();
  SensorSettings settings = small_frame(1e-9, 8.0);
  const auto scene = make_builtin_scene("flat");
  const Image16 a = render_raw_frame(*scene, profile, settings, 41, 0);
  const Image16 b = render_raw_frame(*scene, profile, settings, 41, 1);
  const Moments m = photon_transfer_point(a, b, 0, 0);
  const double k = system_gain_dn_per_electron(profile, settings);
  EXPECT_NEAR(m.mean, profile.black_level_dn, 0.05);
  const double expected = k * k * 4.0 + 1.0 / 12;
  EXPECT_NEAR(m.variance, expected, 0.05 * expected);
}

TEST(PixelArray, SameInputsGiveIdenticalBitsAndSeedOrFrameChangeTheNoise) {
  const SensorProfile profile = ideal_profile();
  SensorSettings settings = small_frame(0.01);
  settings.width = 130;  // odd sizes and non-square frames behave the same way
  settings.height = 67;
  const auto scene = make_builtin_scene("chart");
  const Image16 reference = render_raw_frame(*scene, profile, settings, 99, 5);
  EXPECT_EQ(render_raw_frame(*scene, profile, settings, 99, 5), reference);
  EXPECT_NE(render_raw_frame(*scene, profile, settings, 100, 5), reference);
  EXPECT_NE(render_raw_frame(*scene, profile, settings, 99, 6), reference);
}

TEST(PixelArray, CfaIsRggbWithRedTopLeft) {
  // A pure red scene lights only the red response; with the default response red sites get
  // 0.50 and blue sites 0.02 of the electrons per unit.
  struct RedScene : Scene {
    std::string name() const override { return "red"; }
    void sample_row(int, int width, int, float* rgb) const override {
      for (int x = 0; x < width; ++x) {
        rgb[3 * x] = 1.0f;
        rgb[3 * x + 1] = rgb[3 * x + 2] = 0.0f;
      }
    }
  };
  SensorProfile profile = ideal_profile();
  profile.read_noise_electrons = 0.0;
  const SensorSettings settings = small_frame(0.02);
  const Image16 frame = render_raw_frame(RedScene{}, profile, settings, 1, 0);
  const Moments red = photon_transfer_point(frame, frame, 0, 0);
  const Moments green_r = photon_transfer_point(frame, frame, 1, 0);
  const Moments green_b = photon_transfer_point(frame, frame, 0, 1);
  const Moments blue = photon_transfer_point(frame, frame, 1, 1);
  const double k = system_gain_dn_per_electron(profile, settings);
  const double electrons = profile.electrons_per_second * settings.exposure_s;
  EXPECT_NEAR(red.mean, 256 + k * 0.50 * electrons, 0.3);
  EXPECT_NEAR(green_r.mean, 256 + k * 0.08 * electrons, 0.3);
  EXPECT_NEAR(green_b.mean, 256 + k * 0.08 * electrons, 0.3);
  EXPECT_NEAR(blue.mean, 256 + k * 0.02 * electrons, 0.3);
}

// ---- test patterns ----------------------------------------------------------------------------

TEST(TestPattern, SolidIsNoiselessMidLevelBetweenBlackAndWhite) {
  SensorSettings settings = small_frame(0.01);
  settings.test_pattern = 1;
  const Image16 frame =
      render_raw_frame(*make_builtin_scene("chart"), SensorProfile{}, settings, 5, 3);
  for (uint16_t v : frame.samples())
    ASSERT_EQ(v, 2176);  // 256 + 0.5 * (4095 - 256), rounded
}

TEST(TestPattern, ColourBarsLightTheCfaChannelsOfEachBar) {
  SensorSettings settings = small_frame(0.01);
  settings.width = 160;  // 20 columns per bar
  settings.height = 4;
  settings.test_pattern = 2;
  const Image16 frame =
      render_raw_frame(*make_builtin_scene("flat"), SensorProfile{}, settings, 5, 3);
  // R, G, B presence for white, yellow, cyan, green, magenta, red, blue, black.
  const bool bars[8][3] = {{1, 1, 1}, {1, 1, 0}, {0, 1, 1}, {0, 1, 0},
                           {1, 0, 1}, {1, 0, 0}, {0, 0, 1}, {0, 0, 0}};
  for (int bar = 0; bar < 8; ++bar) {
    const int x = 20 * bar + 4;  // even column: R on even rows, G on odd rows
    EXPECT_EQ(frame.at(x, 0), bars[bar][0] ? 4095 : 256) << "bar " << bar << " red";
    EXPECT_EQ(frame.at(x + 1, 0), bars[bar][1] ? 4095 : 256) << "bar " << bar << " green";
    EXPECT_EQ(frame.at(x, 1), bars[bar][1] ? 4095 : 256) << "bar " << bar << " green";
    EXPECT_EQ(frame.at(x + 1, 1), bars[bar][2] ? 4095 : 256) << "bar " << bar << " blue";
  }
}

// ---- validation -------------------------------------------------------------------------------

void expect_model_error(const SensorSettings& settings, const std::string& expected_text) {
  try {
    render_raw_frame(*make_builtin_scene("flat"), SensorProfile{}, settings, 1, 0);
    ADD_FAILURE() << "expected ModelError containing '" << expected_text << "'";
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find(expected_text), std::string::npos) << e.what();
  }
}

TEST(SensorSettingsValidation, BadValuesThrowModelErrorNamingFieldAndValue) {
  SensorSettings s = small_frame(0.01);
  s.width = 1;
  expect_model_error(s, "width must be >= 2 (got 1)");
  s = small_frame(0.01);
  s.height = 0;
  expect_model_error(s, "height must be >= 2 (got 0)");
  expect_model_error(small_frame(0.0), "exposure_s must be > 0 (got 0)");
  expect_model_error(small_frame(-0.5), "exposure_s must be > 0 (got -0.5)");
  expect_model_error(small_frame(0.01, 0.5), "analogue_gain must be >= 1 (got 0.5)");
  s = small_frame(0.01);
  s.digital_gain = 0.25;
  expect_model_error(s, "digital_gain must be >= 1 (got 0.25)");
  s = small_frame(0.01);
  s.test_pattern = 3;
  expect_model_error(s, "test_pattern must be 0, 1 or 2 (got 3)");
}

TEST(SensorSettingsValidation, ImpossibleProfileThrows) {
  SensorProfile profile = ideal_profile();
  profile.black_level_dn = 5000;
  EXPECT_THROW(validate_sensor_setup(profile, SensorSettings{}), ModelError);
  profile = SensorProfile{};
  profile.full_well_electrons = 0;
  EXPECT_THROW(validate_sensor_setup(profile, SensorSettings{}), ModelError);
  EXPECT_NO_THROW(validate_sensor_setup(SensorProfile{}, SensorSettings{}));
}

}  // namespace
}  // namespace ispsim::sensor
