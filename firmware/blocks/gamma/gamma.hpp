#pragma once
// Firmware side of the gamma block: the sRGB curve with an optional contrast S-curve, sampled
// at the block's 257 knots.
#include <array>
#include <cstdint>
#include <functional>

#include "firmware/blocks/register_writes.hpp"

namespace ispsim::fw::blocks {

struct Gamma {
  static constexpr int kKnots = 257;  // inputs 0, 16, ..., 4096
  static constexpr int kKnotSpacing = 16;
  static constexpr int kOutMax = 1023;  // 10-bit output
  struct Tuning {
    bool bypass = false;
    double contrast = 0.0;  // S-curve strength on the sRGB curve, -1 < c < 1
    // After an HDR merge the input is companded: linear = headroom x (code / 4095)^(1/power),
    // 1 at the longest exposure's clip. Linear values above kHighlightKnee are rolled off into
    // the range left (highlight_rolloff) so `headroom` just reaches white.
    double input_power = 1.0;  // 0 < power <= 1
    double headroom = 1.0;     // >= 1
  };
  static constexpr double kHighlightKnee = 0.5;
  // Identity up to the knee, then a logarithmic shoulder with slope 1 at the knee reaching 1 at
  // `headroom` (identity when headroom <= 1).
  static double highlight_rolloff(double linear, double headroom);
  // sRGB OETF (IEC 61966-2-1): linear 0..1 to encoded 0..1.
  static double srgb_oetf(double linear);
  // S-curve about mid-grey keeping 0, 0.5 and 1 fixed: y + c * y (1 - y) (2y - 1). Slope at
  // mid-grey is 1 + c/2, at the ends 1 - c; monotonic for -1 < c < 1.
  static double contrast_curve(double encoded, double contrast);
  // The curve the tuning asks for: sRGB, then the contrast S-curve.
  static double tone_curve(double linear, double contrast);
  // Knot i at input min(16 i, 4095) / 4095 (the last knot, 4096, is beyond the 12-bit range and
  // takes the value at 4095): output round(1023 * curve(x)), clamped to 0..1023.
  static std::array<uint16_t, kKnots> knots(const std::function<double(double)>& curve);
  static void encode(const Tuning& tuning, RegisterWrites& writes);
};

}  // namespace ispsim::fw::blocks
