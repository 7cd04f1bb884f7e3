// Fixed-pattern generation from per-row unit streams.
#include "sensor_sim/fixed_pattern.hpp"

#include <algorithm>
#include <cmath>

#include "sensor_sim/random.hpp"

namespace ispsim::sensor {
namespace {

// Stream key of one row of the unit's fixed pattern. Its own mixing constants keep it unrelated
// to every temporal (seed, frame, row) stream.
uint64_t unit_row_key(uint64_t unit_seed, uint32_t row) {
  const uint64_t key = mix64(unit_seed + 0xd1b54a32d192ed03ULL);
  return mix64(key ^ (static_cast<uint64_t>(row) + 0xaef17502108ef2d9ULL));
}

// Standard normal variates from 16 random bits, for the fixed pattern: the quantile function at
// 4097 knots, linearly interpolated between them (65536 levels, tails cut at +-3.7 sigma), then
// scaled to unit variance. A fixed pattern needs the right spatial sigma, not the far tails, and
// this makes three variates out of one 64-bit draw: a quarter of the cost of three ziggurat draws.
class FixedPatternNormals {
 public:
  FixedPatternNormals() {
    for (int j = 0; j <= kKnots; ++j) {
      const double p = std::clamp(static_cast<double>(j) / kKnots, 0.5 / kKnots, 1 - 0.5 / kKnots);
      knots_[j] = quantile(p);
    }
    double sum_sq = 0;
    for (int u = 0; u < 65536; ++u)
      sum_sq += interpolate(u) * interpolate(u);
    const double scale = 1.0 / std::sqrt(sum_sq / 65536);
    for (double& knot : knots_)
      knot *= scale;
    for (int j = 0; j < kKnots; ++j) {
      base_[j] = static_cast<float>(knots_[j]);
      step_[j] = static_cast<float>((knots_[j + 1] - knots_[j]) / 16);
    }
  }
  float operator()(uint64_t bits16) const {
    const auto j = static_cast<int>(bits16 >> 4);
    return base_[j] + (static_cast<float>(bits16 & 15) + 0.5f) * step_[j];
  }

 private:
  static constexpr int kKnots = 4096;

  // Inverse of Phi(z) = erfc(-z / sqrt 2) / 2 by Newton's method (converges in a few steps).
  static double quantile(double p) {
    double z = 0;
    for (int i = 0; i < 60; ++i) {
      const double error = 0.5 * std::erfc(-z / std::sqrt(2.0)) - p;
      const double density = std::exp(-0.5 * z * z) / std::sqrt(2.0 * kPi);
      const double step = error / density;
      z -= std::clamp(step, -1.0, 1.0);
      if (std::abs(step) < 1e-13) break;
    }
    return z;
  }
  double interpolate(int u) const {
    const int j = u >> 4;
    return knots_[j] + ((u & 15) + 0.5) / 16 * (knots_[j + 1] - knots_[j]);
  }

