#pragma once
// Firmware side of the defect pixel correction block: its tuning section and register encoder.
#include <cstdint>

#include "firmware/blocks/register_writes.hpp"

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
  };
  static void encode(const Tuning& tuning, RegisterWrites& writes);
};

}  // namespace ispsim::fw::blocks
