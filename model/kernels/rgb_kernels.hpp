#pragma once
// RGB-domain arithmetic: colour correction matrix and the gamma (tone) curve.
#include <array>
#include <cstdint>

#include "model/kernels/fixed_point.hpp"
#include "model/kernels/raw_gain_kernels.hpp"

namespace ispsim {

struct ColorMatrixParams {
  bool bypass = false;
  std::array<int16_t, 9> coef{};  // s3.12, row-major
};

constexpr int kGammaKnots = 65;   // knots every 64 codes across the 12-bit input
constexpr int kGammaOutMax = 1023;

struct GammaParams {
  bool bypass = false;
  std::array<uint16_t, kGammaKnots> lut{};  // u10.0
};

inline void color_matrix_line(const uint16_t* in_rgb, uint16_t* out_rgb, int width,
                              const ColorMatrixParams& p) {
  if (p.bypass) {
    for (int i = 0; i < 3 * width; ++i) out_rgb[i] = in_rgb[i];
    return;
  }
  const auto& m = p.coef;
  for (int x = 0; x < width; ++x) {
    const int32_t r = in_rgb[3 * x], g = in_rgb[3 * x + 1], b = in_rgb[3 * x + 2];
    for (int c = 0; c < 3; ++c) {
      const int32_t sum = m[3 * c] * r + m[3 * c + 1] * g + m[3 * c + 2] * b;
      out_rgb[3 * x + c] =
          static_cast<uint16_t>(fixed::clamp<int32_t>(fixed::round_shift(sum, 12), 0, kRawMax));
    }
  }
}

inline uint16_t gamma_sample(uint16_t in, const std::array<uint16_t, kGammaKnots>& lut) {
  const int knot = in >> 6;
  const int32_t frac = in & 63;
  const int32_t low = lut[knot], high = lut[knot + 1];
  const int32_t value = low + fixed::round_shift((high - low) * frac, 6);
  return static_cast<uint16_t>(fixed::clamp<int32_t>(value, 0, kGammaOutMax));
}

// 12-bit RGB in, 10-bit RGB out.
inline void gamma_line(const uint16_t* in_rgb, uint16_t* out_rgb, int width,
                       const GammaParams& p) {
  if (p.bypass) {
    for (int i = 0; i < 3 * width; ++i) out_rgb[i] = in_rgb[i] >> 2;
    return;
  }
  for (int i = 0; i < 3 * width; ++i) out_rgb[i] = gamma_sample(in_rgb[i], p.lut);
}

}  // namespace ispsim
