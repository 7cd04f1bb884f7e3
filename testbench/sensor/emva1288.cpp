#include "testbench/sensor/emva1288.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace ispsim::emva {
namespace {

constexpr double kQuantisationVariance = 1.0 / 12.0;

double median_of(std::vector<double> values) {
  const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), middle, values.end());
  return *middle;
}

}  // namespace

Plane cfa_plane(const Image16& frame, int dx, int dy) {
  Plane plane;
  plane.reserve(static_cast<size_t>(frame.width() / 2 + 1) * (frame.height() / 2 + 1));
  for (int y = dy; y < frame.height(); y += 2)
    for (int x = dx; x < frame.width(); x += 2)
      plane.push_back(frame.at(x, y));
  return plane;
}

TemporalPoint temporal_point(const Plane& a, const Plane& b) {
  const size_t n = a.size();
  double sum = 0, diff_sum = 0, diff_sq = 0;
  for (size_t i = 0; i < n; ++i) {
    const double d = a[i] - b[i];
    sum += a[i] + b[i];
    diff_sum += d;
    diff_sq += d * d;
  }
  const double diff_mean = diff_sum / n;
  return {sum / (2.0 * n), 0.5 * (diff_sq - n * diff_mean * diff_mean) / (n - 1)};
}

SpatialResult spatial_nonuniformity(const std::vector<Plane>& stack, double outlier_sigmas) {
  if (stack.size() < 2) throw std::invalid_argument("spatial_nonuniformity: need >= 2 frames");
  const size_t n = stack[0].size();
  const double frames = static_cast<double>(stack.size());
  Plane mean(n, 0.0);
  double temporal = 0;  // sum over pixels of the unbiased per-pixel variance across the stack
  for (size_t i = 0; i < n; ++i) {
    double sum = 0, sum_sq = 0;
    for (const Plane& frame : stack) {
      sum += frame[i];
      sum_sq += frame[i] * frame[i];
    }
    mean[i] = sum / frames;
    temporal += (sum_sq - frames * mean[i] * mean[i]) / (frames - 1);
  }
  temporal /= n;
  const double median = median_of(mean);
  std::vector<double> deviation(n);
  for (size_t i = 0; i < n; ++i)
    deviation[i] = std::abs(mean[i] - median);
  // Floor the robust sigma at the temporal noise left in the mean, so a sensor with no fixed
  // pattern at all does not flag half its pixels.
  const double robust_sigma = std::max(1.4826 * median_of(deviation), std::sqrt(temporal / frames));
  const double limit = outlier_sigmas * robust_sigma;
  double sum = 0, sum_sq = 0;
  int kept = 0, excluded = 0;
  for (size_t i = 0; i < n; ++i) {
    if (deviation[i] > limit) {
      ++excluded;
      continue;
    }
    sum += mean[i];
    sum_sq += mean[i] * mean[i];
    ++kept;
  }
  const double kept_mean = sum / kept;
  const double spatial = (sum_sq - kept * kept_mean * kept_mean) / (kept - 1);
  return {kept_mean, spatial - temporal / frames, excluded};
}

Result analyse(const Measurement& m) {
  const std::vector<SweepPoint>& sweep = m.sweep;
  if (sweep.size() < 3) throw std::invalid_argument("analyse: need >= 3 sweep points");
  // Dark-subtracted signal and temporal variance of every point.
  std::vector<double> signal(sweep.size()), variance(sweep.size());
  size_t peak = 0;
  for (size_t i = 0; i < sweep.size(); ++i) {
    signal[i] = sweep[i].bright.mean_dn - sweep[i].dark.mean_dn;
    variance[i] = sweep[i].bright.variance_dn2 - sweep[i].dark.variance_dn2;
    if (variance[i] > variance[peak]) peak = i;
  }
  // K: least squares through the origin over 0 < signal <= 70% of saturation (the EMVA range).
  double sxy = 0, sxx = 0;
  Result r;
  for (size_t i = 0; i < sweep.size(); ++i) {
    if (signal[i] <= 0 || signal[i] > 0.7 * signal[peak]) continue;
    sxy += signal[i] * variance[i];
    sxx += signal[i] * signal[i];
    ++r.fit_points;
  }
  if (r.fit_points < 3) throw std::invalid_argument("analyse: < 3 points below 70% saturation");
  const double k = sxy / sxx;
  r.system_gain_dn_per_e = k;
  for (size_t i = 0; i < sweep.size(); ++i) {
    if (signal[i] <= 0.05 * signal[peak] || signal[i] > 0.7 * signal[peak]) continue;
    r.linearity_error = std::max(r.linearity_error, std::abs(variance[i] / (k * signal[i]) - 1));
  }
  // Temporal dark noise from the darkest point's dark pair.
  const double dark_variance = sweep.front().dark.variance_dn2;
  r.temporal_dark_noise_e = std::sqrt(std::max(0.0, dark_variance - kQuantisationVariance)) / k;
  r.saturation_max_variance_e = signal[peak] / k;
  r.saturation_capacity_e = *std::max_element(signal.begin(), signal.end()) / k;
  const double sigma_d = r.temporal_dark_noise_e;
  r.sensitivity_threshold_e =
      0.5 + std::sqrt(0.25 + sigma_d * sigma_d + kQuantisationVariance / (k * k));
  r.dynamic_range = r.saturation_capacity_e / r.sensitivity_threshold_e;
  r.dynamic_range_db = 20.0 * std::log10(r.dynamic_range);
  r.dynamic_range_max_variance_db =
      20.0 * std::log10(r.saturation_max_variance_e / r.sensitivity_threshold_e);

  const SpatialResult dark = spatial_nonuniformity(m.dark_stack);
  const SpatialResult bright = spatial_nonuniformity(m.bright_stack);
  r.dsnu_e = std::sqrt(std::max(0.0, dark.variance_dn2)) / k;
  r.prnu_fraction = std::sqrt(std::max(0.0, bright.variance_dn2 - dark.variance_dn2)) /
                    (bright.mean_dn - dark.mean_dn);
  r.defect_pixels = dark.excluded + bright.excluded;
  return r;
}

}  // namespace ispsim::emva
