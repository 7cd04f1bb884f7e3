#pragma once
// A raw frame as the calibration routines read it: one sample per pixel in a CFA, with the
// levels that give its samples meaning. The frame belongs to the caller.
#include <cstdint>

namespace ispsim::fw {

struct RawView {
  const uint16_t* samples = nullptr;  // row-major, width x height
  int width = 0, height = 0;
  int cfa_phase = 0;  // colour of the top-left sample: 0 RGGB, 1 GRBG, 2 GBRG, 3 BGGR
  double black_level = 0;
  double white_level = 4095;
  uint16_t at(int x, int y) const { return samples[static_cast<long>(y) * width + x]; }
};

}  // namespace ispsim::fw
