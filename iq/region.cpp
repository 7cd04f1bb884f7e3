#include "iq/region.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "iq/metric_error.hpp"

namespace ispsim::iq {
namespace {

// Twice the signed area of triangle (a, b, p): which side of line a->b the point p lies on.
double side(const Point2& a, const Point2& b, double px, double py) {
  return (b.x - a.x) * (py - a.y) - (b.y - a.y) * (px - a.x);
}

bool contains(const Quad& quad, double px, double py) {
  bool any_positive = false, any_negative = false;
  for (int i = 0; i < 4; ++i) {
    const double s = side(quad.corners[i], quad.corners[(i + 1) % 4], px, py);
    any_positive |= s > 0;
    any_negative |= s < 0;
  }
  return !(any_positive && any_negative);
}

std::string describe(const Point2& p) {
  std::ostringstream text;
  text << "(" << p.x << ", " << p.y << ")";
  return text.str();
}

}  // namespace

Quad to_quad(const PixelRect& r) {
  const double x0 = r.x, y0 = r.y, x1 = r.x + r.width, y1 = r.y + r.height;
  return Quad{{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}}};
}

PixelRect inner_rect(const PixelRect& rect, double fraction) {
  const int w = std::max(1, static_cast<int>(std::lround(rect.width * fraction)));
  const int h = std::max(1, static_cast<int>(std::lround(rect.height * fraction)));
  return {rect.x + (rect.width - w) / 2, rect.y + (rect.height - h) / 2, w, h};
}

void require_inside(const Quad& quad, int width, int height, const std::string& what) {
  for (const Point2& p : quad.corners) {
    if (!(p.x >= 0 && p.y >= 0 && p.x <= width && p.y <= height)) {
      throw MetricError(what + ": corner " + describe(p) + " lies outside the " +
                        std::to_string(width) + "x" + std::to_string(height) + " image");
    }
  }
}

void require_inside(const PixelRect& rect, int width, int height, const std::string& what) {
  if (rect.width <= 0 || rect.height <= 0) {
    throw MetricError(what + ": region " + std::to_string(rect.width) + "x" +
                      std::to_string(rect.height) + " is empty");
  }
  require_inside(to_quad(rect), width, height, what);
}

namespace {

template <typename T>
std::vector<std::vector<double>> samples_in_quad(const Image<T>& image, const Quad& quad,
                                                 const std::string& what) {
  require_inside(quad, image.width(), image.height(), what);
  double min_x = image.width(), min_y = image.height(), max_x = 0, max_y = 0;
  for (const Point2& p : quad.corners) {
    min_x = std::min(min_x, p.x);
    min_y = std::min(min_y, p.y);
    max_x = std::max(max_x, p.x);
    max_y = std::max(max_y, p.y);
  }
  std::vector<std::vector<double>> samples(image.channels());
  const int x_end = std::min(image.width(), static_cast<int>(std::ceil(max_x)));
  const int y_end = std::min(image.height(), static_cast<int>(std::ceil(max_y)));
  for (int y = static_cast<int>(std::floor(min_y)); y < y_end; ++y) {
    for (int x = static_cast<int>(std::floor(min_x)); x < x_end; ++x) {
      if (!contains(quad, x + 0.5, y + 0.5)) continue;
      for (int c = 0; c < image.channels(); ++c)
        samples[c].push_back(image.at(x, y, c));
    }
  }
  if (samples.empty() || samples[0].empty()) {
    throw MetricError(what + ": region " + describe(quad.corners[0]) + "-" +
                      describe(quad.corners[2]) + " covers no pixel centre");
  }
  return samples;
}

}  // namespace

std::vector<std::vector<double>> region_samples(const Image16& image, const Quad& quad,
                                                const std::string& what) {
  return samples_in_quad(image, quad, what);
}

std::vector<std::vector<double>> region_samples(const ImageF& image, const Quad& quad,
                                                const std::string& what) {
  return samples_in_quad(image, quad, what);
}

std::vector<std::vector<double>> region_samples(const Image16& image, const PixelRect& rect,
                                                const std::string& what, int step, int phase_x,
                                                int phase_y) {
  require_inside(rect, image.width(), image.height(), what);
  if (step < 1) throw MetricError(what + ": sampling step " + std::to_string(step) + " < 1");
  std::vector<std::vector<double>> samples(image.channels());
  for (int y = rect.y + phase_y; y < rect.y + rect.height; y += step) {
    for (int x = rect.x + phase_x; x < rect.x + rect.width; x += step) {
      for (int c = 0; c < image.channels(); ++c)
        samples[c].push_back(image.at(x, y, c));
    }
  }
  if (samples.empty() || samples[0].empty()) throw MetricError(what + ": region has no pixel");
  return samples;
}

SampleStats robust_stats(const std::vector<double>& values, double k_sigma) {
  SampleStats stats;
  if (values.empty()) return stats;
  auto median_of = [](std::vector<double> v) {
    const size_t mid = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + mid, v.end());
    double m = v[mid];
    if (v.size() % 2 == 0) m = (m + *std::max_element(v.begin(), v.begin() + mid)) / 2.0;
    return m;
  };
  const double median = median_of(values);
  std::vector<double> deviations(values.size());
  for (size_t i = 0; i < values.size(); ++i)
    deviations[i] = std::fabs(values[i] - median);
  double robust_sigma = 1.4826 * median_of(deviations);
  if (robust_sigma == 0) {
    // More than half the values equal the median (noise-free or clipped data): fall back to the
    // mean absolute deviation, sqrt(pi/2) x which is also consistent for Gaussian noise.
    double mean_deviation = 0;
    for (double d : deviations)
      mean_deviation += d / deviations.size();
    robust_sigma = 1.2533 * mean_deviation;
  } else {
    // More than half the values within a hair of the median, the rest whole codes away (a
    // signal well under a code, quantised and then nudged, as an HDR merge's dark steps): the
    // median deviation is that hair. The deviations' 75th percentile, which outliers up to a
    // quarter of the values do not move, is 1.150 sigma for Gaussian noise; when the median
    // deviation is under half of what that says, it is the estimate.
    const size_t q75 = deviations.size() * 3 / 4;  // no later use: partition it in place
    std::nth_element(deviations.begin(), deviations.begin() + q75, deviations.end());
    const double quartile_sigma = deviations[q75] / 1.150;
    if (robust_sigma < 0.5 * quartile_sigma) robust_sigma = quartile_sigma;
  }
  // All values equal: nothing to reject.
  const double limit = robust_sigma > 0 ? k_sigma * robust_sigma : INFINITY;
  double sum = 0, sum_sq = 0;
  for (double v : values) {
    if (std::fabs(v - median) > limit) {
      ++stats.rejected;
      continue;
    }
    ++stats.count;
    sum += v;
  }
  stats.mean = sum / stats.count;
  for (double v : values) {
    if (std::fabs(v - median) <= limit) sum_sq += (v - stats.mean) * (v - stats.mean);
  }
  stats.std_dev = stats.count > 1 ? std::sqrt(sum_sq / (stats.count - 1)) : 0.0;
  return stats;
}

std::vector<double> channel_average(const std::vector<std::vector<double>>& samples) {
  if (samples.empty()) return {};
  std::vector<double> average(samples[0].size(), 0.0);
  for (const auto& channel : samples) {
    for (size_t i = 0; i < average.size(); ++i)
      average[i] += channel[i];
  }
  for (double& v : average)
    v /= static_cast<double>(samples.size());
  return average;
}

}  // namespace ispsim::iq
