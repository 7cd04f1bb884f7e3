#pragma once
// Staggered HDR: a single exposure's tuning carried over to the merged, companded raw the HDR
// merge hands the blocks after it.
#include <array>

#include "firmware/tuning.hpp"

namespace ispsim::fw {

// Exposure 0's time over exposure k's, for the later exposures of a frame.
using ExposureRatios = std::array<double, 2>;

// `single` as programmed for one exposure, turned into the tuning for `exposures` (2 or 3)
// merged:
// - the merge takes the black level, the clip point (92% of the way to white: pixels clip
//   unevenly near full well), the ratios and the noise model (the Bayer NR's, brought back to
//   raw codes) and compands to 4095 (x / x_max)^(1/2) over the merged range x_max;
// - black level then has nothing to subtract or scale;
// - gains after it (lens shading, white balance) act on companded codes: g^(1/2) gives g;
// - the Bayer NR's noise model becomes the companded signal's (near constant: the square root
//   evens out shot noise), taken at mid grey of the longest exposure;
// - the tone curve expands the code back and rolls the highlights off into white.
// Throws FirmwareError for an exposure count or a ratio the merge cannot take.
IspTuning tuning_for_hdr(IspTuning single, int exposures, const ExposureRatios& ratios);

}  // namespace ispsim::fw
