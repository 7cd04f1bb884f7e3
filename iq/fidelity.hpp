#pragma once
// Full-reference fidelity between a reference and a test image of the same size and space:
// PSNR, colour PSNR (CPSNR) and SSIM, each optionally ignoring a border of `border` pixels (where
// demosaic and filter edge handling differ), and difference maps for viewing.
#include "model/image/image.hpp"

namespace ispsim::iq {

// `peak` is the largest code value (255 for 8-bit, 65535 for 16-bit). Results are +inf for
// identical images. Throws MetricError on mismatched sizes or channel counts, or when the border
// leaves no pixel.

// PSNR of one channel: 10 log10(peak^2 / MSE).
double psnr_db(const Image16& reference, const Image16& test, double peak, int channel,
               int border = 0);
// CPSNR: PSNR from the MSE over all channels together (the demosaicking literature's CPSNR).
double cpsnr_db(const Image16& reference, const Image16& test, double peak, int border = 0);

// SSIM, Wang, Bovik, Sheikh and Simoncelli, IEEE TIP 13(4) 2004: K1 = 0.01, K2 = 0.03, an 11x11
// Gaussian window of sigma 1.5, evaluated where the window fits wholly (no padding), averaged over
// the image. For multi-channel images SSIM is computed per channel and the channel values averaged
// (not on luma), so colour errors that keep luma count too.
double ssim(const Image16& reference, const Image16& test, double peak, int border = 0);

// |reference - test| x amplification, scaled so that `peak` maps to 255 and clamped: an 8-bit image
// with the input's channels, to write with write_png.
Image8 difference_map(const Image16& reference, const Image16& test, double peak,
                      double amplification = 10.0);

// A developed image against the scene's linear truth, as raw developers are compared: the test
// (sRGB-encoded, full scale `peak`) decoded to linear light and scaled per channel by the gain
// that best fits it to the truth (least squares, so exposure and white balance choices do not
// count), then both encoded to 8-bit sRGB codes (clipped to 0..1) and compared: PSNR per channel
// and CPSNR, border ignored. Throws MetricError for mismatched sizes, non-RGB images or a
// channel with no signal.
struct GainMatchedFidelity {
  double gains[3] = {1, 1, 1};
  double psnr_db[3] = {0, 0, 0};
  double cpsnr_db = 0;
};
GainMatchedFidelity gain_matched_fidelity(const ImageF& linear_truth, const Image16& test,
                                          double peak, int border = 0);

// 8-bit to 16-bit by x257, so 255 maps to 65535: compares an 8-bit file with a 16-bit one.
Image16 widen_to_16bit(const Image16& eight_bit_samples);

}  // namespace ispsim::iq
