#pragma once
// YUV-domain arithmetic: RGB to YCbCr matrix (coefficients from registers; firmware programs
// BT.709) and 4:2:0 chroma subsampling for NV12.
#include <array>
#include <cstdint>

#include "model/kernels/fixed_point.hpp"
#include "model/kernels/rgb_blocks.hpp"

namespace ispsim {

struct CscParams {
  bool bypass = false;
  std::array<int16_t, 9> coef{};    // s3.12; rows Y, Cb, Cr; columns R, G, B
  std::array<uint8_t, 3> offset{};  // added after the matrix
};

inline uint8_t ycbcr_sample(int32_t m0, int32_t m1, int32_t m2, int32_t offset, int32_t r,
                            int32_t g, int32_t b) {
  // 12 fraction bits plus 2 bits from 10-bit input to 8-bit output.
  const int32_t value = fixed::round_shift(m0 * r + m1 * g + m2 * b, 14) + offset;
  return static_cast<uint8_t>(fixed::clamp<int32_t>(value, 0, 255));
}

// 10-bit RGB in, 8-bit YCbCr 4:4:4 out (interleaved, 3 samples per pixel); per pixel it is
// ycbcr_sample.
inline void rgb_to_ycbcr_line(const uint16_t* in_rgb, uint8_t* out_ycbcr, int width,
                              const CscParams& p) {
  if (p.bypass) {
    for (int x = 0; x < width; ++x) {
      out_ycbcr[3 * x] = static_cast<uint8_t>(in_rgb[3 * x + 1] >> 2);
      out_ycbcr[3 * x + 1] = static_cast<uint8_t>(in_rgb[3 * x + 2] >> 2);
      out_ycbcr[3 * x + 2] = static_cast<uint8_t>(in_rgb[3 * x] >> 2);
    }
    return;
  }
  // Local copies: uint8_t output aliases everything, which would force reloads per pixel.
  int16_t m[9];
  int32_t offset[3];
  for (int i = 0; i < 9; ++i)
    m[i] = p.coef[i];
  for (int c = 0; c < 3; ++c)
    offset[c] = p.offset[c];
  map_rgb_line(in_rgb, out_ycbcr, width, [&m, &offset](int c, int16_t r, int16_t g, int16_t b) {
    return ycbcr_sample(m[3 * c], m[3 * c + 1], m[3 * c + 2], offset[c], r, g, b);
  });
}

inline void luma_of_line(const uint8_t* ycbcr, uint8_t* y_out, int width) {
  for (int x = 0; x < width; ++x)
    y_out[x] = ycbcr[3 * x];
}

// NV12 chroma: interleaved Cb, Cr for each 2x2 block, the mean of its samples (rounded). An odd
// last column or a missing second row repeats the samples it has.
inline int chroma_width(int width) {
  return (width + 1) / 2;
}

inline void subsample_chroma_420(const uint8_t* row0_ycbcr, const uint8_t* row1_ycbcr, int width,
                                 uint8_t* uv_out) {
  for (int cx = 0; cx < chroma_width(width); ++cx) {
    const int x0 = 2 * cx;
    const int x1 = x0 + 1 < width ? x0 + 1 : x0;
    for (int c = 1; c <= 2; ++c) {
      const int sum = row0_ycbcr[3 * x0 + c] + row0_ycbcr[3 * x1 + c] + row1_ycbcr[3 * x0 + c] +
                      row1_ycbcr[3 * x1 + c];
      uv_out[2 * cx + (c - 1)] = static_cast<uint8_t>((sum + 2) >> 2);
    }
  }
}

}  // namespace ispsim
