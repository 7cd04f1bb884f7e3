#pragma once
// Reference values of the ColorChecker Classic 24 (X-Rite formulation after November 2014),
// CIE L*a*b* D50, 2 degree observer: the same figures as data/colorchecker24_lab_d50.csv.
#include <array>

#include "iq/colour.hpp"

namespace ispsim::iq {

constexpr int kColorCheckerColumns = 6;
constexpr int kColorCheckerRows = 4;
constexpr int kColorCheckerPatches = 24;
// Patches 19..24 (indices 18..23, bottom row) are the neutral series white 9.5 ... black 2.
constexpr int kFirstNeutralPatch = 18;
// Patches 1..18 (indices 0..17) are the chromatic ones.
constexpr int kChromaticPatches = 18;

struct ReferencePatch {
  const char* name;
  Lab lab_d50;
};

// Row-major, patch 1 (dark skin) top-left to patch 24 (black 2) bottom-right.
const std::array<ReferencePatch, kColorCheckerPatches>& colorchecker_reference();

}  // namespace ispsim::iq
