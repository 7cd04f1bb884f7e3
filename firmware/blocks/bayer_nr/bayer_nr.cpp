#include "firmware/blocks/bayer_nr/bayer_nr.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "firmware/hal.hpp"
#include "firmware/interpolation.hpp"
#include "model/kernels/cfa.hpp"
#include "model/regmap/regmap.hpp"

namespace ispsim::fw::blocks {
namespace isp = regs::isp;

void BayerNr::encode(const Tuning& tuning, RegisterWrites& writes) {
  if (!isp::BNR_SHOT_SHOT.holds(tuning.shot))
    throw_bad_tuning("bayer_nr.shot", tuning.shot, "0..255.99 codes^2 per code");
  if (!isp::BNR_READ_READ.holds(tuning.read))
    throw_bad_tuning("bayer_nr.read", tuning.read, "0..65535 codes^2");
  if (!isp::BNR_STRENGTH_STRENGTH.holds(tuning.strength))
    throw_bad_tuning("bayer_nr.strength", tuning.strength, "0..7.97 sigmas");
  const bool table = !tuning.sigma_by_mean.empty();
  if (table && tuning.sigma_by_mean.size() != static_cast<size_t>(kSigmaKnots))
    throw_bad_tuning("bayer_nr.sigma_by_mean knots",
                     static_cast<double>(tuning.sigma_by_mean.size()),
                     "65 (means 0, 64, ..., 4096)");
  for (double sigma : tuning.sigma_by_mean)
    if (!isp::BNR_SIGMA_SIGMA.holds(sigma))
      throw_bad_tuning("bayer_nr.sigma_by_mean", sigma, "0..4095.94 codes");
  writes.push_back({isp::BNR_CTRL, isp::BNR_CTRL_BYPASS(tuning.bypass) |
                                       isp::BNR_CTRL_WIDE(tuning.wide) |
                                       isp::BNR_CTRL_TABLE(table)});
  for (size_t k = 0; k < tuning.sigma_by_mean.size(); ++k)
    writes.push_back({isp::BNR_SIGMA + 4 * static_cast<uint32_t>(k),
                      isp::BNR_SIGMA_SIGMA.encode(tuning.sigma_by_mean[k])});
  writes.push_back({isp::BNR_SHOT, isp::BNR_SHOT_SHOT.encode(tuning.shot)});
  writes.push_back({isp::BNR_READ, isp::BNR_READ_READ.encode(tuning.read)});
  writes.push_back({isp::BNR_STRENGTH, isp::BNR_STRENGTH_STRENGTH.encode(tuning.strength)});
}

NoiseModel noise_model_for_gain(std::vector<NoiseModel> table, double gain) {
  if (table.empty()) throw FirmwareError("noise model: no measured gains");
  if (!(gain > 0)) throw FirmwareError("noise model: gain " + std::to_string(gain) + " <= 0");
  std::sort(table.begin(), table.end(),
            [](const NoiseModel& a, const NoiseModel& b) { return a.gain < b.gain; });
  // The entries around the gain in log gain (or the nearest one twice).
  std::vector<double> log_gains;
  for (const NoiseModel& entry : table)
    log_gains.push_back(std::log(entry.gain));
  const Bracket at = bracket(log_gains, std::log(gain));
  const NoiseModel& lo = table[at.lower];
  const NoiseModel& hi = table[at.upper];
  auto power_law = [&](double at_lo, double at_hi, double exponent) {
    if (at.lower == at.upper || at_lo <= 0 || at_hi <= 0)  // one entry, or nothing to interpolate
      return (gain <= lo.gain ? at_lo : at_hi) *
             std::pow(gain / (gain <= lo.gain ? lo.gain : hi.gain), exponent);
    return std::exp(std::log(at_lo) + at.t * (std::log(at_hi) - std::log(at_lo)));
  };
  NoiseModel m;
  m.gain = gain;
  m.shot = power_law(lo.shot, hi.shot, 1.0);
  m.read = power_law(lo.read, hi.read, 2.0);
  return m;
}

BayerNr::Tuning BayerNr::tuning_for(const std::vector<NoiseModel>& measured, double gain,
                                    double input_scale) {
  const NoiseModel at_gain = noise_model_for_gain(measured, gain);
  // Scaling the signal by s scales its variance by s^2: shot x m (m scaled by s) needs shot x s,
  // the constant read term s^2.
  return tuning_for_noise(at_gain.shot * input_scale, at_gain.read * input_scale * input_scale,
                          gain);
}

BayerNr::Tuning BayerNr::tuning_for_noise(double shot, double read, double gain) {
  Tuning tuning;
  tuning.shot = shot;
  tuning.read = read;
  tuning.strength = strength_for_gain(kBayerNrStrengthByGain, gain);
  tuning.wide = gain >= kBayerNrWideFromGain;
  if (tuning.wide) tuning.strength *= kBayerNrWideStrengthScale;
  return tuning;
}

double strength_for_gain(const std::vector<std::pair<double, double>>& table, double gain) {
  if (table.empty()) return 0.0;
  std::vector<double> log_gains;
  for (const auto& entry : table)
    log_gains.push_back(std::log(entry.first));
  const Bracket at = bracket(log_gains, std::log(gain));
  const double s0 = table[at.lower].second, s1 = table[at.upper].second;
  return s0 + at.t * (s1 - s0);
}

NoiseSample measure_flat_noise(const RawView& first, const RawView& second) {
  if (first.width != second.width || first.height != second.height || first.width < 8 ||
      first.height < 8)
    throw FirmwareError("noise measurement: frames " + std::to_string(first.width) + "x" +
                        std::to_string(first.height) + " and " + std::to_string(second.width) +
                        "x" + std::to_string(second.height) + " (same size, at least 8x8)");
  // One green of each quad: the one on the quad's top row.
  const CfaColour top_left = cfa_colour(first.cfa_phase, 0, 0);
  const int gx = (top_left == kCfaGr || top_left == kCfaGb) ? 0 : 1;
  double sum = 0, sum_d = 0, sum_d2 = 0;
  long n = 0;
  for (int y = first.height / 4 & ~1; y < 3 * first.height / 4; y += 2)
    for (int x = (first.width / 4 & ~1) + gx; x < 3 * first.width / 4; x += 2) {
      const double a = first.at(x, y), b = second.at(x, y);
      sum += 0.5 * (a + b);
      sum_d += a - b;
      sum_d2 += (a - b) * (a - b);
      ++n;
    }
  NoiseSample s;
  s.mean = sum / n - first.black_level;
  s.variance = 0.5 * (sum_d2 - sum_d * sum_d / n) / (n - 1);
  return s;
}

NoiseModel fit_noise_model(const std::vector<NoiseSample>& samples, double gain) {
  if (samples.size() < 2) throw FirmwareError("noise model: needs two or more flat levels");
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (const auto& s : samples) {
    sx += s.mean;
    sy += s.variance;
    sxx += s.mean * s.mean;
    sxy += s.mean * s.variance;
  }
  const double n = static_cast<double>(samples.size());
  const double denominator = n * sxx - sx * sx;
  if (!(std::abs(denominator) > 0)) throw FirmwareError("noise model: flat levels all equal");
  NoiseModel m;
  m.gain = gain;
  m.shot = (n * sxy - sx * sy) / denominator;
  m.read = std::max((sy - m.shot * sx) / n, 0.0);
  return m;
}

}  // namespace ispsim::fw::blocks
