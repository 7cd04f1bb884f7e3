#include "sensor_sim/remosaic.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "model/common/row_bands.hpp"
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

// QSC: each pixel's signal above black divided by its cell position's gain, per row of the 4x4
// tile (inverse gains, already shifted to the frame's origin in the array).
struct QuadCorrection {
  float inverse_gain[4][4];  // [y & 3][x & 3] of the frame
  double black;
  int white;

  QuadCorrection(const SensorProfile& profile, const RawFormat& format, int origin_x, int origin_y)
      : black(format.black_level_dn), white(format.white_level_dn) {
    for (int y = 0; y < 4; ++y)
      for (int x = 0; x < 4; ++x)
        inverse_gain[y][x] = static_cast<float>(
            1.0 / quad_cell_gain(profile, (x + origin_x) & 3, (y + origin_y) & 3));
  }
  uint16_t corrected(uint16_t raw, int x, int y) const {
    return to_code((raw - black) * inverse_gain[y & 3][x & 3] + black, white);
  }
};

// The sites of a 4x4 Quad Bayer tile (the pattern repeats every 4 pixels): for each one, whether
// it already holds its Bayer colour, else its Bayer colour's pixels within 2 pixels with their
// inverse-square-distance weights, in scan order (dy, then dx) so sums add up in a fixed order.
constexpr int kMaxNeighbours = 24;
struct Neighbour {
  int dx, dy;
  float weight;
};
struct TileSite {
  bool kept;
  int count;
  Neighbour neighbours[kMaxNeighbours];
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
            site.neighbours[site.count++] = {dx, dy, 1.0f / static_cast<float>(dx * dx + dy * dy)};
    }
  return tile;
}

// One input row split by column phase (x & 3) into float arrays, so that every pixel of one output
// phase finds a given neighbour at the same index offset: the loops over a phase's pixels are
// contiguous and the compiler turns them into vector code. Each phase array has one pad entry at
// both ends; `present` is 1 inside the frame and 0 for pads and rows outside it, so a missing
// neighbour adds nothing to a sum.
struct PhaseRow {
  std::vector<float> value[4], present[4];

  void resize(int phase_length) {
    for (int q = 0; q < 4; ++q) {
      value[q].assign(phase_length + 2, 0.0f);
      present[q].assign(phase_length + 2, 0.0f);
    }
  }
  // Row y of the frame (nullptr: outside it), through the QSC when one is given.
  void load(const uint16_t* row, int width, int y, const QuadCorrection* qsc) {
    for (int q = 0; q < 4; ++q) {
      std::fill(value[q].begin(), value[q].end(), 0.0f);
      std::fill(present[q].begin(), present[q].end(), 0.0f);
    }
    if (row == nullptr) return;
    for (int x = 0; x < width; ++x) {
      value[x & 3][(x >> 2) + 1] = qsc ? qsc->corrected(row[x], x, y) : row[x];
      present[x & 3][(x >> 2) + 1] = 1.0f;
    }
  }
};

// The rows a band reads but does not own, copied before any band starts: its neighbours overwrite
// them in place.
struct BandBorders {
  int y0 = 0, y1 = 0;
  std::vector<uint16_t> above[2], below[2];  // rows y0-2, y0-1 and y1, y1+1 (empty: outside)
};

// Output rows [band.y0, band.y1) of the remosaic (see remosaic.hpp), in place, in float: sums of
// at most 12 weighted samples of 16 bits are exact to far below one code. Each output pixel's
// arithmetic is the same whatever the band, so the result does not depend on the number of
// threads.

