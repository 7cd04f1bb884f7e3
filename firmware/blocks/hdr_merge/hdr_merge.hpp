#pragma once
// Firmware side of the HDR merge block: the exposures' ratios and noise model, and the
// compander that brings the merged linear signal to the 12-bit raw the blocks after it take.
#include <array>
#include <cstdint>

#include "firmware/blocks/register_writes.hpp"

namespace ispsim::fw::blocks {

struct HdrMerge {
  static constexpr int kKnots = 177;
  struct Tuning {
    bool bypass = true;
    int exposures = 1;                  // 1..3, longest first
    double black = 256;                 // input codes (12-bit, or a wide code's), every exposure
    double saturated = 4000;            // input codes: at or above, an exposure is clipped
    std::array<double, 2> ratio{8, 8};  // exposure 0's time over exposure 1's, over 2's
    double shot = 0.25;                 // exposure 0's noise: codes^2 per code
    double read = 4.0;                  // codes^2
    double motion_threshold = 5.0;      // sigmas; 0: no motion fallback
    // The compander: out = 4095 (x / linear_max)^power, x the merged signal in exposure 0's
    // codes above black. A power of 1/2 keeps the noise of a shot-noise-limited signal the same
    // number of codes everywhere, and a gain g on the merged signal is a gain g^power on the
    // companded one (which the firmware gives the blocks after it).
    double linear_max = 4095.0 * 64;
    double power = 0.5;
  };
  // The curve at x (exposure 0's codes above black): 4095 (x / linear_max)^power, clamped to
  // the code range as the hardware clamps.
  static double compander_curve(double x, double linear_max, double power);
  // Compander knots for the tuning's curve (knot j at its input, hdr_merge.hpp's layout).
  static std::array<uint16_t, kKnots> compander_knots(double linear_max, double power);
  static void encode(const Tuning& tuning, RegisterWrites& writes);
};

}  // namespace ispsim::fw::blocks
