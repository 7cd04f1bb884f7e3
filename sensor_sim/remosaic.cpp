#include "sensor_sim/remosaic.hpp"

#include <algorithm>
#include <cmath>

#include "sensor_sim/fixed_pattern.hpp"

namespace ispsim::sensor {
namespace {

constexpr int kRggb[2][2] = {{0, 1}, {1, 2}};

int quad_colour(int x, int y) {
  return kRggb[(y >> 1) & 1][(x >> 1) & 1];
}

uint16_t to_code(double dn, int white) {
  return static_cast<uint16_t>(std::clamp(dn + 0.5, 0.0, white + 0.5));
}

}  // namespace

void apply_quad_sensitivity_correction(Image16& quad, const SensorProfile& profile,
                                       const RawFormat& format, int origin_x, int origin_y) {
  float inverse_gain[4][4];
  for (int y = 0; y < 4; ++y)
    for (int x = 0; x < 4; ++x)
      inverse_gain[y][x] = static_cast<float>(1.0 / quad_cell_gain(profile, x, y));
  const double black = format.black_level_dn;
  for (int y = 0; y < quad.height(); ++y) {
    uint16_t* row = quad.row(y);
    const float* inverse = inverse_gain[(y + origin_y) & 3];
    for (int x = 0; x < quad.width(); ++x)
      row[x] =
          to_code((row[x] - black) * inverse[(x + origin_x) & 3] + black, format.white_level_dn);
  }
}

Image16 remosaic_quad_to_bayer(const Image16& quad, const RawFormat& format) {
  const int width = quad.width(), height = quad.height();
  Image16 bayer(width, height, 1);
  // Noise scale: the native well (~7800 e-, reference table estimate) spans the code range, so a
  // signal of s DN has a shot-noise variance of s x K DN^2, plus ~2 e- of read noise.
  const double dn_per_e = (format.white_level_dn - format.black_level_dn) / 7800.0;
  for (int y = 0; y < height; ++y) {
    uint16_t* out = bayer.row(y);
    for (int x = 0; x < width; ++x) {
      const int want = kRggb[y & 1][x & 1];
      if (quad_colour(x, y) == want) {
        out[x] = quad.at(x, y);
        continue;
      }
      double values[24], weights[24];
      int n = 0;
      double weight_sum = 0, sum = 0;
      for (int dy = -2; dy <= 2; ++dy) {
        const int sy = y + dy;
        if (sy < 0 || sy >= height) continue;
        for (int dx = -2; dx <= 2; ++dx) {
          const int sx = x + dx;
          if (sx < 0 || sx >= width || quad_colour(sx, sy) != want) continue;
          values[n] = quad.at(sx, sy);
          weights[n] = 1.0 / (dx * dx + dy * dy);
          sum += weights[n] * values[n];
          weight_sum += weights[n];
          ++n;
        }
      }
      const double mean = sum / weight_sum;
      const double signal = std::max(0.0, mean - format.black_level_dn);
      const double edge_scale =
          4.0 * std::sqrt(signal * dn_per_e + 4.0 * dn_per_e * dn_per_e) + 1.0;
      sum = weight_sum = 0;
      for (int i = 0; i < n; ++i) {
        const double w = weights[i] / (1.0 + std::abs(values[i] - mean) / edge_scale);
        sum += w * values[i];
        weight_sum += w;
      }
      out[x] = to_code(sum / weight_sum, format.white_level_dn);
    }
  }
  return bayer;
}

}  // namespace ispsim::sensor