void remosaic_rows(Image16& frame, const RawFormat& format, const RemosaicTile& tile,
                   const BandBorders& band, const QuadCorrection* qsc) {
  const int width = frame.width(), height = frame.height();
  const int y0 = band.y0, y1 = band.y1;
  // Noise scale: the native well (~7800 e-, reference table estimate) spans the code range, so a
  // signal of s DN has a shot-noise variance of s x K DN^2, plus ~2 e- of read noise.
  const float dn_per_e =
      static_cast<float>(format.white_level_dn - format.black_level_dn) / 7800.0f;
  const float read_variance = 4.0f * dn_per_e * dn_per_e;
  const float black = static_cast<float>(format.black_level_dn);
  const float top_code = static_cast<float>(format.white_level_dn) + 0.5f;
  const int phase_length = (width + 3) / 4;
  PhaseRow ring[5];  // input rows y-2 .. y+2 at ring[(row + 2) % 5] (row >= -2)
  for (PhaseRow& row : ring)
    row.resize(phase_length);
  auto load_row = [&](int row) {
    const uint16_t* pixels = nullptr;
    if (row >= y0 && row < y1)
      pixels = frame.row(row);  // not yet overwritten: rows are written after row + 2 is loaded
    else if (row >= 0 && row < height) {
      const std::vector<uint16_t>& copy =
          row < y0 ? band.above[row - (y0 - 2)] : band.below[row - y1];
      pixels = copy.data();
    }
    ring[(row + 2) % 5].load(pixels, width, row, qsc);
  };
  for (int row = y0 - 2; row < y0 + 2; ++row)
    load_row(row);
  std::vector<float> sum(phase_length), weight_sum(phase_length), mean(phase_length),
      inverse_edge_scale(phase_length);
  for (int y = y0; y < y1; ++y) {
    load_row(y + 2);
    // In place: the ring holds rows y-2 .. y+2 as they were, and the kept sites already hold
    // their values.
    uint16_t* out = frame.row(y);
    for (int p = 0; p < 4 && p < width; ++p) {
      const TileSite& site = tile.sites[y & 3][p];
      const int n = (width - p + 3) / 4;  // pixels x = p + 4k of this phase
      if (site.kept) {  // the value as loaded: QSC-corrected where a correction is given
        const std::vector<float>& here = ring[(y + 2) % 5].value[p];
        for (int k = 0; k < n; ++k)
          out[p + 4 * k] = static_cast<uint16_t>(here[k + 1]);
        continue;
      }
      // Neighbour i of pixel k is column x + dx = p + dx + 4k: phase (p + dx) & 3, index
      // k + floor((p + dx) / 4) + 1 (the pad). With column = p + dx + 4 >= 0 that is
      // k + (column >> 2): the tile added and the pad cancel.
      const float* values[kMaxNeighbours];
      const float* present[kMaxNeighbours];
      for (int i = 0; i < site.count; ++i) {
        const Neighbour& nb = site.neighbours[i];
        const int column = p + nb.dx + 4;
        const PhaseRow& row = ring[(y + nb.dy + 2) % 5];
        values[i] = row.value[column & 3].data() + (column >> 2);
        present[i] = row.present[column & 3].data() + (column >> 2);
      }
      float* const __restrict s = sum.data();
      float* const __restrict ws = weight_sum.data();
      float* const __restrict m = mean.data();
      float* const __restrict inv = inverse_edge_scale.data();
      // Weighted sums over the neighbours: plain weights, or (edge aware) each divided by
      // 1 + |v - m| / edge_scale with the mean m of the plain pass.
      const auto accumulate = [&](auto edge_aware) {
        std::fill(s, s + n, 0.0f);
        std::fill(ws, ws + n, 0.0f);
        for (int i = 0; i < site.count; ++i) {
          const float weight = site.neighbours[i].weight;
          const float* const __restrict v = values[i];
          const float* const __restrict here = present[i];
          for (int k = 0; k < n; ++k) {
            float w = weight * here[k];
            if constexpr (decltype(edge_aware)::value) w /= 1.0f + std::abs(v[k] - m[k]) * inv[k];
            s[k] += w * v[k];
            ws[k] += w;
          }
        }
      };
      accumulate(std::false_type{});
      for (int k = 0; k < n; ++k) {
        m[k] = s[k] / ws[k];
        const float signal = std::max(0.0f, m[k] - black);
        inv[k] = 1.0f / (4.0f * std::sqrt(signal * dn_per_e + read_variance) + 1.0f);
      }
      accumulate(std::true_type{});
      // A site with none of its colour within 2 pixels (frames 1 or 2 pixels across) keeps its
      // own value.
      const float* own = ring[(y + 2) % 5].value[p].data() + 1;
      for (int k = 0; k < n; ++k) {
        const float value = ws[k] > 0.0f ? s[k] / ws[k] : own[k];
        out[p + 4 * k] = static_cast<uint16_t>(std::clamp(value + 0.5f, 0.0f, top_code));
      }
    }
  }
}

}  // namespace

void apply_quad_sensitivity_correction(Image16& quad, const SensorProfile& profile,
                                       const RawFormat& format, int origin_x, int origin_y,
                                       int threads) {
  const QuadCorrection qsc(profile, format, origin_x, origin_y);
  run_row_bands(quad.height(), threads, [&](int y0, int y1) {
    for (int y = y0; y < y1; ++y) {
      uint16_t* row = quad.row(y);
      for (int x = 0; x < quad.width(); ++x)
        row[x] = qsc.corrected(row[x], x, y);
    }
  });
}

namespace {

void remosaic_in_place(Image16& frame, const RawFormat& format, int threads,
                       const QuadCorrection* qsc) {
  const RemosaicTile tile = make_remosaic_tile();
  const int height = frame.height();
  const int bands = row_band_count(height, threads);
  std::vector<BandBorders> borders(bands);
  const auto copy_row = [&](int y) {
    return y >= 0 && y < height ? std::vector<uint16_t>(frame.row(y), frame.row(y) + frame.width())
                                : std::vector<uint16_t>();
  };
  for (int b = 0; b < bands; ++b) {
    BandBorders& band = borders[b];
    band.y0 = row_band_start(height, bands, b);
    band.y1 = row_band_start(height, bands, b + 1);
    for (int i = 0; i < 2; ++i) {
      band.above[i] = copy_row(band.y0 - 2 + i);
      band.below[i] = copy_row(band.y1 + i);
    }
  }
  run_row_bands(bands, bands, [&](int first, int end) {
    for (int b = first; b < end; ++b)
      remosaic_rows(frame, format, tile, borders[b], qsc);
  });
}

}  // namespace

void remosaic_in_place(Image16& frame, const RawFormat& format, int threads) {
  remosaic_in_place(frame, format, threads, nullptr);
}

void correct_and_remosaic_in_place(Image16& frame, const SensorProfile& profile,
                                   const RawFormat& format, int origin_x, int origin_y,
                                   int threads) {
  const QuadCorrection qsc(profile, format, origin_x, origin_y);
  remosaic_in_place(frame, format, threads, &qsc);
}

Image16 remosaic_quad_to_bayer(const Image16& quad, const RawFormat& format, int threads) {
  Image16 bayer = quad;
  remosaic_in_place(bayer, format, threads);
  return bayer;
}

}  // namespace ispsim::sensor
