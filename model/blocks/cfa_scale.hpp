#pragma once
// The arithmetic black level and white balance share: per CFA colour c,
// out = min(((max(in - subtract[c], 0)) * gain[c] + 2048) >> 12, 4095), gain u4.12.
// Black level subtracts a pedestal per colour with one gain; white balance subtracts nothing
// with a gain per colour.
#include <array>
#include <cstdint>

#include "model/blocks/row_buffer.hpp"

namespace ispsim::blocks {

struct CfaScale {
  std::array<uint16_t, 4> subtract{};  // per CFA colour: R, Gr, Gb, B
  std::array<uint16_t, 4> gain{};      // u4.12 per CFA colour
};

uint16_t cfa_scale_sample(uint16_t in, uint16_t subtract, uint16_t gain);

// One raw row; `cfa_phase` and `y` pick the two colours of the row.
void cfa_scale_row_scalar(const CfaScale& scale, const uint16_t* in, uint16_t* out, int width,
                          int y, int cfa_phase);
void cfa_scale_row(const CfaScale& scale, const uint16_t* in, uint16_t* out, int width, int y,
                   int cfa_phase);

}  // namespace ispsim::blocks
