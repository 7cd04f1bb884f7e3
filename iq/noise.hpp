#pragma once
// Temporal/spatial noise on flat patches: signal, standard deviation and SNR, in linear raw data
// (single-channel, with a black level) or in output images (the per-pixel channel average).
#include <vector>

#include "iq/chart.hpp"
#include "iq/region.hpp"
#include "model/image/image.hpp"

namespace ispsim::iq {

// Noise is measured with outliers beyond 4.5 robust sigmas rejected: wide enough that truncating
// Gaussian noise lowers sigma by under 0.1 %, narrow enough to drop defect pixels.
constexpr double kNoiseRejectSigma = 4.5;

struct NoiseSample {
  double signal = 0;  // mean minus black level
  double noise = 0;   // standard deviation
  double snr_db = 0;  // 20 log10(signal / noise); +inf without noise, -inf without signal
  int pixel_count = 0;
};

double snr_db(double signal, double noise);

// Statistics of a set of values (black level subtracted from the mean).
NoiseSample measure_noise(const std::vector<double>& values, double black_level = 0);
// On a region; for a multi-channel image the signal is the per-pixel average of the channels.
NoiseSample measure_noise(const Image16& image, const Quad& region, double black_level = 0);
NoiseSample measure_noise(const ImageF& image, const Quad& region, double black_level = 0);
NoiseSample measure_noise(const Image16& image, const PixelRect& region, double black_level = 0);

// Per-patch noise on the 6 neutral patches of a ColorChecker, white 9.5 first.
std::vector<NoiseSample> chart_neutral_noise(const Image16& image, const ChartGeometry& geometry,
                                             double black_level = 0);
// The same on a linear signal of any range (e.g. an HDR merge's, above black).
std::vector<NoiseSample> chart_neutral_noise(const ImageF& image, const ChartGeometry& geometry,
                                             double black_level = 0);

// Noise-versus-signal curve: one sample per flat region, sorted by increasing signal. On raw data
// its variance-versus-mean slope is the system gain (EMVA 1288 photon transfer).
std::vector<NoiseSample> noise_curve(const Image16& image, const std::vector<Quad>& regions,
                                     double black_level = 0);

// One colour plane of a CFA mosaic: every `step`-th pixel from (phase_x, phase_y), e.g. step 2
// for Bayer. Chart geometries for the plane are scaled(geometry, 1.0 / step).
Image16 cfa_plane(const Image16& raw, int step, int phase_x, int phase_y);

}  // namespace ispsim::iq
