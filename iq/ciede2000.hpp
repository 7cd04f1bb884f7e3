#pragma once
// CIEDE2000 colour difference (CIE 142-2001), implemented after Sharma, Wu and Dalal,
// "The CIEDE2000 Color-Difference Formula: Implementation Notes, Supplementary Test Data, and
// Mathematical Observations", Color Res. Appl. 30(1), 2005.
#include "iq/colour.hpp"

namespace ispsim::iq {

// Delta E00 between two L*a*b* colours; symmetric in its arguments. kL, kC, kH are the parametric
// weighting factors (1 for reference conditions).
double ciede2000(const Lab& reference, const Lab& sample, double kl = 1.0, double kc = 1.0,
                 double kh = 1.0);

}  // namespace ispsim::iq
