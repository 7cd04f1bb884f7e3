#pragma once
// The sensor unit's fixed pattern: per-pixel photo-response gain (PRNU), dark offset (DSNU), dark
// current (with its non-uniformity and hot pixels) and dead pixels. It is a property of the unit,
// so it depends only on profile.unit_seed and the pixel position: the same in every frame and for
// every temporal seed. Each row has its own stream, so rows can be generated in any order.
#include <cstdint>
#include <vector>

#include "sensor_sim/sensor_profile.hpp"

namespace ispsim::sensor {

// Dark current of a typical pixel at a die temperature: doubles every dark_current_doubling_c
// above the reference (the Arrhenius behaviour of diffusion/depletion dark current in silicon is
// close to a doubling every 6-7 C near room temperature; Janesick, "Photon Transfer", 2007).
double dark_current_e_per_s(const SensorProfile& profile, double temperature_c);

struct FixedPatternRow {
  std::vector<float> gain;          // photo-response gain: 1 + PRNU; 0 for dead pixels
  std::vector<float> offset_e;      // dark offset (DSNU), electrons
  std::vector<float> dark_e_per_s;  // dark current at the temperature, electrons per second
  std::vector<uint8_t> defect;      // kNoDefect, kHotPixel or kDeadPixel
};
enum : uint8_t { kNoDefect = 0, kHotPixel = 1, kDeadPixel = 2 };

class FixedPattern {
 public:
  FixedPattern(const SensorProfile& profile, double temperature_c);
  // Fills `out` with the first `width` pixels of row y of the unit.
  void row(int y, int width, FixedPatternRow& out) const;

 private:
  uint64_t unit_seed_;
  float prnu_, dsnu_, dark_nonuniformity_, dark_current_, hot_dark_current_;
  double hot_density_, dead_density_;
};

// The unit's pattern for a whole frame, kept between frames: generating it costs about a fifth of
// a frame, and it never changes for a unit at one temperature and size. It costs 13 bytes per
// pixel (160 MB for a 12.5 MP frame), so it is built only where frames repeat: the first frame of
// a unit, temperature and size computes each row's pattern on the fly as it renders the row (the
// cache then holds nothing), and the frames after it fill and reuse the cache. Rows are filled on
// first use by whichever render band owns them; a changed profile, temperature or size starts
// afresh. Opt-in through RenderOptions::fixed_pattern_cache; the bits are the same either way.
class FixedPatternCache {
 public:
  // Makes the cache describe this unit, temperature and frame size (clearing it if it did not).
  // Returns true when a frame of the same description was prepared before, i.e. frames repeat
  // and rows should come from row(); false for the first frame, which generates its own rows.
  bool prepare(const SensorProfile& profile, double temperature_c, int width, int height);
  // Row y, generated from `pattern` on first use. Distinct rows may be requested concurrently.
  // Only after prepare() returned true.
  const FixedPatternRow& row(const FixedPattern& pattern, int y);
  // Rows generated and held so far.
  int cached_rows() const;

 private:
  std::vector<double> key_;
  int width_ = 0, height_ = 0;
  std::vector<FixedPatternRow> rows_;
  std::vector<uint8_t> ready_;
};

// Gain of pixel (x, y) of the full-resolution Quad Bayer array from the per-cell sensitivity
// mismatch: each of the 4 positions in a 2x2 same-colour cell, per colour, has its own gain
// (sigma quad_cell_mismatch) for the unit, as the per-module QSC calibration table corrects.
// Used by the full-resolution readout; binned output averages it into the channel response.
double quad_cell_gain(const SensorProfile& profile, int x, int y);

}  // namespace ispsim::sensor
