#pragma once
// The HDR merge's input (staggered exposures, a wide dual-conversion-gain code, or both) and a
// single exposure's tuning carried over to the merged, companded raw it hands the blocks after it.
#include <array>

#include "firmware/tuning.hpp"

namespace ispsim::fw {

// Exposure 0's time over exposure k's, for the later exposures of a frame.
using ExposureRatios = std::array<double, 2>;

// What reaches the merge: how many exposures, their ratios, and the codes of each (the
// sensor's 12-bit raw as the receiver brings it to the ISP, or a dual-gain code at its own
// depth: its black and white level).
struct MergeInput {
  int exposures = 1;  // 1..3
  ExposureRatios ratios{1.0, 1.0};
  double black = 256;
  double white = 4095;
};

// `single` as programmed for one 12-bit exposure, turned into the tuning for `input` merged:
// - the merge takes the black level, the clip point (92% of the way to white: pixels clip
//   unevenly near full well), the ratios and the noise model (the Bayer NR's, brought back to
//   raw codes and scaled to the input's codes by the ratio of their white-to-black ranges) and
//   compands to 4095 (x / x_max)^(1/2) over the merged range x_max;
// - black level then has nothing to subtract or scale;
// - gains after it (lens shading, white balance) act on companded codes: g^(1/2) gives g;
// - the Bayer NR's noise becomes the companded signal's, a table of sigma by level (read noise
//   spreads out under the square root in the shadows; the shorter exposures carry more noise in
//   the highlights);
// - the tone curve expands the code back and rolls the highlights off into white.
// Throws FirmwareError for an input the merge cannot take.
IspTuning tuning_for_merge(IspTuning single, const MergeInput& input);

}  // namespace ispsim::fw
