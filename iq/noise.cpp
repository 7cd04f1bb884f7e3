#include "iq/noise.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "iq/metric_error.hpp"

namespace ispsim::iq {

double snr_db(double signal, double noise) {
  if (signal <= 0) return -std::numeric_limits<double>::infinity();
  if (noise <= 0) return std::numeric_limits<double>::infinity();
  return 20.0 * std::log10(signal / noise);
}

NoiseSample measure_noise(const std::vector<double>& values, double black_level) {
  const SampleStats stats = robust_stats(values, kNoiseRejectSigma);
  NoiseSample sample;
  sample.signal = stats.mean - black_level;
  sample.noise = stats.std_dev;
  sample.snr_db = snr_db(sample.signal, sample.noise);
  sample.pixel_count = stats.count;
  return sample;
}

NoiseSample measure_noise(const Image16& image, const Quad& region, double black_level) {
  return measure_noise(channel_average(region_samples(image, region, "noise region")), black_level);
}

NoiseSample measure_noise(const ImageF& image, const Quad& region, double black_level) {
  return measure_noise(channel_average(region_samples(image, region, "noise region")), black_level);
}

NoiseSample measure_noise(const Image16& image, const PixelRect& region, double black_level) {
  return measure_noise(channel_average(region_samples(image, region, "noise region")), black_level);
}

namespace {

template <typename T>
std::vector<NoiseSample> neutral_noise(const Image<T>& image, const ChartGeometry& geometry,
                                       double black_level) {
  require_inside(Quad{geometry.corners}, image.width(), image.height(),
                 "colour chart quadrilateral");
  const std::vector<Quad> patches = locate_patches(geometry);
  std::vector<NoiseSample> samples;
  for (int i = kFirstNeutralPatch; i < kColorCheckerPatches; ++i) {
    samples.push_back(measure_noise(image, patches[i], black_level));
  }
  return samples;
}

}  // namespace

std::vector<NoiseSample> chart_neutral_noise(const Image16& image, const ChartGeometry& geometry,
                                             double black_level) {
  return neutral_noise(image, geometry, black_level);
}

std::vector<NoiseSample> chart_neutral_noise(const ImageF& image, const ChartGeometry& geometry,
                                             double black_level) {
  return neutral_noise(image, geometry, black_level);
}

std::vector<NoiseSample> noise_curve(const Image16& image, const std::vector<Quad>& regions,
                                     double black_level) {
  std::vector<NoiseSample> curve;
  for (const Quad& region : regions)
    curve.push_back(measure_noise(image, region, black_level));
  std::sort(curve.begin(), curve.end(),
            [](const NoiseSample& a, const NoiseSample& b) { return a.signal < b.signal; });
  return curve;
}

Image16 cfa_plane(const Image16& raw, int step, int phase_x, int phase_y) {
  if (step < 1 || phase_x < 0 || phase_y < 0 || phase_x >= step || phase_y >= step) {
    throw MetricError("CFA plane: step " + std::to_string(step) + " with phase (" +
                      std::to_string(phase_x) + ", " + std::to_string(phase_y) + ") is invalid");
  }
  const int width = (raw.width() - phase_x + step - 1) / step;
  const int height = (raw.height() - phase_y + step - 1) / step;
  Image16 plane(width, height, raw.channels());
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      for (int c = 0; c < raw.channels(); ++c) {
        plane.at(x, y, c) = raw.at(x * step + phase_x, y * step + phase_y, c);
      }
    }
  }
  return plane;
}

}  // namespace ispsim::iq
