#pragma once
// Firmware side of the Bayer noise reduction: its tuning section and register encoder, the
// noise model by gain (measured by the module's calibration), and the strength by gain.
#include <utility>
#include <vector>

#include "firmware/blocks/register_writes.hpp"
#include "firmware/raw_view.hpp"

namespace ispsim::fw::blocks {

struct BayerNr {
  struct Tuning {
    bool bypass = false;
    // Noise of the block's input (12-bit codes after black level): variance = shot x signal +
    // read. 0 and 0 (with any strength) leave the frame as it is.
    double shot = 0.0;  // codes^2 per code
    double read = 0.0;  // codes^2
    // Codes of noise below black the black level block keeps for this block to see (and take
    // off): both blocks' PEDESTAL, written by encode_isp_tuning (0 when either is bypassed).
    int pedestal = 64;
    // How many noise sigmas a same-colour neighbour may differ from a sample and still be
    // averaged with it: more removes more noise and more fine detail.
    double strength = 0.0;
    // Average over the 9x9 window's 25 samples of the colour rather than the 5x5's nine.
    bool wide = false;
    // When not empty: the noise's sigma (codes) at means 0, 64, ..., 4096 (kSigmaKnots of them)
    // in place of shot and read, for an input whose noise no line fits (a companded one).
    std::vector<double> sigma_by_mean;
  };
  static constexpr int kSigmaKnots = 65;
  static void encode(const Tuning& tuning, RegisterWrites& writes);
  // The tuning for a sensor gain: the measured noise model at that gain carried through the
  // gain `input_scale` the blocks before this one apply (black level's normalising gain), and
  // the default strength for the gain (kBayerNrStrengthByGain).
  static Tuning tuning_for(const std::vector<struct NoiseModel>& measured, double gain,
                           double input_scale);
  // The tuning for a known noise model of the block's input (shot, read) at a sensor gain: the
  // default strength and window for the gain.
  static Tuning tuning_for_noise(double shot, double read, double gain);
};

// The noise of a raw frame at one sensor gain, in codes of that frame (above black).
struct NoiseModel {
  double gain = 1.0;  // total sensor gain (analogue x digital)
  double shot = 0.0;  // variance per code of signal
  double read = 0.0;  // variance at zero signal
};

// Between the measured gains, shot noise grows as the gain and read noise as its square at the
// sensor's input, so both are interpolated as powers of the gain (linearly in log-log); beyond
// the table, the nearest entry scaled the same way. Throws FirmwareError for an empty table or
// a gain <= 0.
NoiseModel noise_model_for_gain(std::vector<NoiseModel> table, double gain);

// The default tuning's strength by sensor gain: mild at base ISO, where noise is low and detail
// matters most, 5 sigmas at ISO 1600 rising to the register's limit (7.9) at ISO 12800: chosen
// on three photographs and the chart against the truth (docs/IMAGE_QUALITY.md: +0.3 to +0.7 dB
// over 4 sigmas at ISO 3200 and 12800). The block's test measures the curve.
inline const std::vector<std::pair<double, double>> kBayerNrStrengthByGain = {
    {1.0, 2.0}, {16.0, 5.0}, {128.0, 7.9}};

// From ISO 1600 (gain 16) on, the default tuning averages over the wide window, at 0.8 of the
// strength above (25 samples average more noise away at a lower threshold): on the same
// photographs and chart +0.3 and +1.4 dB at ISO 3200, +0.7 and +1.6 dB at ISO 12800, unchanged
// at ISO 100 (docs/IMAGE_QUALITY.md).
constexpr double kBayerNrWideFromGain = 16.0;
constexpr double kBayerNrWideStrengthScale = 0.8;

// Strength in noise sigmas by gain, linear in log gain between the table's points (gain,
// strength), the end values beyond it.
double strength_for_gain(const std::vector<std::pair<double, double>>& table, double gain);

// Mean above black and temporal variance of a flat field from two frames of it (the variance of
// their difference, halved: the unit's fixed pattern cancels), over the central half of the
// frame, one green of each quad. Throws FirmwareError for frames of different sizes or under
// 8x8.
struct NoiseSample {
  double mean = 0, variance = 0;
};
NoiseSample measure_flat_noise(const RawView& first, const RawView& second);

// Shot and read noise through two or more samples (least squares on variance = shot x mean +
// read); a negative read estimate (noise of the measurement) becomes 0.
NoiseModel fit_noise_model(const std::vector<NoiseSample>& samples, double gain);

}  // namespace ispsim::fw::blocks
