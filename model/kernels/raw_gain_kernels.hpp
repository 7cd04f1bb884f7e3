#pragma once
// Black level correction and white balance: per-sample arithmetic on 12-bit raw lines.
#include <array>
#include <cstdint>

#include "model/kernels/cfa.hpp"
#include "model/kernels/fixed_point.hpp"

namespace ispsim {

constexpr int kRawMax = 4095;  // 12-bit raw domain

struct BlackLevelParams {
  bool bypass = false;
  int cfa_phase = 0;
  std::array<uint16_t, 4> level{};  // u12.0 per CFA colour (R, Gr, Gb, B)
  uint16_t norm_gain = 0x1000;      // u4.12
};

struct WhiteBalanceParams {
  bool bypass = false;
  int cfa_phase = 0;
  std::array<uint16_t, 4> gain{0x1000, 0x1000, 0x1000, 0x1000};  // u4.12 per CFA colour
};

inline uint16_t black_level_sample(uint16_t in, uint16_t level, uint16_t norm_gain) {
  const int32_t above = in > level ? in - level : 0;
  return static_cast<uint16_t>(fixed::clamp<int32_t>((above * norm_gain + 2048) >> 12, 0, kRawMax));
}

inline uint16_t white_balance_sample(uint16_t in, uint16_t gain) {
  const uint32_t scaled = (static_cast<uint32_t>(in) * gain + 2048u) >> 12;
  return static_cast<uint16_t>(scaled > kRawMax ? kRawMax : scaled);
}

// One raw line; `y` is the line's row in the frame (selects the CFA row).
inline void black_level_line(const uint16_t* in, uint16_t* out, int width, int y,
                             const BlackLevelParams& p) {
  if (p.bypass) {
    for (int x = 0; x < width; ++x)
      out[x] = in[x];
    return;
  }
  const uint16_t even = p.level[cfa_colour(p.cfa_phase, 0, y)];
  const uint16_t odd = p.level[cfa_colour(p.cfa_phase, 1, y)];
  for (int x = 0; x < width; ++x)
    out[x] = black_level_sample(in[x], (x & 1) ? odd : even, p.norm_gain);
}

inline void white_balance_line(const uint16_t* in, uint16_t* out, int width, int y,
                               const WhiteBalanceParams& p) {
  if (p.bypass) {
    for (int x = 0; x < width; ++x)
      out[x] = in[x];
    return;
  }
  const uint16_t even = p.gain[cfa_colour(p.cfa_phase, 0, y)];
  const uint16_t odd = p.gain[cfa_colour(p.cfa_phase, 1, y)];
  for (int x = 0; x < width; ++x)
    out[x] = white_balance_sample(in[x], (x & 1) ? odd : even);
}

}  // namespace ispsim
