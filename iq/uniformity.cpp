#include "iq/uniformity.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "iq/colour.hpp"
#include "iq/metric_error.hpp"

namespace ispsim::iq {
namespace {

struct PatchMeans {
  double luma = 0;
  double linear[3] = {0, 0, 0};
};

PatchMeans patch_means(const Image16& rgb, double peak, int x0, int y0, int w, int h) {
  PatchMeans m;
  for (int y = y0; y < y0 + h; ++y)
    for (int x = x0; x < x0 + w; ++x) {
      const double r = rgb.at(x, y, 0) / peak, g = rgb.at(x, y, 1) / peak,
                   b = rgb.at(x, y, 2) / peak;
      m.luma += 0.2126 * r + 0.7152 * g + 0.0722 * b;
      m.linear[0] += srgb_decode(r);
      m.linear[1] += srgb_decode(g);
      m.linear[2] += srgb_decode(b);
    }
  const double n = static_cast<double>(w) * h;
  m.luma /= n;
  for (double& c : m.linear)
    c /= n;
  return m;
}

int mirror(int i, int n) {
  if (n == 1) return 0;
  while (i < 0 || i >= n)
    i = i < 0 ? -i : 2 * (n - 1) - i;
  return i;
}

}  // namespace

FlatFieldShading flat_field_shading(const Image16& rgb, double peak, int patch_divisor) {
  if (rgb.channels() != 3)
    throw MetricError("flat-field shading needs an RGB image, got " +
                      std::to_string(rgb.channels()) + " channels");
  if (patch_divisor < 2 || rgb.width() < patch_divisor || rgb.height() < patch_divisor)
    throw MetricError("flat-field shading: a " + std::to_string(rgb.width()) + "x" +
                      std::to_string(rgb.height()) + " image has no patches of 1/" +
                      std::to_string(patch_divisor));
  const int pw = rgb.width() / patch_divisor, ph = rgb.height() / patch_divisor;
  const PatchMeans centre =
      patch_means(rgb, peak, (rgb.width() - pw) / 2, (rgb.height() - ph) / 2, pw, ph);
  const struct {
    const char* name;
    int x, y;
  } places[4] = {{"top-left", 0, 0},
                 {"top-right", rgb.width() - pw, 0},
                 {"bottom-left", 0, rgb.height() - ph},
                 {"bottom-right", rgb.width() - pw, rgb.height() - ph}};
  FlatFieldShading result;
  double worst_luma_distance = -1;
  for (int k = 0; k < 4; ++k) {
    const PatchMeans p = patch_means(rgb, peak, places[k].x, places[k].y, pw, ph);
    CornerShading& c = result.corners[static_cast<size_t>(k)];
    c.corner = places[k].name;
    c.luma = p.luma / centre.luma;
    c.linear_green = p.linear[1] / centre.linear[1];
    c.red_to_green = (p.linear[0] / p.linear[1]) / (centre.linear[0] / centre.linear[1]);
    c.blue_to_green = (p.linear[2] / p.linear[1]) / (centre.linear[2] / centre.linear[1]);
    if (std::abs(c.luma - 1) > worst_luma_distance) {
      worst_luma_distance = std::abs(c.luma - 1);
      result.worst_luma = c.luma;
    }
    result.worst_colour_shift = std::max(
        {result.worst_colour_shift, std::abs(c.red_to_green - 1), std::abs(c.blue_to_green - 1)});
  }
  return result;
}

Outliers isolated_outliers(const Image16& image, double threshold, int radius) {
  if (radius < 1) throw MetricError("outliers: radius must be at least 1");
  const int w = image.width(), h = image.height(), channels = image.channels();
  std::vector<uint8_t> marked(static_cast<size_t>(w) * h, 0);
  std::vector<uint16_t> neighbours;
  Outliers result;
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      for (int c = 0; c < channels; ++c) {
        const int v = image.at(x, y, c);
        // The median lies within the neighbourhood's range: most samples are cleared by it.
        int low = 65535, high = 0;
        for (int dy = -radius; dy <= radius; ++dy)
          for (int dx = -radius; dx <= radius; ++dx)
            if (dx != 0 || dy != 0) {
              const int n = image.at(mirror(x + dx, w), mirror(y + dy, h), c);
              low = std::min(low, n);
              high = std::max(high, n);
            }
        if (v - low <= threshold && high - v <= threshold) continue;
        neighbours.clear();
        for (int dy = -radius; dy <= radius; ++dy)
          for (int dx = -radius; dx <= radius; ++dx)
            if (dx != 0 || dy != 0)
              neighbours.push_back(image.at(mirror(x + dx, w), mirror(y + dy, h), c));
        auto middle = neighbours.begin() + static_cast<std::ptrdiff_t>(neighbours.size() / 2);
        std::nth_element(neighbours.begin(), middle, neighbours.end());
        if (std::abs(v - *middle) > threshold) {
          ++result.pixels;
          marked[static_cast<size_t>(y) * w + x] = 1;
        }
      }
  // Clusters: flood fill over 8-connected marked pixels.
  std::vector<int> stack;
  for (int start = 0; start < w * h; ++start) {
    if (marked[static_cast<size_t>(start)] != 1) continue;
    ++result.clusters;
    stack.push_back(start);
    marked[static_cast<size_t>(start)] = 2;
    while (!stack.empty()) {
      const int at = stack.back();
      stack.pop_back();
      const int ax = at % w, ay = at / w;
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          const int nx = ax + dx, ny = ay + dy;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
          const size_t n = static_cast<size_t>(ny) * w + nx;
          if (marked[n] == 1) {
            marked[n] = 2;
            stack.push_back(static_cast<int>(n));
          }
        }
    }
  }
  return result;
}

}  // namespace ispsim::iq
