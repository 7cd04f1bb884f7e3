// The EMVA 1288 analysis on synthetic frames drawn straight from the linear camera model with
// known parameters (no sensor model involved): it must give those parameters back.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "sensor_sim/random.hpp"
#include "testbench/sensor/emva1288.hpp"

namespace ispsim::emva {
namespace {

// A synthetic linear camera: K, dark noise, DSNU, PRNU and a clip in DN.
struct SyntheticCamera {
  double k = 0.5, dark_noise_e = 3.0, dsnu_e = 2.0, prnu = 0.01, offset_dn = 100.0;
  double clip_dn = 100.0 + 0.5 * 10000.0;  // 10000 e- of range
  int pixels = 16384;
  std::vector<double> gain, offset_e;

  SyntheticCamera() {
    sensor::RandomStream unit(42);
    for (int i = 0; i < pixels; ++i) {
      gain.push_back(1.0 + prnu * unit.normal());
      offset_e.push_back(dsnu_e * unit.normal());
    }
  }

  // One frame at mean `electrons`; integer DN as an ADC gives.
  Plane frame(double electrons, uint32_t index) const {
    sensor::RandomStream random(7, index, 0);
    Plane plane(pixels);
    for (int i = 0; i < pixels; ++i) {
      const double e =
          random.poisson(electrons * gain[i]) + offset_e[i] + dark_noise_e * random.normal();
      plane[i] = std::min(clip_dn, std::floor(offset_dn + k * e + 0.5));
    }
    return plane;
  }
};

Measurement measure(const SyntheticCamera& camera) {
  Measurement m;
  uint32_t index = 0;
  for (int i = 0; i < 40; ++i) {
    const double electrons = 12000.0 * i / 39.0;
    const Plane a = camera.frame(electrons, index++), b = camera.frame(electrons, index++);
    const Plane da = camera.frame(0, index++), db = camera.frame(0, index++);
    m.sweep.push_back({electrons, temporal_point(a, b), temporal_point(da, db)});
  }
  for (int i = 0; i < 32; ++i) {
    m.dark_stack.push_back(camera.frame(0, index++));
    m.bright_stack.push_back(camera.frame(5000, index++));
  }
  return m;
}

TEST(Emva1288, RecoversTheParametersOfASyntheticLinearCamera) {
  const SyntheticCamera camera;
  const Result r = analyse(measure(camera));
  EXPECT_NEAR(r.system_gain_dn_per_e, camera.k, 0.01 * camera.k);
  EXPECT_NEAR(r.temporal_dark_noise_e, camera.dark_noise_e, 0.03 * camera.dark_noise_e);
  EXPECT_NEAR(r.dsnu_e, camera.dsnu_e, 0.03 * camera.dsnu_e);
  EXPECT_NEAR(r.prnu_fraction, camera.prnu, 0.03 * camera.prnu);
  EXPECT_NEAR(r.saturation_capacity_e, 10000.0, 100.0);
  EXPECT_LT(r.saturation_max_variance_e, r.saturation_capacity_e);
  EXPECT_GT(r.saturation_max_variance_e, 0.9 * r.saturation_capacity_e);
  const double threshold = 0.5 + std::sqrt(0.25 + 9.0 + 1.0 / 12 / 0.25);
  EXPECT_NEAR(r.sensitivity_threshold_e, threshold, 0.03 * threshold);
  EXPECT_NEAR(r.dynamic_range, 10000.0 / threshold, 0.04 * 10000.0 / threshold);
  EXPECT_NEAR(r.dynamic_range_db, 20 * std::log10(r.dynamic_range), 1e-9);
  EXPECT_LT(r.linearity_error, 0.05);
}

TEST(Emva1288, TemporalPointIsTheMeanAndHalfTheDifferenceVariance) {
  const Plane a = {1, 2, 3, 4}, b = {1, 2, 3, 4};
  EXPECT_DOUBLE_EQ(temporal_point(a, b).mean_dn, 2.5);
  EXPECT_DOUBLE_EQ(temporal_point(a, b).variance_dn2, 0.0);
  // Differences 2, -2, 2, -2: mean 0, variance 16/3, half of it 8/3; a fixed offset cancels.
  const Plane c = {12, 10, 14, 12}, d = {10, 12, 12, 14};
  EXPECT_DOUBLE_EQ(temporal_point(c, d).variance_dn2, 8.0 / 3);
}

TEST(Emva1288, SpatialNonuniformityExcludesDefectPixelsAndRemovesTemporalNoise) {
  sensor::RandomStream unit(3), noise(4);
  const int n = 20000, frames = 16;
  Plane pattern(n);
  for (double& v : pattern)
    v = 500 + 2.0 * unit.normal();  // spatial sigma 2 DN
  pattern[10] = 900;                // hot
  pattern[20] = 0;                  // dead
  std::vector<Plane> stack(frames, Plane(n));
  for (Plane& frame : stack)
    for (int i = 0; i < n; ++i)
      frame[i] = pattern[i] + 3.0 * noise.normal();  // temporal sigma 3 DN
  const SpatialResult r = spatial_nonuniformity(stack);
  EXPECT_EQ(r.excluded, 2);
  EXPECT_NEAR(r.variance_dn2, 4.0, 0.15);
  EXPECT_NEAR(r.mean_dn, 500, 0.1);
}

TEST(Emva1288, TooFewPointsThrow) {
  Measurement m;
  m.sweep.resize(2);
  EXPECT_THROW(analyse(m), std::invalid_argument);
}

TEST(Emva1288, CfaPlaneTakesEverySecondPixelFromTheSite) {
  Image16 frame(4, 4, 1);
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 4; ++x)
      frame.at(x, y) = static_cast<uint16_t>(10 * y + x);
  EXPECT_EQ(cfa_plane(frame, 1, 0), (Plane{1, 3, 21, 23}));
  EXPECT_EQ(cfa_plane(frame, 0, 1), (Plane{10, 12, 30, 32}));
}

}  // namespace
}  // namespace ispsim::emva
