#pragma once
// RGB-domain arithmetic: colour correction matrix and the gamma (tone) curve.
#include <array>
#include <cstdint>

#include "model/kernels/fixed_point.hpp"
#include "model/kernels/raw_gain_kernels.hpp"
#include "model/kernels/rgb_blocks.hpp"

namespace ispsim {

struct ColorMatrixParams {
  bool bypass = false;
  std::array<int16_t, 9> coef{};  // s3.12, row-major
};

constexpr int kGammaKnots = 65;  // knots every 64 codes across the 12-bit input
constexpr int kGammaOutMax = 1023;

struct GammaParams {
  bool bypass = false;
  std::array<uint16_t, kGammaKnots> lut{};  // u10.0
};

inline uint16_t color_matrix_pixel(int32_t m0, int32_t m1, int32_t m2, int32_t r, int32_t g,
                                   int32_t b) {
  const int32_t sum = m0 * r + m1 * g + m2 * b;
  return static_cast<uint16_t>(fixed::clamp<int32_t>(fixed::round_shift(sum, 12), 0, kRawMax));
}

inline void color_matrix_line(const uint16_t* in_rgb, uint16_t* out_rgb, int width,
                              const ColorMatrixParams& p) {
  if (p.bypass) {
    for (int i = 0; i < 3 * width; ++i)
      out_rgb[i] = in_rgb[i];
    return;
  }
  // Local copies: the output may alias the coefficients' type, which would force reloads.
  int16_t m[9];
  for (int i = 0; i < 9; ++i)
    m[i] = p.coef[i];
  map_rgb_line(in_rgb, out_rgb, width, [&m](int c, int16_t r, int16_t g, int16_t b) {
    return color_matrix_pixel(m[3 * c], m[3 * c + 1], m[3 * c + 2], r, g, b);
  });
}

inline uint16_t gamma_sample(uint16_t in, const std::array<uint16_t, kGammaKnots>& lut) {
  const int knot = in >> 6;
  const int32_t frac = in & 63;
  const int32_t low = lut[knot], high = lut[knot + 1];
  const int32_t value = low + fixed::round_shift((high - low) * frac, 6);
  return static_cast<uint16_t>(fixed::clamp<int32_t>(value, 0, kGammaOutMax));
}

// The curve evaluated at every 12-bit input (bypass included): the same arithmetic as
// gamma_sample, computed once per frame so each sample is one table read.
using GammaTable = std::array<uint16_t, kRawMax + 1>;

inline GammaTable expand_gamma(const GammaParams& p) {
  GammaTable table{};
  for (int in = 0; in <= kRawMax; ++in)
    table[in] =
        p.bypass ? static_cast<uint16_t>(in >> 2) : gamma_sample(static_cast<uint16_t>(in), p.lut);
  return table;
}

// 12-bit RGB in, 10-bit RGB out.
inline void gamma_line(const uint16_t* in_rgb, uint16_t* out_rgb, int width,
                       const GammaTable& table) {
  for (int i = 0; i < 3 * width; ++i)
    out_rgb[i] = table[in_rgb[i] & kRawMax];
}

}  // namespace ispsim