  double knots_[kKnots + 1];
  float base_[kKnots], step_[kKnots];
};

const FixedPatternNormals& fixed_pattern_normals() {
  static const FixedPatternNormals normals;
  return normals;
}

double temperature_factor(const SensorProfile& profile, double temperature_c) {
  return std::exp2((temperature_c - profile.dark_current_reference_c) /
                   profile.dark_current_doubling_c);
}

}  // namespace

double dark_current_e_per_s(const SensorProfile& profile, double temperature_c) {
  return profile.dark_current_e_per_s * temperature_factor(profile, temperature_c);
}

FixedPattern::FixedPattern(const SensorProfile& profile, double temperature_c)
    : unit_seed_(profile.unit_seed),
      prnu_(static_cast<float>(profile.prnu_fraction)),
      dsnu_(static_cast<float>(profile.dsnu_electrons)),
      dark_nonuniformity_(static_cast<float>(profile.dark_current_nonuniformity)),
      dark_current_(static_cast<float>(dark_current_e_per_s(profile, temperature_c))),
      hot_dark_current_(static_cast<float>(profile.hot_pixel_dark_current_e_per_s *
                                           temperature_factor(profile, temperature_c))),
      hot_density_(profile.hot_pixel_density),
      dead_density_(profile.dead_pixel_density) {}

void FixedPattern::row(int y, int width, FixedPatternRow& out) const {
  out.gain.resize(width);
  out.offset_e.resize(width);
  out.dark_e_per_s.resize(width);
  out.defect.resize(width);
  const uint64_t key = unit_row_key(unit_seed_, static_cast<uint32_t>(y));
  RandomStream random(key);
  const FixedPatternNormals& normal = fixed_pattern_normals();
  // The top 16 bits of the draw are the coarse part of the defect uniform u; only when they admit
  // a defect is the fine part made, by hashing the pixel position (no stream draw), so every
  // pixel takes exactly one draw and its values never depend on its neighbours' defects.
  const auto coarse_limit = static_cast<uint64_t>((hot_density_ + dead_density_) * 65536.0);
  for (int x = 0; x < width; ++x) {
    const uint64_t bits = random.next_u64();
    out.gain[x] = 1.0f + prnu_ * normal(bits & 0xffff);
    out.offset_e[x] = dsnu_ * normal((bits >> 16) & 0xffff);
    out.dark_e_per_s[x] =
        dark_current_ * std::max(0.0f, 1.0f + dark_nonuniformity_ * normal((bits >> 32) & 0xffff));
    out.defect[x] = kNoDefect;
    const uint64_t coarse = bits >> 48;
    if (coarse > coarse_limit) continue;
    const double fine =
        static_cast<double>(mix64(key + static_cast<uint64_t>(x)) >> 11) * 0x1.0p-53;
    const double u = (static_cast<double>(coarse) + fine) / 65536.0;
    if (u < hot_density_) {
      // Hot pixels spread over 0.5x-1.5x the configured current: u / density is uniform in [0, 1).
      out.dark_e_per_s[x] = hot_dark_current_ * static_cast<float>(0.5 + u / hot_density_);
      out.defect[x] = kHotPixel;
    } else if (u < hot_density_ + dead_density_) {
      out.gain[x] = 0.0f;
      out.dark_e_per_s[x] = 0.0f;
      out.defect[x] = kDeadPixel;
    }
  }
}

bool FixedPatternCache::prepare(const SensorProfile& p, double temperature_c, int width,
                                int height) {
  const std::vector<double> key = {
      static_cast<double>(p.unit_seed >> 32),
      static_cast<double>(p.unit_seed & 0xffffffffu),
      p.prnu_fraction,
      p.dsnu_electrons,
      p.dark_current_nonuniformity,
      dark_current_e_per_s(p, temperature_c),
      p.hot_pixel_dark_current_e_per_s * temperature_factor(p, temperature_c),
      p.hot_pixel_density,
      p.dead_pixel_density,
      static_cast<double>(width),
      static_cast<double>(height)};
  if (key != key_) {
    // A new description: remember it, hold nothing until a second frame shows it repeats.
    key_ = key;
    width_ = width;
    height_ = height;
    std::vector<FixedPatternRow>().swap(rows_);
    std::vector<uint8_t>().swap(ready_);
    return false;
  }
  if (rows_.empty()) {
    rows_.resize(height_);
    ready_.assign(height_, 0);
  }
  return true;
}

const FixedPatternRow& FixedPatternCache::row(const FixedPattern& pattern, int y) {
  if (!ready_[y]) {
    pattern.row(y, width_, rows_[y]);
    ready_[y] = 1;
  }
  return rows_[y];
}

int FixedPatternCache::cached_rows() const {
  return static_cast<int>(std::count(ready_.begin(), ready_.end(), uint8_t{1}));
}

double quad_cell_gain(const SensorProfile& profile, int x, int y) {
  // CFA colour of the 2x2 cell (Quad Bayer: cells of 2x2 pixels in an RGGB arrangement of cells)
  // and the pixel's position inside it.
  const int colour = ((y >> 1) & 1) * 2 + ((x >> 1) & 1);
  const int position = (y & 1) * 2 + (x & 1);
  RandomStream random(unit_row_key(profile.unit_seed ^ 0x9ad0c311ULL, 0xffffffffu));
  double gains[16];
  for (double& gain : gains)
    gain = 1.0 + profile.quad_cell_mismatch * random.normal();
  // Relative to the cell's mean: the mismatch is how the four photodiodes under one microlens
  // share its light, so a 2x2 charge-binned pixel sees exactly the mean (and the binned
  // profile's colour response already is that mean).
  const double* cell = gains + colour * 4;
  return cell[position] * 4.0 / (cell[0] + cell[1] + cell[2] + cell[3]);
}

}  // namespace ispsim::sensor
