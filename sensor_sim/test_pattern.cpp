#include "sensor_sim/test_pattern.hpp"

#include <algorithm>
#include <vector>

namespace ispsim::sensor {
namespace {

constexpr int kRggb[2][2] = {{0, 1}, {1, 2}};

uint16_t to_code(double dn, int white_level) {
  const double clamped = std::clamp(dn + 0.5, 0.0, white_level + 0.5);
  return static_cast<uint16_t>(static_cast<int>(clamped));
}

}  // namespace

void render_test_pattern(const SensorProfile& profile, const SensorSettings& settings,
                         Image16& frame) {
  const int white = white_level_dn(profile);
  const uint16_t black = to_code(profile.black_level_dn, white);
  const uint16_t mid =
      to_code(profile.black_level_dn + 0.5 * (white - profile.black_level_dn), white);
  // Presence of R, G, B in white, yellow, cyan, green, magenta, red, blue, black.
  constexpr bool kBars[8][3] = {{1, 1, 1}, {1, 1, 0}, {0, 1, 1}, {0, 1, 0},
                                {1, 0, 1}, {1, 0, 0}, {0, 0, 1}, {0, 0, 0}};
  // Every even row is the same, and every odd row: build the two once, then copy.
  const int width = settings.width;
  std::vector<uint16_t> rows[2];
  for (int parity = 0; parity < 2; ++parity) {
    rows[parity].resize(static_cast<size_t>(width));
    for (int x = 0; x < width; ++x) {
      if (settings.test_pattern == 1) {
        rows[parity][x] = mid;
      } else {
        const int bar = static_cast<int>(static_cast<int64_t>(x) * 8 / width);
        rows[parity][x] = kBars[bar][kRggb[parity][x & 1]] ? static_cast<uint16_t>(white) : black;
      }
    }
  }
  for (int y = 0; y < settings.height; ++y)
    std::copy(rows[y & 1].begin(), rows[y & 1].end(), frame.row(y));
}

}  // namespace ispsim::sensor
