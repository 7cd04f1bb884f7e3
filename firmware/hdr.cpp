#include "firmware/hdr.hpp"

#include <cmath>

#include "firmware/hal.hpp"

namespace ispsim::fw {

IspTuning tuning_for_hdr(IspTuning single, int exposures, const ExposureRatios& ratios) {
  if (exposures < 2 || exposures > 3) throw_bad_tuning("hdr exposures", exposures, "2 or 3");
  IspTuning t = std::move(single);
  blocks::HdrMerge::Tuning& merge = t.hdr_merge;
  const double black = t.black_level.level[0];
  const double white = t.black_level.white_level;
  const double to_raw = blocks::BlackLevel::norm_gain_code(t.black_level.level[0], white) / 4096.0;
  merge.bypass = false;
  merge.exposures = exposures;
  merge.black = black;
  merge.saturated = std::floor(black + 0.92 * (white - black));
  merge.ratio = {ratios[0], exposures == 3 ? ratios[1] : ratios[0]};
  // The Bayer NR's model is in its input's codes: black level scaled them by to_raw.
  merge.shot = t.bayer_nr.shot / to_raw;
  merge.read = t.bayer_nr.read / (to_raw * to_raw);
  const double shortest = exposures == 3 ? ratios[1] : ratios[0];
  merge.linear_max = (merge.saturated - black) * shortest;
  merge.power = 0.5;

  t.black_level.level.fill(0);
  t.black_level.white_level = 4095;
  for (double& gain : t.lens_shading.gain)
    gain = std::pow(gain, merge.power);
  for (double& gain : t.white_balance.gain)
    gain = std::pow(gain, merge.power);

  // Variance through the compander c = 4095 (x / M)^p: (dc/dx)^2 (shot x + read), at mid grey.
  const double x = 0.18 * (merge.saturated - black);
  const double slope =
      4095.0 * merge.power * std::pow(x, merge.power - 1.0) / std::pow(merge.linear_max, merge.power);
  t.bayer_nr.shot = 0.0;
  t.bayer_nr.read = slope * slope * (merge.shot * x + merge.read);

  t.gamma.input_power = merge.power;
  t.gamma.headroom = merge.linear_max / (white - black);
  return t;
}

}  // namespace ispsim::fw
