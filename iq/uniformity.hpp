#pragma once
// Flat-field measures of an output image: shading (each corner against the centre, in luma, in
// linear light and in colour) and isolated outliers (defect pixels that got through, as dots).
#include <array>
#include <string>

#include "model/image/image.hpp"

namespace ispsim::iq {

struct CornerShading {
  std::string corner;       // "top-left", "top-right", "bottom-left", "bottom-right"
  double luma = 0;          // corner / centre of the mean Rec. 709 luma of the encoded values
  double linear_green = 0;  // corner / centre of the mean linear-light green (sRGB decoded)
  double red_to_green = 0;  // (R/G at the corner) / (R/G at the centre), linear light
  double blue_to_green = 0;
};

struct FlatFieldShading {
  std::array<CornerShading, 4> corners;
  double worst_luma = 0;          // the corner luma ratio furthest from 1
  double worst_colour_shift = 0;  // the largest |ratio - 1| of R/G or B/G over the corners
};

// Means over patches of 1/`patch_divisor` of the image each way, at the four corners and the
// centre of an sRGB-encoded RGB image whose full scale is `peak`. Throws MetricError for a
// non-RGB image or one smaller than the patch divisor.
FlatFieldShading flat_field_shading(const Image16& rgb, double peak, int patch_divisor = 16);

struct Outliers {
  long pixels = 0;    // samples (pixel and channel) off their neighbourhood
  long clusters = 0;  // groups of such pixels touching (8-connected): dots as the eye sees them
};

// Pixels with a channel more than `threshold` codes from the median of that channel over the
// (2 radius + 1)^2 neighbourhood around it (itself excluded; mirrored at the borders). On a flat
// field these are the defects the ISP let through. Throws MetricError for radius < 1.
Outliers isolated_outliers(const Image16& image, double threshold, int radius = 2);

}  // namespace ispsim::iq
