#pragma once
// Colour-chart analysis on an sRGB-encoded image of a ColorChecker Classic 24.
#include <array>
#include <string>
#include <vector>

#include "iq/colorchecker.hpp"
#include "iq/colour.hpp"
#include "iq/region.hpp"
#include "model/image/image.hpp"

namespace ispsim::iq {

// Where the chart is in the image. The corners are the outer corners of the 6x4 grid of patch
// cells, in image coordinates, in the order top-left, top-right, bottom-right, bottom-left as the
// chart is read (patch 1, dark skin, in the top-left cell). Any convex quadrilateral works
// (rotation, perspective); patch centres follow the bilinear map of the grid onto it.
struct ChartGeometry {
  std::array<Point2, 4> corners;
  // Fraction of each cell's width and height covered by the patch; the rest is the black frame.
  double patch_fill = 1.0;
  // Central fraction of each patch that is measured, keeping away from blurred patch borders.
  double sample_fraction = 0.55;
};

// Scales the geometry to an image resized by `factor` (e.g. 0.5 for one Bayer plane).
ChartGeometry scaled(const ChartGeometry& geometry, double factor);

// The measured region of each of the 24 patches, row-major from patch 1.
std::vector<Quad> locate_patches(const ChartGeometry& geometry);

struct PatchColour {
  int number = 0;  // 1..24
  std::string name;
  Lab reference;
  Lab measured;      // L*a*b* D50 of the robust mean of the patch
  Rgb encoded_mean;  // robust mean sRGB signal, 0..1
  double de00 = 0;
  double de00_chroma_corrected = 0;
  double delta_chroma = 0;  // C*ab measured - C*ab reference
  int pixel_count = 0;
  int rejected = 0;  // outlier samples dropped (summed over channels)
};

struct ChartColourResult {
  std::vector<PatchColour> patches;  // 24, row-major
  double de00_mean = 0;
  double de00_max = 0;
  // dE00 after scaling every measured a*, b* by chroma_scale, so that the mean chroma of the 18
  // chromatic patches matches the reference: hue and lightness error without the saturation choice.
  double de00_chroma_corrected_mean = 0;
  double chroma_scale = 1;
  // Mean C*ab measured / mean C*ab reference over the 18 chromatic patches (1 = as saturated).
  double saturation_ratio = 1;
  // White balance on the 6 neutral patches: mean distance in the a*b* plane from the reference
  // neutrals, and the mean a*, b* offsets from them (sign gives the direction of the cast).
  double white_balance_error = 0;
  double neutral_delta_a = 0;
  double neutral_delta_b = 0;
};

// Analyses a 3-channel sRGB-encoded image whose code value `white_code` (255 or 65535) means 1.0.
// Throws MetricError when the chart lies outside the image or the image is not RGB.
ChartColourResult analyze_colorchecker(const Image16& image, double white_code,
                                       const ChartGeometry& geometry);

}  // namespace ispsim::iq
