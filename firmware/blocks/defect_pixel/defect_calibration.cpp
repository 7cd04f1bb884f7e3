// Static defect calibration from a dark and a flat raw frame.
#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "firmware/blocks/defect_pixel/defect_pixel.hpp"
#include "firmware/hal.hpp"

namespace ispsim::fw::blocks {
namespace {

int mirror(int i, int n) {
  return i < 0 ? -i : (i >= n ? 2 * (n - 1) - i : i);
}

// The median of the eight same-colour neighbours two samples away (mirrored at the borders,
// which keeps their colour): the lower of the middle two, enough to tell a defect from a field.
double ring_median(const RawView& raw, int x, int y) {
  std::array<uint16_t, 8> ring{};
  int n = 0;
  for (int dy = -2; dy <= 2; dy += 2)
    for (int dx = -2; dx <= 2; dx += 2)
      if (dx != 0 || dy != 0)
        ring[static_cast<size_t>(n++)] =
            raw.at(mirror(x + dx, raw.width), mirror(y + dy, raw.height));
  std::nth_element(ring.begin(), ring.begin() + 3, ring.end());
  return ring[3];
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
  for (int y = 0; y < dark.height; ++y)
    for (int x = 0; x < dark.width; ++x) {
      const double hot = dark.at(x, y) - ring_median(dark, x, y);
      const double field = ring_median(flat, x, y);
      const double off_field = std::abs(flat.at(x, y) - field);
      const double signal = std::max(field - flat.black_level, 1.0);
      if (hot > dark_threshold || off_field > flat_fraction * signal)
        found.push_back({{x, y}, std::max(hot, off_field)});
    }
  std::stable_sort(found.begin(), found.end(), [](const FoundDefect& a, const FoundDefect& b) {
    return a.deviation > b.deviation;
  });
  return found;
}

}  // namespace ispsim::fw::blocks
