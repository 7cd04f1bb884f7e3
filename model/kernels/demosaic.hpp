#pragma once
// Demosaic: Malvar, He and Cutler, "High-quality linear interpolation for demosaicing of
// Bayer-patterned color images", ICASSP 2004: bilinear interpolation corrected by the
// Laplacian of the sample's own colour, as four 5x5 filters (here scaled by 16).
#include <cstdint>

#include "model/kernels/cfa.hpp"

namespace ispsim {

struct DemosaicParams {
  bool bypass = false;
  int cfa_phase = 0;
};

constexpr int kDemosaicWindowRows = 5;
constexpr int kDemosaicMinSize = 3;  // reflect-101 borders of a 5x5 window need 3 samples

// One output line of interleaved 12-bit RGB. rows[k] is input row y-2+k, already mirrored at the
// frame's top and bottom edges by the caller's schedule; columns are mirrored here.
void demosaic_line(const uint16_t* const rows[kDemosaicWindowRows], int width, int y,
                   const DemosaicParams& params, uint16_t* out_rgb);

}  // namespace ispsim
