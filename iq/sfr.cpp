// The steps follow ISO 12233:2017 Annex D (as in Burns' sfrmat3/4): per-row centroids of the
// derivative, a least-squares line through them, projection of every pixel onto the edge normal
// into bins 1/4 pixel wide (the edge spread function), derivative (line spread function), Hamming
// window, discrete Fourier transform, and division by the derivative filter's own response.
#include "iq/sfr.hpp"

#include <algorithm>
#include <cmath>
#include <complex>

#include "iq/metric_error.hpp"

namespace ispsim::iq {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kOversampling = 4;
constexpr double kFrequencyStep = 0.005;
constexpr double kMaxFrequency = 1.0;

struct Line {
  double offset = 0;  // edge column at row 0
  double slope = 0;   // columns per row
};

double hamming(double distance, double half_width) {
  if (std::fabs(distance) > half_width) return 0.0;
  return 0.54 + 0.46 * std::cos(kPi * distance / half_width);
}

// Centroid of the row derivative, optionally weighted by a Hamming window centred on a previous
// estimate so that noise far from the edge does not pull the centroid.
double row_centroid(const double* row, int width, const Line* window, int y) {
  double moment = 0, total = 0;
  for (int x = 1; x < width - 1; ++x) {
    double d = 0.5 * (row[x + 1] - row[x - 1]);
    if (window != nullptr) d *= hamming(x - (window->offset + window->slope * y), width / 2.0);
    moment += x * d;
    total += d;
  }
  if (total == 0) return NAN;
  return moment / total;
}

Line fit_line(const std::vector<double>& centroids) {
  double n = 0, sy = 0, sc = 0, syy = 0, syc = 0;
  for (size_t y = 0; y < centroids.size(); ++y) {
    if (std::isnan(centroids[y])) continue;
    n += 1;
    sy += y;
    sc += centroids[y];
    syy += static_cast<double>(y) * y;
    syc += y * centroids[y];
  }
  const double det = n * syy - sy * sy;
  if (n < 2 || det == 0)
    throw MetricError(
        "slanted edge: too few rows with an edge to fit a line (the region should hold one "
        "straight edge tilted a few degrees from vertical or horizontal)");
  Line line;
  line.slope = (n * syc - sy * sc) / det;
  line.offset = (sc - line.slope * sy) / n;
  return line;
}

Line locate_edge(const std::vector<double>& data, int width, int height) {
  std::vector<double> centroids(height);
  for (int y = 0; y < height; ++y) {
    centroids[y] = row_centroid(&data[static_cast<size_t>(y) * width], width, nullptr, y);
  }
  const Line first = fit_line(centroids);
  for (int y = 0; y < height; ++y) {
    centroids[y] = row_centroid(&data[static_cast<size_t>(y) * width], width, &first, y);
  }
  return fit_line(centroids);
}

// Mean of the samples in each bin of width 1/kOversampling pixel along the edge normal, over the
// band of distances that every row covers, so each bin has samples from every edge phase.
std::vector<double> edge_spread(const std::vector<double>& data, int width, int height,
                                const Line& edge, double cos_angle) {
  double lo = -1e300, hi = 1e300;
  for (int y = 0; y < height; ++y) {
    const double centre = edge.offset + edge.slope * y;
    lo = std::max(lo, (0 - centre) * cos_angle);
    hi = std::min(hi, (width - 1 - centre) * cos_angle);
  }
  const double bin = 1.0 / kOversampling;
  const int bins = static_cast<int>(std::floor((hi - lo) / bin));
  if (bins < 8 * kOversampling) {
    throw MetricError("slanted edge: region leaves fewer than 8 pixels on the edge normal (" +
                      std::to_string(bins / kOversampling) + "); widen it or centre the edge");
  }
  std::vector<double> sum(bins, 0.0);
  std::vector<int> count(bins, 0);
  for (int y = 0; y < height; ++y) {
    const double centre = edge.offset + edge.slope * y;
    for (int x = 0; x < width; ++x) {
      const int index = static_cast<int>(std::floor(((x - centre) * cos_angle - lo) / bin));
      if (index < 0 || index >= bins) continue;
      sum[index] += data[static_cast<size_t>(y) * width + x];
      ++count[index];
    }
  }
  std::vector<double> esf(bins, NAN);
  for (int i = 0; i < bins; ++i) {
    if (count[i] > 0) esf[i] = sum[i] / count[i];
  }
  // A bin no row fell into (possible at angles near a ratio of small integers) takes the linear
  // interpolation of its neighbours.
  for (int i = 0; i < bins; ++i) {
    if (!std::isnan(esf[i])) continue;
    int before = i - 1, after = i + 1;
    while (after < bins && std::isnan(esf[after]))
      ++after;
    if (before < 0 && after >= bins) throw MetricError("slanted edge: no samples near the edge");
    if (before < 0) {
      esf[i] = esf[after];
    } else if (after >= bins) {
      esf[i] = esf[before];
    } else {
      esf[i] = esf[before] + (esf[after] - esf[before]) * (i - before) / (after - before);
    }
  }
  return esf;
}

SfrResult sfr_of_vertical_edge(const std::vector<double>& data, int width, int height) {
  const Line edge = locate_edge(data, width, height);
  if (std::fabs(edge.slope) * height < 1.0) {
    throw MetricError("slanted edge: edge moves " + std::to_string(std::fabs(edge.slope) * height) +
                      " pixels over the region; at least 1 is needed (tilt it ~5 degrees)");
  }
  const double cos_angle = 1.0 / std::sqrt(1.0 + edge.slope * edge.slope);
  const std::vector<double> esf = edge_spread(data, width, height, edge, cos_angle);

  // Line spread function by central difference, then a Hamming window centred on its centroid.
  const int n = static_cast<int>(esf.size());
  std::vector<double> lsf(n, 0.0);
  for (int i = 1; i < n - 1; ++i)
    lsf[i] = 0.5 * (esf[i + 1] - esf[i - 1]);
  lsf[0] = lsf[1];
  lsf[n - 1] = lsf[n - 2];
  double moment = 0, total = 0;
  for (int i = 0; i < n; ++i) {
    moment += i * lsf[i];
    total += lsf[i];
  }
  if (total == 0) throw MetricError("slanted edge: the region has no contrast across the edge");
  const double centre = moment / total;
  const double half_width = std::max(centre, n - 1 - centre);
  for (int i = 0; i < n; ++i)
    lsf[i] *= hamming(i - centre, half_width);

  SfrResult result;
  result.edge_angle_deg = std::atan(edge.slope) * 180.0 / kPi;
  const double bin = 1.0 / kOversampling;
  const int steps = static_cast<int>(std::lround(kMaxFrequency / kFrequencyStep));
  double dc = 0;
  for (int k = 0; k <= steps; ++k) {
    const double f = k * kFrequencyStep;
    std::complex<double> sum = 0;
    for (int i = 0; i < n; ++i)
      sum += lsf[i] * std::polar(1.0, -2.0 * kPi * f * bin * i);
    double magnitude = std::abs(sum);
    // The central difference over one bin has response sin(w)/w with w = 2 pi f bin.
    const double w = 2.0 * kPi * f * bin;
    if (w > 0) magnitude /= std::sin(w) / w;
    if (k == 0) dc = magnitude;
    result.frequency_cy_px.push_back(f);
    result.mtf.push_back(magnitude / dc);
  }
  result.mtf50_cy_px = kMaxFrequency;
  for (size_t k = 1; k < result.mtf.size(); ++k) {
    if (result.mtf[k] <= 0.5) {
      const double m0 = result.mtf[k - 1], m1 = result.mtf[k];
      const double f0 = result.frequency_cy_px[k - 1];
      result.mtf50_cy_px = f0 + kFrequencyStep * (m0 - 0.5) / (m0 - m1);
      break;
    }
  }
  result.mtf_half_nyquist = mtf_at(result, 0.25);
  return result;
}

}  // namespace

