#pragma once
// Firmware side of the defect pixel correction block: its tuning section and register encoder.
#include <cstdint>
#include <vector>

#include "firmware/blocks/register_writes.hpp"
#include "firmware/raw_view.hpp"

namespace ispsim::fw::blocks {

struct DefectPixel {
  struct Tuning {
    bool bypass = false;
    // The detection margin above the neighbours' maximum (or below their minimum), in 12-bit
    // raw codes: threshold + slope x maximum. At base ISO the binned IMX989 gives about
    // 0.12 DN per electron, so shot noise is 3.5 DN at 100 DN of signal and 16 DN at 2000: the
    // defaults (92 and 330 DN there) are about 20 sigma, wide enough to leave texture alone and
    // still catch the sensor's hot and dead pixels (a flat field: 242 outlier clusters in the
    // output without the block, 2 with it). A per-gain table belongs to the tuning files.
    double threshold = 48.0;
    double slope = 0.125;
    // Spare a candidate its nearest neighbours stand out with (detail the lens spread), up to
    // `support_limit` x its own excess (isp.DPC_SUPPORT): 0.25 kept 310 of the 340 samples of
    // detail the margin alone took on a photograph at ISO 100, and every defect of a flat field.
    bool support_check = true;
    double support_limit = 0.25;
    // Known defects (the module's calibration), in any order: the encoder sorts them into the
    // raster order the hardware walks, dropping repeats.
    struct Location {
      int x = 0, y = 0;
    };
    std::vector<Location> static_defects;
  };
  static constexpr int kTableSize = 4096;  // entries of isp.DPC_TABLE
  // Throws FirmwareError for a bad margin, a location outside 0..65535 or more than kTableSize
  // distinct locations.
  static void encode(const Tuning& tuning, RegisterWrites& writes);
};

// A defect found by calibration and how far it stands out (in codes above or below its
// same-colour neighbours' median), to keep the worst when there are more than the table holds.
struct FoundDefect {
  DefectPixel::Tuning::Location where;
  double deviation = 0;
};

// The unit's static defects from two raw frames of the same size and CFA, as a module maker
// measures them: `dark` with the lens capped and a long exposure (hot pixels stand out by their
// dark current), `flat` a uniform field at about half of the range (dead, weak and stuck
// pixels). A pixel is a defect when it leaves the median of its eight same-colour neighbours
// (two samples away) by more than `dark_threshold` codes in the dark frame, or by more than
// `flat_fraction` of that median's signal in the flat one. Sorted worst first. Throws
// FirmwareError when the frames differ in size or are under 5x5.
std::vector<FoundDefect> find_static_defects(const RawView& dark, const RawView& flat,
                                             double dark_threshold = 24.0,
                                             double flat_fraction = 0.25);

// The `capacity` worst of `found` as table locations (the dynamic rule still catches the rest).
std::vector<DefectPixel::Tuning::Location> worst_defects(const std::vector<FoundDefect>& found,
                                                         int capacity = DefectPixel::kTableSize);

}  // namespace ispsim::fw::blocks
