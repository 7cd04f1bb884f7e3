#include "firmware/hdr.hpp"

#include <algorithm>
#include <cmath>

#include "firmware/hal.hpp"

namespace ispsim::fw {
namespace {

// The largest values the registers hold (HDR_SHOT u8.8, HDR_READ u12.4, BNR_SIGMA u12.4, and
// the merge's 2^24 - 1 sixteenths of a code).
constexpr double kMaxShot = 65535 / 256.0, kMaxRead = 65535 / 16.0, kMaxSigma = 65535 / 16.0;
constexpr double kMaxLinear = ((1 << 24) - 1) / 16.0;

}  // namespace

IspTuning tuning_for_merge(IspTuning single, const MergeInput& input) {
  if (input.exposures < 1 || input.exposures > 3)
    throw_bad_tuning("merged exposures", input.exposures, "1..3");
  if (!(input.white > input.black && input.black >= 0))
    throw_bad_tuning("merge input white", input.white, "above its black level");
  IspTuning t = std::move(single);
  blocks::HdrMerge::Tuning& merge = t.hdr_merge;
  const double single_black = t.black_level.level[0];
  const double single_white = t.black_level.white_level;
  // The Bayer NR's model is in its input's codes: black level scaled the raw by to_raw; the
  // merge's input counts `to_input` codes per code of that raw.
  const double to_raw =
      blocks::BlackLevel::norm_gain_code(t.black_level.level[0], single_white) / 4096.0;
  const double to_input = (input.white - input.black) / (single_white - single_black);
  merge.bypass = false;
  merge.exposures = input.exposures;
  merge.black = input.black;
  merge.saturated = std::floor(input.black + 0.92 * (input.white - input.black));
  merge.ratio = {input.exposures >= 2 ? input.ratios[0] : 1.0,
                 input.exposures == 3 ? input.ratios[1] : 1.0};
  // At the highest gains the model outgrows the merge's registers: their largest values (the
  // weights only lean less on the longer exposures' lower noise).
  merge.shot = std::min(t.bayer_nr.shot / to_raw * to_input, kMaxShot);
  merge.read = std::min(t.bayer_nr.read / (to_raw * to_raw) * to_input * to_input, kMaxRead);
  const double shortest = input.exposures == 1 ? 1.0 : merge.ratio[input.exposures - 2];
  // One exposure has nothing to fall back on past its clip: its range runs to white.
  const double top = input.exposures == 1 ? input.white : merge.saturated;
  // Beyond the merge's 20 bits above black (ratios over about 270 at 12 bits) it clips.
  merge.linear_max = std::min((top - input.black) * shortest, kMaxLinear);
  merge.power = 0.5;

  t.black_level.level.fill(0);
  t.black_level.white_level = 4095;
  for (double& gain : t.lens_shading.gain)
    gain = std::pow(gain, merge.power);
  for (double& gain : t.white_balance.gain)
    gain = std::pow(gain, merge.power);

  // The noise through the compander c = 4095 (x / M)^p: sigma_c = dc/dx sigma_x, where the
  // exposure that carries x (the longest one below its clip) has variance r shot x + r^2 read
  // in exposure 0's codes. A table by companded level, as no line in c fits it (read noise
  // spreads out in the shadows, the shorter exposures are noisier in the highlights). Near
  // black the slope has no bound: the knots below code 16 take its value there.
  t.bayer_nr.shot = 0.0;
  t.bayer_nr.read = 0.0;
  t.bayer_nr.sigma_by_mean.clear();
  const double clip = merge.saturated - input.black;
  for (int k = 0; k < blocks::BayerNr::kSigmaKnots; ++k) {
    const double c = std::max(16.0, std::min(64.0 * k, 4095.0));
    const double x = merge.linear_max * std::pow(c / 4095.0, 1.0 / merge.power);
    double r = 1.0;
    for (int e = 0; e + 1 < input.exposures && x > clip * r; ++e)
      r = merge.ratio[static_cast<size_t>(e)];
    const double slope = 4095.0 * merge.power * std::pow(x, merge.power - 1.0) /
                         std::pow(merge.linear_max, merge.power);
    const double sigma = slope * std::sqrt(r * merge.shot * x + r * r * merge.read);
    t.bayer_nr.sigma_by_mean.push_back(std::min(sigma, kMaxSigma));
  }

  t.gamma.input_power = merge.power;
  t.gamma.headroom = std::max(1.0, merge.linear_max / (input.white - input.black));
  return t;
}

}  // namespace ispsim::fw
