#include "model/kernels/demosaic.hpp"

#include "model/kernels/fixed_point.hpp"
#include "model/kernels/raw_gain_kernels.hpp"

namespace ispsim {
namespace {

inline uint16_t normalise(int32_t sum16) {
  return static_cast<uint16_t>(fixed::clamp<int32_t>((sum16 + 8) >> 4, 0, kRawMax));
}

// `at(dy, dx)` reads the sample dy rows and dx columns from the centre.
template <typename Sampler>
inline void mhc_pixel(const Sampler& at, CfaColour colour, uint16_t* rgb) {
  const int32_t c = at(0, 0);
  const int32_t cross1 = at(-1, 0) + at(1, 0) + at(0, -1) + at(0, 1);
  const int32_t vert2 = at(-2, 0) + at(2, 0);
  const int32_t horiz2 = at(0, -2) + at(0, 2);
  const int32_t diag = at(-1, -1) + at(-1, 1) + at(1, -1) + at(1, 1);
  if (colour == kCfaR || colour == kCfaB) {
    const uint16_t green = normalise(8 * c + 4 * cross1 - 2 * (vert2 + horiz2));
    const uint16_t opposite = normalise(12 * c + 4 * diag - 3 * (vert2 + horiz2));
    const uint16_t own = static_cast<uint16_t>(c);
    rgb[0] = colour == kCfaR ? own : opposite;
    rgb[1] = green;
    rgb[2] = colour == kCfaR ? opposite : own;
    return;
  }
  // Green sample: one colour lies left/right of it, the other above/below.
  const int32_t horiz1 = at(0, -1) + at(0, 1);
  const int32_t vert1 = at(-1, 0) + at(1, 0);
  const uint16_t from_row = normalise(10 * c + 8 * horiz1 - 2 * horiz2 - 2 * diag + vert2);
  const uint16_t from_column = normalise(10 * c + 8 * vert1 - 2 * vert2 - 2 * diag + horiz2);
  rgb[1] = static_cast<uint16_t>(c);
  if (colour == kCfaGr) {  // red row
    rgb[0] = from_row;
    rgb[2] = from_column;
  } else {  // blue row
    rgb[0] = from_column;
    rgb[2] = from_row;
  }
}

}  // namespace

void demosaic_line(const uint16_t* const rows[kDemosaicWindowRows], int width, int y,
                   const DemosaicParams& params, uint16_t* out_rgb) {
  const uint16_t* centre_row = rows[2];
  if (params.bypass) {
    for (int x = 0; x < width; ++x)
      out_rgb[3 * x] = out_rgb[3 * x + 1] = out_rgb[3 * x + 2] = centre_row[x];
    return;
  }
  const CfaColour even_colour = cfa_colour(params.cfa_phase, 0, y);
  const CfaColour odd_colour = cfa_colour(params.cfa_phase, 1, y);
  auto edge_pixel = [&](int x) {
    auto at = [&](int dy, int dx) -> int32_t { return rows[2 + dy][reflect101(x + dx, width)]; };
    mhc_pixel(at, (x & 1) ? odd_colour : even_colour, out_rgb + 3 * x);
  };
  const int interior_end = width - 2;
  for (int x = 0; x < 2 && x < width; ++x)
    edge_pixel(x);
  for (int x = 2; x < interior_end; ++x) {
    auto at = [&](int dy, int dx) -> int32_t { return rows[2 + dy][x + dx]; };
    mhc_pixel(at, (x & 1) ? odd_colour : even_colour, out_rgb + 3 * x);
  }
  for (int x = interior_end > 2 ? interior_end : 2; x < width; ++x)
    edge_pixel(x);
}

}  // namespace ispsim
