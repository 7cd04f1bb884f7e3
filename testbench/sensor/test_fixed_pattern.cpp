// The unit's fixed pattern: identical across frames and temporal seeds, changed by unit_seed,
// with the configured PRNU, DSNU and defect densities.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "sensor_sim/fixed_pattern.hpp"
#include "sensor_sim/pixel_array.hpp"

namespace ispsim::sensor {
namespace {

TEST(FixedPattern, DependsOnUnitSeedAndPositionOnly) {
  SensorProfile profile;
  FixedPatternRow a, b, wide;
  FixedPattern(profile, 25).row(7, 100, a);
  FixedPattern(profile, 25).row(7, 100, b);
  FixedPattern(profile, 25).row(7, 300, wide);  // a wider frame sees the same first pixels
  EXPECT_EQ(a.gain, b.gain);
  for (int x = 0; x < 100; ++x) {
    EXPECT_EQ(a.gain[x], wide.gain[x]);
    EXPECT_EQ(a.offset_e[x], wide.offset_e[x]);
  }
  profile.unit_seed += 1;
  FixedPattern(profile, 25).row(7, 100, b);
  EXPECT_NE(a.gain, b.gain);
}

TEST(FixedPattern, HasTheConfiguredSpreadAndDefectDensities) {
  SensorProfile profile;
  profile.hot_pixel_density = 1e-3;
  profile.dead_pixel_density = 5e-4;
  const FixedPattern pattern(profile, profile.dark_current_reference_c);
  FixedPatternRow row;
  double gain_sum = 0, gain_sq = 0, offset_sq = 0;
  int hot = 0, dead = 0, n = 0;
  for (int y = 0; y < 1000; ++y) {
    pattern.row(y, 1000, row);
    for (int x = 0; x < 1000; ++x) {
      hot += row.defect[x] == kHotPixel;
      dead += row.defect[x] == kDeadPixel;
      if (row.defect[x] != kNoDefect) continue;
      gain_sum += row.gain[x];
      gain_sq += row.gain[x] * row.gain[x];
      offset_sq += row.offset_e[x] * row.offset_e[x];
      ++n;
    }
  }
  const double gain_mean = gain_sum / n;
  EXPECT_NEAR(gain_mean, 1.0, 1e-4);
  EXPECT_NEAR(std::sqrt(gain_sq / n - gain_mean * gain_mean), profile.prnu_fraction,
              0.01 * profile.prnu_fraction);
  EXPECT_NEAR(std::sqrt(offset_sq / n), profile.dsnu_electrons, 0.01 * profile.dsnu_electrons);
  // Counts are Poisson: 1000 +- 32 and 500 +- 22; five sigma.
  EXPECT_NEAR(hot, 1000, 160);
  EXPECT_NEAR(dead, 500, 110);
}

TEST(FixedPattern, DarkCurrentDoublesEveryDoublingInterval) {
  const SensorProfile profile;
  const double at_reference = dark_current_e_per_s(profile, profile.dark_current_reference_c);
  EXPECT_DOUBLE_EQ(at_reference, profile.dark_current_e_per_s);
  EXPECT_NEAR(dark_current_e_per_s(profile, profile.dark_current_reference_c + 13.0),
              4 * at_reference, 1e-9);
}

SensorProfile noiseless_temporal(SensorProfile p) {
  p.optics.enabled = false;
  p.read_noise_electrons = 0;
  p.adc_noise_dn = 0;
  p.row_noise_electrons = 0;
  p.dark_current_e_per_s = 0;
  p.hot_pixel_dark_current_e_per_s = 0;
  p.dsnu_electrons = 5.0;
  return p;
}

TEST(FixedPattern, FramesShowTheSamePatternForEverySeedAndFrame) {
  const SensorProfile profile = noiseless_temporal(SensorProfile{});
  SensorSettings s;
  s.width = 64;
  s.height = 32;
  s.exposure_s = 1e-6;
  s.analogue_gain = 16;
  const auto dark = make_builtin_scene("dark");
  const Image16 first = render_raw_frame(*dark, profile, s, 1, 0);
  EXPECT_EQ(render_raw_frame(*dark, profile, s, 999, 17), first);
  std::set<uint16_t> levels(first.samples().begin(), first.samples().end());
  EXPECT_GT(levels.size(), 20u);  // the DSNU pattern is really there
  SensorProfile other = profile;
  other.unit_seed = 7;
  EXPECT_NE(render_raw_frame(*dark, other, s, 1, 0), first);
}

TEST(FixedPattern, HotPixelsShineInALongHotDarkExposure) {
  SensorProfile profile;
  profile.optics.enabled = false;
  profile.hot_pixel_density = 1e-3;
  SensorSettings s;
  s.width = s.height = 512;
  s.exposure_s = 0.5;
  s.temperature_c = 50;  // hot pixels at ~2000 x 14 e-/s: thousands of electrons
  const Image16 frame = render_raw_frame(*make_builtin_scene("dark"), profile, s, 3, 0);
  int bright = 0;
  for (uint16_t v : frame.samples())
    bright += v > profile.black_level_dn + 200;
  int expected = 0;
  FixedPatternRow row;
  const FixedPattern pattern(profile, s.temperature_c);
  for (int y = 0; y < s.height; ++y) {
    pattern.row(y, s.width, row);
    for (uint8_t d : row.defect)
      expected += d == kHotPixel;
  }
  EXPECT_GT(expected, 200);
  EXPECT_EQ(bright, expected);
}

TEST(FixedPattern, QuadCellGainsDifferPerPositionAndRepeatEveryCell) {
  SensorProfile profile;
  std::set<double> gains;
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 4; ++x) {
      const double g = quad_cell_gain(profile, x, y);
      gains.insert(g);
      EXPECT_NEAR(g, 1.0, 6 * profile.quad_cell_mismatch);
      EXPECT_EQ(g, quad_cell_gain(profile, x + 8, y + 12));
    }
  EXPECT_EQ(gains.size(), 16u);
  SensorProfile other = profile;
  other.unit_seed ^= 1;
  EXPECT_NE(quad_cell_gain(other, 0, 0), quad_cell_gain(profile, 0, 0));
}

}  // namespace
}  // namespace ispsim::sensor
