#pragma once
// Pure encoding of ISP settings into register codes (no hardware access), kept apart from the
// driver so each formula is testable on its own.
#include <array>
#include <cstdint>
#include <functional>

#include "firmware/tuning.hpp"

namespace ispsim::fw {

constexpr int kGammaKnotCount = 65;  // inputs 0, 64, ..., 4096
constexpr int kGammaKnotSpacing = 64;
constexpr int kRawMax = 4095;       // 12-bit raw domain
constexpr int kGammaOutMax = 1023;  // 10-bit gamma output

// BLC_NORM_GAIN (u4.12) restoring full scale after subtracting `black_level`:
// 4095 / (4095 - level). With per-colour levels, pass the largest, so every colour reaches
// full scale (the others clip slightly early rather than fall short of white).
uint32_t blc_norm_gain_code(uint16_t black_level);

// sRGB OETF (IEC 61966-2-1): linear 0..1 to encoded 0..1.
double srgb_oetf(double linear);
// S-curve about mid-grey keeping 0, 0.5 and 1 fixed: y + c * y (1 - y) (2y - 1). Slope at
// mid-grey is 1 + c/2, at the ends 1 - c; monotonic for -1 < c < 1.
double contrast_curve(double encoded, double contrast);
// The curve the tuning asks for: sRGB, then the contrast S-curve.
double tone_curve(double linear, double contrast);

// Knot i at input min(64 i, 4095) / 4095 (the last knot, 4096, is beyond the 12-bit range and
// takes the value at 4095): output round(1023 * curve(x)), clamped to 0..1023.
std::array<uint16_t, kGammaKnotCount> gamma_lut(const std::function<double(double)>& curve);

// RGB -> YCbCr for 10-bit RGB in, 8-bit out: ITU-R BT.709 luma weights (Kr 0.2126, Kb 0.0722)
// in limited range, so Y spans 219 codes and Cb/Cr 224 codes; s3.12 coefficients
// round(4096 * K), rows Y, Cb, Cr, columns R, G, B; offsets 16, 128, 128.
struct CscCodes {
  std::array<uint32_t, 9> coef;
  std::array<uint32_t, 3> offset;
};
CscCodes bt709_limited_range_csc();

// All register codes for a tuning; throws FirmwareError naming the field for a bad value.
struct IspCodes {
  std::array<uint32_t, 4> black_level;
  uint32_t blc_norm_gain;
  std::array<uint32_t, 4> wb_gain;  // R, Gr, Gb, B
  std::array<uint32_t, 9> ccm;      // s3.12; each row's codes sum to round(4096 * row sum)
  std::array<uint16_t, kGammaKnotCount> gamma;
  CscCodes csc;
};
IspCodes encode_tuning(const IspTuning& tuning);

}  // namespace ispsim::fw
