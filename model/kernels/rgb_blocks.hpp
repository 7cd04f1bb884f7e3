#pragma once
// Shared loop for 3x3-matrix kernels on interleaved RGB lines: pixels are taken in blocks and
// split into 16-bit planes so the compiler vectorises the per-pixel arithmetic (SSE2 has
// widening 16-bit multiplies). The arithmetic itself is the caller's `per_sample`.
#include <cstdint>

namespace ispsim {

constexpr int kVectorBlock = 16;

// out[3x + c] = per_sample(c, r, g, b) for every pixel x of the line; samples must fit int16.
template <typename OutT, typename PerSample>
inline void map_rgb_line(const uint16_t* in_rgb, OutT* out_interleaved, int width,
                         const PerSample& per_sample) {
  for (int x0 = 0; x0 < width; x0 += kVectorBlock) {
    const int n = width - x0 < kVectorBlock ? width - x0 : kVectorBlock;
    int16_t r[kVectorBlock] = {}, g[kVectorBlock] = {}, b[kVectorBlock] = {};
    OutT planes[3][kVectorBlock];
    const uint16_t* in = in_rgb + 3 * x0;
    for (int i = 0; i < n; ++i) {
      r[i] = static_cast<int16_t>(in[3 * i]);
      g[i] = static_cast<int16_t>(in[3 * i + 1]);
      b[i] = static_cast<int16_t>(in[3 * i + 2]);
    }
    for (int c = 0; c < 3; ++c)
      for (int i = 0; i < kVectorBlock; ++i)
        planes[c][i] = per_sample(c, r[i], g[i], b[i]);
    OutT* dst = out_interleaved + 3 * x0;
    for (int i = 0; i < n; ++i) {
      dst[3 * i] = planes[0][i];
      dst[3 * i + 1] = planes[1][i];
      dst[3 * i + 2] = planes[2][i];
    }
  }
}

}  // namespace ispsim
