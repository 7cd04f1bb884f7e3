#pragma once
// Dynamic range from a step wedge (e.g. a transmissive OECF chart, ISO 15739 style): the ratio, in
// stops, between the brightest unclipped step and the signal at which SNR falls to a threshold.
#include <vector>

#include "iq/noise.hpp"
#include "iq/region.hpp"
#include "model/image/image.hpp"

namespace ispsim::iq {

struct DynamicRangeOptions {
  double black_level = 0;
  double white_level = 65535;      // code value of clipping (255 for 8-bit output)
  double snr_threshold = 1.0;      // 1 is the EMVA 1288 definition of the dark end
  double clipped_fraction = 0.01;  // a step with more samples than this at white_level is clipped
};

struct WedgeStep {
  double signal = 0;  // mean minus black level
  double noise = 0;
  double snr = 0;  // signal / noise (linear)
  bool clipped = false;
};

struct DynamicRangeResult {
  std::vector<WedgeStep> steps;    // brightest first
  double saturation_signal = 0;    // signal of the brightest unclipped step
  double threshold_signal = 0;     // signal where SNR crosses the threshold (interpolated)
  double stops = 0;                // log2(saturation_signal / threshold_signal)
  bool threshold_reached = false;  // false: even the darkest step is above the threshold and
                                   // `stops` is a lower bound measured to the darkest step
};

// From measured steps (any order; they are sorted brightest first). The crossing is interpolated
// linearly in (log2 signal, SNR in dB) between the last step above and the first below.
DynamicRangeResult dynamic_range(std::vector<WedgeStep> steps, double snr_threshold = 1.0);

// Measures each step region of the image (per-pixel channel average) and evaluates the range.
DynamicRangeResult dynamic_range(const Image16& image, const std::vector<Quad>& step_regions,
                                 const DynamicRangeOptions& options);
// The same on a linear signal of any range (e.g. an HDR merge's, above black and signed).
DynamicRangeResult dynamic_range(const ImageF& image, const std::vector<Quad>& step_regions,
                                 const DynamicRangeOptions& options);

// Splits a strip into `steps` equal cells along its longer side and keeps the central
// `inner_fraction` of each, for a wedge whose steps are side by side.
std::vector<Quad> wedge_strip_steps(const PixelRect& strip, int steps, double inner_fraction = 0.6);

}  // namespace ispsim::iq
