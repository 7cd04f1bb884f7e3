#include "firmware/hdr.hpp"

#include <array>

#include <algorithm>
#include <cmath>

#include "firmware/hal.hpp"
#include "model/blocks/hdr_merge/hdr_merge.hpp"
#include "model/regmap/regmap.hpp"

namespace ispsim::fw {
namespace {

// The largest values the registers hold, and the merge's range in exposure 0's codes.
namespace isp = regs::isp;
const double kMaxShot = isp::HDR_SHOT_SHOT.decode(isp::HDR_SHOT_SHOT.mask());
const double kMaxRead = isp::HDR_READ_READ.decode(isp::HDR_READ_READ.mask());
const double kMaxSigma = isp::BNR_SIGMA_SIGMA.decode(isp::BNR_SIGMA_SIGMA.mask());
constexpr double kMaxLinear = ispsim::blocks::HdrMerge::kMaxLinear / 16.0;

// The merged signal's variance at x (exposure 0's codes above black): the longest exposure
// below its clip there (the shortest when all are clipped) and every shorter one, mixed by
// inverse variance as the merge mixes them; exposure k's variance r_k shot x + r_k^2 read.
double merged_variance(double x, const blocks::HdrMerge::Tuning& merge, double shot, double read) {
  const int exposures = merge.exposures;
  const double clip = merge.saturated - merge.black;
  auto ratio = [&](int k) { return k == 0 ? 1.0 : merge.ratio[static_cast<size_t>(k - 1)]; };
  int longest = exposures - 1;
  for (int k = exposures - 1; k >= 0; --k)
    if (x <= clip * ratio(k)) longest = k;
  double inverse = 0;
  for (int k = longest; k < exposures; ++k)
    inverse += 1.0 / (ratio(k) * shot * std::max(x, 0.0) + ratio(k) * ratio(k) * read);
  return 1.0 / inverse;
}

// The spread (codes) of the merge's companded output at companded levels 0, 64, ..., 4096: for
// each, the merged signal whose output averages that level, with the variance of the exposures
// that carry it (exposure 0's noise shot x + read in the merge's input codes), through the
// compander with its clamps. Below black and near it the clamp narrows the spread.
std::vector<double> companded_sigma_by_level(const blocks::HdrMerge::Tuning& merge, double shot,
                                             double read) {
  const double m = merge.linear_max, p = merge.power;
  auto compand = [&](double x) { return blocks::HdrMerge::compander_curve(x, m, p); };
  // Mean and spread of compand(X), X ~ N(x, var(x)), by a 201-point rule over +-6 sigma (the
  // compander clamps below black and above its range, as the merge does).
  static const std::array<double, 201> kWeights = [] {
    std::array<double, 201> w{};
    for (int i = -100; i <= 100; ++i)
      w[static_cast<size_t>(i + 100)] = std::exp(-0.5 * (i * 0.06) * (i * 0.06));
    return w;
  }();
  auto moments = [&](double x, double& mean, double& sigma) {
    const double sd = std::sqrt(merged_variance(x, merge, shot, read));
    double sum_w = 0, sum = 0, sum2 = 0;
    for (int i = -100; i <= 100; ++i) {
      const double z = i * 0.06, w = kWeights[static_cast<size_t>(i + 100)];
      const double c = compand(x + z * sd);
      sum_w += w;
      sum += w * c;
      sum2 += w * c * c;
    }
    mean = sum / sum_w;
    sigma = std::sqrt(std::max(sum2 / sum_w - mean * mean, 0.0));
  };
  std::vector<double> table;
  double mean = 0, sigma = 0;
  // Knot 0: black itself (its companded mean is a few codes: the lowest any level reaches).
  moments(0.0, mean, sigma);
  table.push_back(std::min(sigma, kMaxSigma));
  for (int k = 1; k < blocks::BayerNr::kSigmaKnots; ++k) {
    const double target = std::min(64.0 * k, 4095.0);
    // The signal whose companded mean is the knot's code (the mean rises with x): bisection.
    double lo = 0, hi = m;
    for (int i = 0; i < 100; ++i) {
      const double mid = 0.5 * (lo + hi);
      if (mid == lo || mid == hi) break;  // as close as doubles get: the rest changes nothing
      moments(mid, mean, sigma);
      (mean < target ? lo : hi) = mid;
    }
    moments(0.5 * (lo + hi), mean, sigma);
    table.push_back(std::min(sigma, kMaxSigma));
  }
  return table;
}

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
  const double to_raw = blocks::BlackLevel::norm_gain(t.black_level);
  const double to_input = (input.white - input.black) / (single_white - single_black);
  merge.bypass = false;
  merge.exposures = input.exposures;
  merge.black = input.black;
  merge.saturated = std::floor(input.black + 0.92 * (input.white - input.black));
  merge.ratio = {input.exposures >= 2 ? input.ratios[0] : 1.0,
                 input.exposures == 3 ? input.ratios[1] : 1.0};
  // Exposure 0's noise in the merge's input codes. At the highest gains it outgrows the merge's
  // registers: they take their largest values (the weights only lean less on the longer
  // exposures' lower noise); the Bayer NR's table below keeps the true model.
  const double shot = t.bayer_nr.shot / to_raw * to_input;
  const double read = t.bayer_nr.read / (to_raw * to_raw) * to_input * to_input;
  merge.shot = std::min(shot, kMaxShot);
  merge.read = std::min(read, kMaxRead);
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

  // The Bayer NR's noise: no line in the companded code fits it (read noise spreads out under
  // the square root in the shadows, the shorter exposures are noisier in the highlights), so a
  // table of sigma by companded level, each knot the spread of the compander's output for the
  // merged signal whose output averages the knot's code.
  t.bayer_nr.shot = 0.0;
  t.bayer_nr.read = 0.0;
  t.bayer_nr.pedestal = 0;  // the merge has taken black off (and clipped there) already
  t.bayer_nr.sigma_by_mean = companded_sigma_by_level(merge, shot, read);

  t.gamma.input_power = merge.power;
  t.gamma.headroom = std::max(1.0, merge.linear_max / (input.white - input.black));
  return t;
}

}  // namespace ispsim::fw
