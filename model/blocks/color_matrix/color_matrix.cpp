#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "model/blocks/color_matrix/color_matrix.cpp"
#include <hwy/foreach_target.h>  // re-includes this file once per SIMD target
#include <hwy/highway.h>

#include "model/blocks/color_matrix/color_matrix.hpp"
#include "model/blocks/simd_ops-inl.h"

HWY_BEFORE_NAMESPACE();
namespace ispsim::blocks::HWY_NAMESPACE {

// 12-bit samples in and out (the sample contract of the RGB domain).
void ColorMatrixRow(const uint16_t* const* in, uint16_t* const* out, int width,
                    const int16_t* coef) {
  const int32_t no_offset[3] = {0, 0, 0};
#if HWY_TARGET == HWY_SCALAR
  for (int x = 0; x < width; ++x)
    for (int c = 0; c < 3; ++c)
      out[c][x] = ColorMatrix::sample(coef + 3 * c, in[0][x], in[1][x], in[2][x]);
  (void)no_offset;
#else
  Matrix3Row<12>(in, out, width, coef, 2048, no_offset, 4095);
#endif
}

}  // namespace ispsim::blocks::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <algorithm>

namespace ispsim::blocks {

HWY_EXPORT(ColorMatrixRow);

ColorMatrix::Params ColorMatrix::decode(const RegisterReader& read, const FrameSettings&) {
  namespace isp = regs::isp;
  Params p;
  p.bypass = decode_bypass(read, kDescriptor);
  for (unsigned i = 0; i < isp::CCM_COEF_COUNT; ++i)
    p.coef[i] = static_cast<int16_t>(isp::CCM_COEF_COEF.code(read(isp::CCM_COEF + 4 * i)));
  return p;
}

uint16_t ColorMatrix::sample(const int16_t row_coef[3], int32_t r, int32_t g, int32_t b) {
  const int32_t sum = row_coef[0] * r + row_coef[1] * g + row_coef[2] * b;
  // Arithmetic shift: the hardware's adder tree floors negative sums.
  return static_cast<uint16_t>(std::clamp<int32_t>((sum + 2048) >> 12, 0, 4095));
}

void ColorMatrix::process_row_scalar(const Params& p, const RowWindow& in, const RowRef& out,
                                     const RowContext& row) {
  if (p.bypass) return copy_planes(in.centre(), out, 3, row.width);
  const ConstRowRef& src = in.centre();
  for (int c = 0; c < 3; ++c) {
    for (int x = 0; x < row.width; ++x)
      out.plane[c][x] = sample(&p.coef[3 * c], src.plane[0][x], src.plane[1][x], src.plane[2][x]);
  }
}

void ColorMatrix::process_row(const Params& p, const RowWindow& in, const RowRef& out,
                              const RowContext& row) {
  if (p.bypass) return copy_planes(in.centre(), out, 3, row.width);
  HWY_DYNAMIC_DISPATCH(ColorMatrixRow)(in.centre().plane, out.plane, row.width, p.coef.data());
}

}  // namespace ispsim::blocks
#endif  // HWY_ONCE
