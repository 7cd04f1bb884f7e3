#include "firmware/isp_encoding.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "firmware/fixed_point.hpp"
#include "firmware/hal.hpp"

namespace ispsim::fw {
namespace {

[[noreturn]] void bad_tuning(const char* field, double value, const char* range) {
  char text[160];
  std::snprintf(text, sizeof text, "tuning %s = %g outside %s", field, value, range);
  throw FirmwareError(text);
}

// s3.12 codes for a matrix whose rows keep their sums through rounding: the diagonal absorbs
// the rounding error of its row, so a neutral stays exactly neutral (a row summing to 1 maps
// grey to the same grey, not one code off).
std::array<uint32_t, 9> encode_matrix_rows(const Matrix3& matrix) {
  std::array<uint32_t, 9> codes{};
  for (int row = 0; row < 3; ++row) {
    double real_sum = 0.0;
    int64_t code_sum = 0;
    for (int col = 0; col < 3; ++col) {
      const double value = matrix[3 * row + col];
      real_sum += value;
      code_sum +=
          std::llround(fixed::decode(fixed::encode(value, fixed::kS3_12), fixed::kS3_12) * 4096.0);
    }
    const int64_t target_sum = std::llround(real_sum * 4096.0);
    for (int col = 0; col < 3; ++col) {
      double value = matrix[3 * row + col];
      if (col == row) value += static_cast<double>(target_sum - code_sum) / 4096.0;
      codes[3 * row + col] = fixed::encode(value, fixed::kS3_12);
    }
  }
  return codes;
}

}  // namespace

uint32_t blc_norm_gain_code(uint16_t black_level) {
  if (black_level >= kRawMax) bad_tuning("black_level", black_level, "0..4094");
  return fixed::encode(static_cast<double>(kRawMax) / (kRawMax - black_level), fixed::kU4_12);
}

double srgb_oetf(double linear) {
  if (linear <= 0.0031308) return 12.92 * linear;
  return 1.055 * std::pow(linear, 1.0 / 2.4) - 0.055;
}

double contrast_curve(double encoded, double contrast) {
  return encoded + contrast * encoded * (1.0 - encoded) * (2.0 * encoded - 1.0);
}

double tone_curve(double linear, double contrast) {
  return contrast_curve(srgb_oetf(linear), contrast);
}

std::array<uint16_t, kGammaKnotCount> gamma_lut(const std::function<double(double)>& curve) {
  std::array<uint16_t, kGammaKnotCount> lut{};
  for (int i = 0; i < kGammaKnotCount; ++i) {
    const double x = std::min(i * kGammaKnotSpacing, kRawMax) / static_cast<double>(kRawMax);
    const double code = std::round(kGammaOutMax * curve(x));
    lut[i] = static_cast<uint16_t>(std::clamp(code, 0.0, static_cast<double>(kGammaOutMax)));
  }
  return lut;
}

CscCodes bt709_limited_range_csc() {
  // ITU-R BT.709-6 item 3.2/3.3: Y = Kr R + Kg G + Kb B, Cb = (B - Y) / (2 (1 - Kb)),
  // Cr = (R - Y) / (2 (1 - Kr)); limited range scales Y by 219/255 and chroma by 224/255.
  constexpr double kr = 0.2126, kb = 0.0722, kg = 1.0 - kr - kb;
  constexpr double y_scale = 219.0 / 255.0, c_scale = 224.0 / 255.0;
  const double cb_div = 2.0 * (1.0 - kb), cr_div = 2.0 * (1.0 - kr);
  const Matrix3 k = {kr * y_scale,           kg * y_scale,           kb * y_scale,
                     -kr / cb_div * c_scale, -kg / cb_div * c_scale, 0.5 * c_scale,
                     0.5 * c_scale,          -kg / cr_div * c_scale, -kb / cr_div * c_scale};
  CscCodes codes{};
  for (int i = 0; i < 9; ++i)
    codes.coef[i] = fixed::encode(k[i], fixed::kS3_12);
  codes.offset = {16, 128, 128};
  return codes;
}

IspCodes encode_tuning(const IspTuning& tuning) {
  if (tuning.cfa_phase < 0 || tuning.cfa_phase > 3)
    bad_tuning("cfa_phase", tuning.cfa_phase, "0..3");
  if (!(tuning.gamma_contrast > -1.0 && tuning.gamma_contrast < 1.0))
    bad_tuning("gamma_contrast", tuning.gamma_contrast, "-1 < c < 1");
  IspCodes codes{};
  uint16_t max_level = 0;
  for (int i = 0; i < 4; ++i) {
    if (tuning.black_level[i] > kRawMax - 1)
      bad_tuning("black_level", tuning.black_level[i], "0..4094");
    codes.black_level[i] = tuning.black_level[i];
    max_level = std::max(max_level, tuning.black_level[i]);
  }
  codes.blc_norm_gain = blc_norm_gain_code(max_level);
  const double max_u4_12 = 16.0 - 1.0 / 4096.0;
  for (double gain : tuning.wb_gain)
    if (!(gain >= 0.0 && gain <= max_u4_12)) bad_tuning("wb_gain", gain, "0..15.9998 (u4.12)");
  const Vector3& wb = tuning.wb_gain;
  codes.wb_gain = {fixed::encode(wb[0], fixed::kU4_12), fixed::encode(wb[1], fixed::kU4_12),
                   fixed::encode(wb[1], fixed::kU4_12), fixed::encode(wb[2], fixed::kU4_12)};
  for (double value : tuning.colour_matrix)
    if (!(value > -8.0 && value < 7.99)) bad_tuning("colour_matrix", value, "-8..7.99 (s3.12)");
  codes.ccm = encode_matrix_rows(tuning.colour_matrix);
  const double contrast = tuning.gamma_contrast;
  codes.gamma = gamma_lut([contrast](double x) { return tone_curve(x, contrast); });
  codes.csc = bt709_limited_range_csc();
  return codes;
}

}  // namespace ispsim::fw
