#include "sensor_sim/remosaic.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <thread>
#include <vector>

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

// The sites of a 4x4 Quad Bayer tile (the pattern repeats every 4 pixels): for each one, whether
// it already holds its Bayer colour, else its Bayer colour's pixels within 2 pixels with their
// inverse-square-distance weights, in scan order (dy, then dx) so sums add up in a fixed order.
struct Neighbour {
  int dx, dy;
  double weight;
};
struct TileSite {
  bool kept;
  int count;
  Neighbour neighbours[24];
};
struct RemosaicTile {
  TileSite sites[4][4];  // [y & 3][x & 3]
};

RemosaicTile make_remosaic_tile() {
  RemosaicTile tile{};
  for (int py = 0; py < 4; ++py)
    for (int px = 0; px < 4; ++px) {
      TileSite& site = tile.sites[py][px];
      const int want = kRggb[py & 1][px & 1];
      site.kept = quad_colour(px, py) == want;
      site.count = 0;
      for (int dy = -2; dy <= 2; ++dy)
        for (int dx = -2; dx <= 2; ++dx)
          if ((dx || dy) && quad_colour(px + dx + 4, py + dy + 4) == want)
            site.neighbours[site.count++] = {dx, dy, 1.0 / (dx * dx + dy * dy)};
    }
  return tile;
}

// Output rows [y0, y1) of the remosaic (see remosaic.hpp).
void remosaic_rows(const Image16& quad, const RawFormat& format, const RemosaicTile& tile, int y0,
                   int y1, Image16& bayer) {
  const int width = quad.width(), height = quad.height();
  // Noise scale: the native well (~7800 e-, reference table estimate) spans the code range, so a
  // signal of s DN has a shot-noise variance of s x K DN^2, plus ~2 e- of read noise.
  const double dn_per_e = (format.white_level_dn - format.black_level_dn) / 7800.0;
  for (int y = y0; y < y1; ++y) {
    const uint16_t* in = quad.row(y);
    uint16_t* out = bayer.row(y);
    const bool rows_inside = y >= 2 && y + 2 < height;
    for (int x = 0; x < width; ++x) {
      const TileSite& site = tile.sites[y & 3][x & 3];
      if (site.kept) {
        out[x] = in[x];
        continue;
      }
      const bool inside = rows_inside && x >= 2 && x + 2 < width;
      double values[24], weights[24];
      int n = 0;
      double weight_sum = 0, sum = 0;
      for (int i = 0; i < site.count; ++i) {
        const Neighbour& nb = site.neighbours[i];
        const int sx = x + nb.dx, sy = y + nb.dy;
        if (!inside && (sx < 0 || sx >= width || sy < 0 || sy >= height)) continue;
        values[n] = quad.row(sy)[sx];
        weights[n] = nb.weight;
        sum += weights[n] * values[n];
        weight_sum += weights[n];
        ++n;
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

Image16 remosaic_quad_to_bayer(const Image16& quad, const RawFormat& format, int threads) {
  const int height = quad.height();
  Image16 bayer(quad.width(), height, 1);
  const RemosaicTile tile = make_remosaic_tile();
  const int bands = std::clamp(threads, 1, std::max(1, height));
  if (bands == 1) {
    remosaic_rows(quad, format, tile, 0, height, bayer);
    return bayer;
  }
  // Each band writes only its own output rows and reads the shared input: the result does not
  // depend on the number of bands.
  std::vector<std::thread> workers;
  for (int b = 0; b < bands; ++b) {
    const int y0 = static_cast<int>(static_cast<int64_t>(height) * b / bands);
    const int y1 = static_cast<int>(static_cast<int64_t>(height) * (b + 1) / bands);
    workers.emplace_back([&, y0, y1] { remosaic_rows(quad, format, tile, y0, y1, bayer); });
  }
  for (std::thread& worker : workers)
    worker.join();
  return bayer;
}

}  // namespace ispsim::sensor
