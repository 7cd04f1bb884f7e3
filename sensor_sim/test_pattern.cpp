#include "sensor_sim/test_pattern.hpp"

#include <algorithm>

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
  const int width = settings.width;
  for (int y = 0; y < settings.height; ++y) {
    uint16_t* out = frame.row(y);
    for (int x = 0; x < width; ++x) {
      if (settings.test_pattern == 1) {
        out[x] = mid;
      } else {
        const int bar = static_cast<int>(static_cast<int64_t>(x) * 8 / width);
        out[x] = kBars[bar][kRggb[y & 1][x & 1]] ? static_cast<uint16_t>(white) : black;
      }
    }
  }
}

}  // namespace ispsim::sensor
