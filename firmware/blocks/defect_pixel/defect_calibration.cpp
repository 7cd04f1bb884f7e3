// Static defect calibration from a dark and a flat raw frame.
#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <utility>

#include "firmware/blocks/defect_pixel/defect_pixel.hpp"
#include "firmware/hal.hpp"
#include "model/kernels/cfa.hpp"

namespace ispsim::fw::blocks {
namespace {

// The median of the eight same-colour neighbours two samples away (mirrored at the borders,
// which keeps their colour): the lower of the middle two, enough to tell a defect from a field.
double ring_median(const RawView& raw, int x, int y) {
  std::array<uint16_t, 8> ring{};
  int n = 0;
  for (int dy = -2; dy <= 2; dy += 2)
    for (int dx = -2; dx <= 2; dx += 2)
      if (dx != 0 || dy != 0)
        ring[static_cast<size_t>(n++)] =
            raw.at(reflect101(x + dx, raw.width), reflect101(y + dy, raw.height));
  std::nth_element(ring.begin(), ring.begin() + 3, ring.end());
  return ring[3];
}

// The lowest and highest of each sample's ring along row y, into low[] and high[]. Away from
// the borders the samples are read directly in a loop the compiler vectorises (most of the
// frame, and most of the calibration's time); the two columns at each end are mirrored.
void ring_ranges(const RawView& raw, int y, std::vector<int>& low, std::vector<int>& high) {
  const int w = raw.width;
  auto mirrored = [&](int x) {
    int lo = 65535, hi = 0;
    for (int dy = -2; dy <= 2; dy += 2)
      for (int dx = -2; dx <= 2; dx += 2)
        if (dx != 0 || dy != 0) {
          const int v = raw.at(reflect101(x + dx, w), reflect101(y + dy, raw.height));
          lo = std::min(lo, v);
          hi = std::max(hi, v);
        }
    low[static_cast<size_t>(x)] = lo;
    high[static_cast<size_t>(x)] = hi;
  };
  if (y < 2 || y >= raw.height - 2 || w < 5) {
    for (int x = 0; x < w; ++x)
      mirrored(x);
    return;
  }
  const uint16_t* up = raw.samples + static_cast<long>(y - 2) * w;
  const uint16_t* mid = up + 2L * w;
  const uint16_t* down = mid + 2L * w;
  for (int x = 2; x < w - 2; ++x) {
    const int a = std::min(std::min(up[x - 2], up[x]), std::min(up[x + 2], mid[x - 2]));
    const int b = std::min(std::min(mid[x + 2], down[x - 2]), std::min(down[x], down[x + 2]));
    const int c = std::max(std::max(up[x - 2], up[x]), std::max(up[x + 2], mid[x - 2]));
    const int d = std::max(std::max(mid[x + 2], down[x - 2]), std::max(down[x], down[x + 2]));
    low[static_cast<size_t>(x)] = std::min(a, b);
    high[static_cast<size_t>(x)] = std::max(c, d);
  }
  for (const int x : {0, 1, w - 2, w - 1})
    mirrored(x);
}

}  // namespace

std::vector<FoundDefect> find_static_defects(const RawView& dark, const RawView& flat,
                                             double dark_threshold, double flat_fraction) {
  if (dark.width != flat.width || dark.height != flat.height)
    throw FirmwareError("defect calibration: the dark frame is " + std::to_string(dark.width) +
                        "x" + std::to_string(dark.height) + ", the flat one " +
                        std::to_string(flat.width) + "x" + std::to_string(flat.height));
  if (dark.samples == nullptr || flat.samples == nullptr || dark.width < 5 || dark.height < 5)
    throw FirmwareError("defect calibration: frames under 5x5");
  std::vector<FoundDefect> found;
  const auto w = static_cast<size_t>(dark.width);
  std::vector<int> dark_low(w), dark_high(w), flat_low(w), flat_high(w);
  for (int y = 0; y < dark.height; ++y) {
    ring_ranges(dark, y, dark_low, dark_high);
    ring_ranges(flat, y, flat_low, flat_high);
    for (int x = 0; x < dark.width; ++x) {
      // The median lies within the ring's range, so a sample that stays within the margins of
      // that range cannot be a defect: the medians (slow) are taken for the few that do not.
      const auto i = static_cast<size_t>(x);
      const double least_margin = flat_fraction * std::max(flat_low[i] - flat.black_level, 1.0);
      const int d = dark.at(x, y), f = flat.at(x, y);
      if (d - dark_low[i] <= dark_threshold && f - flat_low[i] <= least_margin &&
          flat_high[i] - f <= least_margin)
        continue;
      const double hot = d - ring_median(dark, x, y);
      const double field = ring_median(flat, x, y);
      const double off_field = std::abs(f - field);
      const double signal = std::max(field - flat.black_level, 1.0);
      if (hot > dark_threshold || off_field > flat_fraction * signal)
        found.push_back({{x, y}, std::max(hot, off_field)});
    }
  }
  std::stable_sort(found.begin(), found.end(), [](const FoundDefect& a, const FoundDefect& b) {
    return a.deviation > b.deviation;
  });
  return found;
}

}  // namespace ispsim::fw::blocks
