#include "model/blocks/gamma/gamma.hpp"

#include <algorithm>

namespace ispsim::blocks {

Gamma::Params Gamma::decode(const RegisterReader& read, const FrameSettings&) {
  namespace isp = regs::isp;
  Params p;
  p.bypass = decode_bypass(read, kDescriptor);
  for (unsigned i = 0; i < isp::GAMMA_LUT_COUNT; ++i)
    p.lut[i] = static_cast<uint16_t>(isp::GAMMA_LUT_VALUE.code(read(isp::GAMMA_LUT + 4 * i)));
  return p;
}

uint16_t Gamma::sample(uint16_t in, const std::array<uint16_t, kKnots>& lut) {
  const int knot = (in & 4095) >> 6;
  const int32_t frac = in & 63;
  const int32_t low = lut[knot], high = lut[knot + 1];
  // Arithmetic shift: a falling segment rounds its negative step towards minus infinity.
  const int32_t value = low + (((high - low) * frac + 32) >> 6);
  return static_cast<uint16_t>(std::clamp<int32_t>(value, 0, kOutMax));
}

void Gamma::prepare(Params& p) {
  for (int in = 0; in < 4096; ++in)
    p.table[in] =
        p.bypass ? static_cast<uint16_t>(in >> 2) : sample(static_cast<uint16_t>(in), p.lut);
}

void Gamma::process_row_scalar(const Params& p, const RowWindow& in, const RowRef& out,
                               const RowContext& row) {
  for (int c = 0; c < 3; ++c) {
    const uint16_t* src = in.centre().plane[c];
    for (int x = 0; x < row.width; ++x)
      out.plane[c][x] =
          p.bypass ? static_cast<uint16_t>((src[x] & 4095) >> 2) : sample(src[x], p.lut);
  }
}

// One table read per sample, in scalar code: Highway 1.0.3 has no 16-bit gather.
void Gamma::process_row(const Params& p, const RowWindow& in, const RowRef& out,
                        const RowContext& row) {
  for (int c = 0; c < 3; ++c) {
    const uint16_t* src = in.centre().plane[c];
    uint16_t* dst = out.plane[c];
    for (int x = 0; x < row.width; ++x)
      dst[x] = p.table[src[x] & 4095];
  }
}

}  // namespace ispsim::blocks
