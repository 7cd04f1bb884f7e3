#pragma once
// ISO 12233 slanted-edge spatial frequency response (e-SFR): the MTF of a camera measured from a
// slightly tilted straight edge, sampled finer than the pixel pitch by projecting many rows.
#include <vector>

#include "iq/region.hpp"
#include "model/image/image.hpp"

namespace ispsim::iq {

struct SfrResult {
  // MTF sampled at 0, 0.005, ... 1.0 cycles/pixel. Frequencies are perpendicular to the edge
  // (the ISO 12233:2017 convention), not along the pixel rows.
  std::vector<double> frequency_cy_px;
  std::vector<double> mtf;
  double mtf50_cy_px = 0;       // first frequency where the MTF falls to 0.5 (1.0 if it never does)
  double mtf_half_nyquist = 0;  // MTF at 0.25 cycles/pixel
  double edge_angle_deg = 0;    // tilt of the edge from the pixel column (or row when transposed)
  bool transposed = false;  // true when the edge was near-horizontal and was measured transposed
};

// Measures the SFR of the edge in `region` of `image`: `channel` picks one channel, -1 averages
// all of them. Throws MetricError when the region is outside the image or holds no usable edge.
SfrResult slanted_edge_sfr(const Image16& image, const PixelRect& region, int channel = -1);

// The same on a row-major block of samples (width x height), for callers with their own data.
SfrResult slanted_edge_sfr(const std::vector<double>& samples, int width, int height);

// The MTF interpolated at a frequency in cycles/pixel.
double mtf_at(const SfrResult& sfr, double frequency_cy_px);

}  // namespace ispsim::iq