SfrResult slanted_edge_sfr(const std::vector<double>& samples, int width, int height) {
  if (width < 8 || height < 8 || samples.size() != static_cast<size_t>(width) * height) {
    throw MetricError("slanted edge: region " + std::to_string(width) + "x" +
                      std::to_string(height) + " is too small (8x8 at least)");
  }
  // A near-vertical edge changes the signal along rows; otherwise measure the transpose.
  double along_rows = 0, along_columns = 0;
  for (int y = 0; y + 1 < height; ++y) {
    for (int x = 0; x + 1 < width; ++x) {
      const double v = samples[static_cast<size_t>(y) * width + x];
      along_rows += std::fabs(samples[static_cast<size_t>(y) * width + x + 1] - v);
      along_columns += std::fabs(samples[static_cast<size_t>(y + 1) * width + x] - v);
    }
  }
  if (along_rows >= along_columns) return sfr_of_vertical_edge(samples, width, height);
  std::vector<double> transposed(samples.size());
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      transposed[static_cast<size_t>(x) * height + y] = samples[static_cast<size_t>(y) * width + x];
    }
  }
  SfrResult result = sfr_of_vertical_edge(transposed, height, width);
  result.transposed = true;
  return result;
}

SfrResult slanted_edge_sfr(const Image16& image, const PixelRect& region, int channel) {
  if (channel >= image.channels()) {
    throw MetricError("slanted edge: channel " + std::to_string(channel) + " of a " +
                      std::to_string(image.channels()) + "-channel image");
  }
  const auto samples = region_samples(image, region, "slanted edge region");
  return slanted_edge_sfr(channel < 0 ? channel_average(samples) : samples[channel], region.width,
                          region.height);
}

double mtf_at(const SfrResult& sfr, double frequency_cy_px) {
  if (sfr.mtf.empty()) return NAN;
  if (frequency_cy_px <= 0) return sfr.mtf.front();
  const double position = frequency_cy_px / kFrequencyStep;
  const size_t k = static_cast<size_t>(std::floor(position));
  if (k + 1 >= sfr.mtf.size()) return sfr.mtf.back();
  const double t = position - k;
  return sfr.mtf[k] * (1 - t) + sfr.mtf[k + 1] * t;
}

}  // namespace ispsim::iq
