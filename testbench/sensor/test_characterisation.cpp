// EMVA 1288-style characterisation of both shipped profiles, at base and high analogue gain: the
// simulator must measure back, through its own raw output, the parameters it was configured with
// (within 5%). Bare sensor (no lens), flat light, 256x256 frames, fixed seeds.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "sensor_sim/pixel_array.hpp"
#include "sensor_sim/sensor_figures.hpp"
#include "sensor_sim/sensor_profile_json.hpp"
#include "testbench/sensor/emva1288.hpp"

namespace ispsim::sensor {
namespace {

constexpr int kFrameSize = 256;
constexpr int kStackFrames = 32;
constexpr uint64_t kSeed = 1288;

SensorProfile profile_named(const std::string& name) {
  if (name == "imx989-binned") return imx989_binned_profile();
  return load_sensor_profile(std::string(ISPSIM_SENSOR_PROFILE_DIR) + "/" + name + ".json");
}

struct Bench {
  SensorProfile profile;
  SensorSettings settings;
  double green_electrons_per_second = 0;  // Gr site, flat scene
};

Bench make_bench(const std::string& name, double analogue_gain) {
  Bench s;
  s.profile = profile_named(name);
  s.profile.optics.enabled = false;  // EMVA 1288 measures the bare sensor under uniform light
  s.settings.width = s.settings.height = kFrameSize;
  s.settings.analogue_gain = analogue_gain;
  const auto& m = s.profile.camera_from_srgb;
  s.green_electrons_per_second = 0.5 * (m[3] + m[4] + m[5]) * s.profile.electrons_per_second;
  return s;
}

// Renders `count` frames of `scene` at `exposure_s`, green (Gr) site only.
std::vector<emva::Plane> green_frames(const Bench& s, const Scene& scene, double exposure_s,
                                      int count, uint32_t first_frame) {
  SensorSettings settings = s.settings;
  settings.exposure_s = exposure_s;
  std::vector<emva::Plane> planes;
  for (int i = 0; i < count; ++i)
    planes.push_back(emva::cfa_plane(
        render_raw_frame(scene, s.profile, settings, kSeed, first_frame + i), 1, 0));
  return planes;
}

// The photon transfer sweep: 24 levels up to 90% of saturation, then 20 fine steps to 120% so
// the variance peak (saturation) is located to 1.5%.
emva::Measurement measure(const Bench& s, double saturation_e) {
  const auto flat = make_builtin_scene("flat");
  const auto dark = make_builtin_scene("dark");
  std::vector<double> fractions;
  for (int i = 0; i < 24; ++i)
    fractions.push_back(0.01 + 0.89 * i / 23.0);
  for (int i = 1; i <= 20; ++i)
    fractions.push_back(0.90 + 0.30 * i / 20.0);
  emva::Measurement m;
  uint32_t frame = 0;
  for (double fraction : fractions) {
    const double exposure = fraction * saturation_e / s.green_electrons_per_second;
    const auto lit = green_frames(s, *flat, exposure, 2, frame);
    const auto unlit = green_frames(s, *dark, exposure, 2, frame + 2);
    frame += 4;
    m.sweep.push_back(
        {exposure, emva::temporal_point(lit[0], lit[1]), emva::temporal_point(unlit[0], unlit[1])});
  }
  const double half_exposure = 0.5 * saturation_e / s.green_electrons_per_second;
  m.dark_stack = green_frames(s, *dark, half_exposure, kStackFrames, frame);
  m.bright_stack = green_frames(s, *flat, half_exposure, kStackFrames, frame + kStackFrames);
  return m;
}

struct Case {
  const char* profile;
  double analogue_gain;
};

class Characterisation : public testing::TestWithParam<Case> {};

TEST_P(Characterisation, MeasuredParametersMatchTheProfileWithinFivePercent) {
  const Bench s = make_bench(GetParam().profile, GetParam().analogue_gain);
  SensorSettings at_half = s.settings;
  const SensorFigures nominal = configured_figures(s.profile, s.settings);
  at_half.exposure_s = 0.5 * nominal.saturation_capacity_e / s.green_electrons_per_second;
  SensorSettings at_darkest = s.settings;
  at_darkest.exposure_s = 0.01 * nominal.saturation_capacity_e / s.green_electrons_per_second;
  const SensorFigures dark_figures = configured_figures(s.profile, at_darkest);
  const SensorFigures half_figures = configured_figures(s.profile, at_half);

  const emva::Result r = emva::analyse(measure(s, nominal.saturation_capacity_e));

  const struct {
    const char* name;
    double measured, configured;
  } rows[] = {
      {"system gain K (DN/e-)", r.system_gain_dn_per_e, nominal.system_gain_dn_per_e},
      {"temporal dark noise (e-)", r.temporal_dark_noise_e, dark_figures.temporal_dark_noise_e},
      {"DSNU (e-)", r.dsnu_e, half_figures.dsnu_e},
      {"PRNU (%)", 100 * r.prnu_fraction, 100 * half_figures.prnu_fraction},
      {"saturation capacity (e-)", r.saturation_capacity_e, nominal.saturation_capacity_e},
      {"dynamic range (dB)", r.dynamic_range_db, dark_figures.dynamic_range_db},
      {"dynamic range (ratio)", r.dynamic_range, dark_figures.dynamic_range},
  };
  std::printf("[ EMVA 1288 ] %s at %gx analogue gain (%d fit points, %d defects excluded)\n",
              GetParam().profile, GetParam().analogue_gain, r.fit_points, r.defect_pixels);
  for (const auto& row : rows) {
    std::printf("[ EMVA 1288 ]   %-26s measured %10.4f  configured %10.4f  (%+.2f%%)\n", row.name,
                row.measured, row.configured, 100 * (row.measured / row.configured - 1));
    EXPECT_NEAR(row.measured, row.configured, 0.05 * row.configured) << row.name;
  }
  // The EMVA max-variance saturation point sits below the clip by the noise and PRNU spread.
  std::printf("[ EMVA 1288 ]   %-26s measured %10.4f  (%.1f%% of the clip; DR %.2f dB)\n",
              "EMVA max-variance sat (e-)", r.saturation_max_variance_e,
              100 * r.saturation_max_variance_e / nominal.saturation_capacity_e,
              r.dynamic_range_max_variance_db);
  EXPECT_LE(r.saturation_max_variance_e, 1.01 * nominal.saturation_capacity_e);
  EXPECT_GE(r.saturation_max_variance_e, 0.85 * nominal.saturation_capacity_e);
  EXPECT_GE(r.fit_points, 15);
  EXPECT_LT(r.linearity_error, 0.1);
}

INSTANTIATE_TEST_SUITE_P(BothProfilesBaseAndHighGain, Characterisation,
                         testing::Values(Case{"imx989-binned", 1.0}, Case{"imx989-binned", 8.0},
                                         Case{"half-inch-48mp-binned", 1.0},
                                         Case{"half-inch-48mp-binned", 8.0}),
                         [](const testing::TestParamInfo<Case>& info) {
                           std::string name = info.param.profile;
                           for (char& c : name)
                             if (c == '-') c = '_';
                           return name + "_gain" +
                                  std::to_string(static_cast<int>(info.param.analogue_gain));
                         });

}  // namespace
}  // namespace ispsim::sensor
