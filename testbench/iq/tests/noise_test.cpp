// Noise measurement on synthetic flat fields with seeded Gaussian noise of known sigma.
#include "iq/noise.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "iq/metric_error.hpp"
#include "synthetic.hpp"

namespace ispsim::iq {
namespace {

uint16_t code(double value) {
  return static_cast<uint16_t>(std::clamp(std::lround(value), 0L, 65535L));
}

// A raw frame of `levels.size()` vertical bands, each flat at its level plus noise whose variance
// follows the photon-transfer model gain * signal + read^2 (EMVA 1288), on a black level.
Image16 raw_bands(const std::vector<double>& signals, double gain, double read_noise,
                  double black_level, int band_width = 64, int height = 64) {
  test::GaussianSource noise(2024);
  Image16 raw(band_width * static_cast<int>(signals.size()), height, 1);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < raw.width(); ++x) {
      const double signal = signals[x / band_width];
      const double sigma = std::sqrt(gain * signal + read_noise * read_noise);
      raw.at(x, y) = code(black_level + signal + sigma * noise.next());
    }
  }
  return raw;
}

TEST(MeasureNoise, RecoversSignalNoiseAndSnrOfAFlatRawPatch) {
  const Image16 raw = raw_bands({936}, 0, 20, 64, 64, 64);
  const NoiseSample s = measure_noise(raw, PixelRect{0, 0, 64, 64}, 64);
  // 4096 samples: the mean is known to ~0.3 DN and sigma to ~1.1 %.
  EXPECT_NEAR(s.signal, 936, 1.5);
  EXPECT_NEAR(s.noise, 20, 0.7);
  EXPECT_NEAR(s.snr_db, 20 * std::log10(936.0 / 20), 0.3);
  EXPECT_EQ(s.pixel_count, 4096);
}

TEST(MeasureNoise, SnrIsInfiniteWithoutNoiseAndMinusInfiniteWithoutSignal) {
  EXPECT_EQ(snr_db(100, 0), INFINITY);
  EXPECT_EQ(snr_db(0, 3), -INFINITY);
  EXPECT_DOUBLE_EQ(snr_db(100, 1), 40.0);
}

TEST(NoiseCurve, PhotonTransferSlopeIsTheSystemGain) {
  const double gain = 0.8, read_noise = 3;  // DN per electron and DN
  const std::vector<double> signals = {2000, 50, 800, 200, 3200, 400, 1200};
  const Image16 raw = raw_bands(signals, gain, read_noise, 64);
  std::vector<Quad> bands;
  for (size_t i = 0; i < signals.size(); ++i) {
    bands.push_back(to_quad(PixelRect{static_cast<int>(i) * 64, 0, 64, 64}));
  }
  const std::vector<NoiseSample> curve = noise_curve(raw, bands, 64);
  ASSERT_EQ(curve.size(), signals.size());
  EXPECT_TRUE(std::is_sorted(curve.begin(), curve.end(),
                             [](auto& a, auto& b) { return a.signal < b.signal; }));
  // Least-squares line through variance versus signal: its slope is the gain.
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const NoiseSample& s : curve) {
    const double variance = s.noise * s.noise;
    n += 1;
    sx += s.signal;
    sy += variance;
    sxx += s.signal * s.signal;
    sxy += s.signal * variance;
  }
  const double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  EXPECT_NEAR(slope, gain, 0.03 * gain);
  // The darkest band shows the read noise: gain * 50 + read^2 + 1/12 (integer quantisation);
  // 4096 samples estimate a variance to ~2 %.
  EXPECT_NEAR(curve.front().noise * curve.front().noise,
              gain * 50 + read_noise * read_noise + 1.0 / 12, 2.5);
}

TEST(CfaPlane, SeparatesBayerColoursSoEachHasItsOwnNoise) {
  // Bayer RGGB mosaic: R at (0,0) at 400 DN, G at 1600, B at 900, all with read noise 5 DN.
  test::GaussianSource noise(5);
  Image16 raw(128, 128, 1);
  for (int y = 0; y < 128; ++y) {
    for (int x = 0; x < 128; ++x) {
      const double level = (x % 2 == 0 && y % 2 == 0) ? 400 : (x % 2 && y % 2) ? 900 : 1600;
      raw.at(x, y) = code(64 + level + 5 * noise.next());
    }
  }
  const Image16 red = cfa_plane(raw, 2, 0, 0);
  EXPECT_EQ(red.width(), 64);
  const NoiseSample r = measure_noise(red, PixelRect{0, 0, 64, 64}, 64);
  EXPECT_NEAR(r.signal, 400, 0.5);
  EXPECT_NEAR(r.noise, 5, 0.25);
  const NoiseSample b = measure_noise(cfa_plane(raw, 2, 1, 1), PixelRect{0, 0, 64, 64}, 64);
  EXPECT_NEAR(b.signal, 900, 0.5);
  // Measured across the mosaic, the colour differences would swamp the noise.
  EXPECT_GT(measure_noise(raw, PixelRect{0, 0, 128, 128}, 64).noise, 100);
  EXPECT_THROW(cfa_plane(raw, 2, 2, 0), MetricError);
}

TEST(ChartNeutralNoise, ReportsTheSixNeutralsBrightestFirst) {
  // A grey ramp standing in for the neutral row; constant noise so SNR falls with the signal.
  Image16 image(600, 400, 3, 0);
  test::GaussianSource noise(11);
  const double levels[6] = {60000, 40000, 25000, 12000, 6000, 2500};
  for (int y = 300; y < 400; ++y) {
    for (int x = 0; x < 600; ++x) {
      for (int c = 0; c < 3; ++c)
        image.at(x, y, c) = code(levels[x / 100] + 50 * noise.next());
    }
  }
  ChartGeometry g;
  g.corners = {{{0, 0}, {600, 0}, {600, 400}, {0, 400}}};
  const std::vector<NoiseSample> neutrals = chart_neutral_noise(image, g);
  ASSERT_EQ(neutrals.size(), 6u);
  for (int i = 0; i < 6; ++i) {
    EXPECT_NEAR(neutrals[i].signal, levels[i], 5) << i;
    // The channel average of three independent channels has sigma 50 / sqrt(3).
    EXPECT_NEAR(neutrals[i].noise, 50 / std::sqrt(3.0), 1.5) << i;
  }
  // The same chart as a linear float signal (an HDR merge's), beyond 16 bits and offset by a
  // black level: the same figures.
  ImageF linear(600, 400, 3, 0.0f);
  for (int y = 0; y < 400; ++y)
    for (int x = 0; x < 600; ++x)
      for (int c = 0; c < 3; ++c)
        linear.at(x, y, c) = 4.0f * image.at(x, y, c) + 1000.0f;
  const std::vector<NoiseSample> scaled = chart_neutral_noise(linear, g, 1000.0);
  ASSERT_EQ(scaled.size(), 6u);
  for (int i = 0; i < 6; ++i) {
    EXPECT_NEAR(scaled[i].signal, 4 * neutrals[i].signal, 1e-3 * neutrals[i].signal) << i;
    EXPECT_NEAR(scaled[i].noise, 4 * neutrals[i].noise, 1e-3 * neutrals[i].noise) << i;
  }
}

}  // namespace
}  // namespace ispsim::iq
