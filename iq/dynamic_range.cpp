#include "iq/dynamic_range.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "iq/metric_error.hpp"

namespace ispsim::iq {

DynamicRangeResult dynamic_range(std::vector<WedgeStep> steps, double snr_threshold) {
  if (!(snr_threshold > 0)) throw MetricError("dynamic range: SNR threshold must be positive");
  std::sort(steps.begin(), steps.end(),
            [](const WedgeStep& a, const WedgeStep& b) { return a.signal > b.signal; });
  DynamicRangeResult result;
  result.steps = steps;
  auto brightest = std::find_if(steps.begin(), steps.end(),
                                [](const WedgeStep& s) { return !s.clipped && s.signal > 0; });
  if (brightest == steps.end()) {
    throw MetricError("dynamic range: every wedge step is clipped or has no signal");
  }
  result.saturation_signal = brightest->signal;
  const double threshold_db = 20.0 * std::log10(snr_threshold);
  auto db = [](const WedgeStep& s) {
    return s.snr > 0 ? 20.0 * std::log10(s.snr) : -std::numeric_limits<double>::infinity();
  };
  if (db(*brightest) < threshold_db) {
    throw MetricError(
        "dynamic range: the brightest unclipped step is already below the SNR threshold");
  }
  result.threshold_signal = steps.back().signal;
  for (auto above = brightest; above + 1 != steps.end(); ++above) {
    const WedgeStep& below = *(above + 1);
    if (db(below) >= threshold_db) continue;
    result.threshold_reached = true;
    if (below.signal > 0 && std::isfinite(db(below))) {
      const double t = (db(*above) - threshold_db) / (db(*above) - db(below));
      result.threshold_signal = std::exp2(std::log2(above->signal) +
                                          t * (std::log2(below.signal) - std::log2(above->signal)));
    } else {
      // No usable log below: interpolate SNR linearly in signal down to zero signal.
      const double t = (above->snr - snr_threshold) / (above->snr - std::max(0.0, below.snr));
      result.threshold_signal = above->signal + t * (std::max(0.0, below.signal) - above->signal);
    }
    break;
  }
  if (!(result.threshold_signal > 0)) {
    throw MetricError("dynamic range: could not place the SNR threshold at a positive signal");
  }
  result.stops = std::log2(result.saturation_signal / result.threshold_signal);
  return result;
}

namespace {

template <typename T>
DynamicRangeResult dynamic_range_of(const Image<T>& image, const std::vector<Quad>& step_regions,
                                    const DynamicRangeOptions& options) {
  if (step_regions.size() < 2) throw MetricError("dynamic range: need at least 2 wedge steps");
  std::vector<WedgeStep> steps;
  for (size_t i = 0; i < step_regions.size(); ++i) {
    const auto samples =
        region_samples(image, step_regions[i], "wedge step " + std::to_string(i + 1));
    size_t clipped = 0;
    for (const auto& channel : samples) {
      clipped += std::count_if(channel.begin(), channel.end(),
                               [&](double v) { return v >= options.white_level; });
    }
    const NoiseSample noise = measure_noise(channel_average(samples), options.black_level);
    WedgeStep step;
    step.signal = noise.signal;
    step.noise = noise.noise;
    step.snr = noise.noise > 0 ? noise.signal / noise.noise : INFINITY;
    step.clipped = clipped > options.clipped_fraction * samples.size() * samples[0].size();
    steps.push_back(step);
  }
  return dynamic_range(steps, options.snr_threshold);
}

}  // namespace

DynamicRangeResult dynamic_range(const Image16& image, const std::vector<Quad>& step_regions,
                                 const DynamicRangeOptions& options) {
  return dynamic_range_of(image, step_regions, options);
}

DynamicRangeResult dynamic_range(const ImageF& image, const std::vector<Quad>& step_regions,
                                 const DynamicRangeOptions& options) {
  return dynamic_range_of(image, step_regions, options);
}

std::vector<Quad> wedge_strip_steps(const PixelRect& strip, int steps, double inner_fraction) {
  if (steps < 2)
    throw MetricError("wedge strip: needs at least 2 steps, got " + std::to_string(steps));
  const bool horizontal = strip.width >= strip.height;
  const double cell = (horizontal ? strip.width : strip.height) / static_cast<double>(steps);
  if (cell < 2) throw MetricError("wedge strip: steps are narrower than 2 pixels");
  std::vector<Quad> cells;
  for (int i = 0; i < steps; ++i) {
    PixelRect r = strip;
    const int start = static_cast<int>(std::floor(i * cell));
    const int end = static_cast<int>(std::floor((i + 1) * cell));
    if (horizontal) {
      r.x = strip.x + start;
      r.width = end - start;
    } else {
      r.y = strip.y + start;
      r.height = end - start;
    }
    cells.push_back(to_quad(inner_rect(r, inner_fraction)));
  }
  return cells;
}

}  // namespace ispsim::iq
