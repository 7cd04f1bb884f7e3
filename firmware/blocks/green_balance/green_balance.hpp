#pragma once
// Firmware side of the green balance block: its tuning section and register encoder.
#include "firmware/blocks/register_writes.hpp"

namespace ispsim::fw::blocks {

struct GreenBalance {
  struct Tuning {
    bool bypass = false;
    // The largest local difference of the two greens treated as imbalance, as a fraction of
    // their sum (0.04: means up to 8% apart). The IMX989 profile's crosstalk reaches about 3% at
    // the frame's edge in saturated colours; shot noise adds about 1% to a four-sample mean at
    // mid grey. Wider would flatten fine detail at the sampling frequency.
    double limit = 0.04;
  };
  static void encode(const Tuning& tuning, RegisterWrites& writes);
};

}  // namespace ispsim::fw::blocks
