#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "model/blocks/csc/csc.cpp"
#include <hwy/foreach_target.h>  // re-includes this file once per SIMD target
#include <hwy/highway.h>

#include "model/blocks/csc/csc.hpp"
#include "model/blocks/simd_ops-inl.h"

HWY_BEFORE_NAMESPACE();
namespace ispsim::blocks::HWY_NAMESPACE {

void CscRow(const uint16_t* const* in, uint16_t* const* out, int width, const int16_t* coef,
            const uint8_t* offset) {
  const int32_t offsets[3] = {offset[0], offset[1], offset[2]};
#if HWY_TARGET == HWY_SCALAR
  for (int x = 0; x < width; ++x)
    for (int c = 0; c < 3; ++c)
      out[c][x] = Csc::sample(coef + 3 * c, offsets[c], in[0][x], in[1][x], in[2][x]);
#else
  // 12 fraction bits plus 2 bits from 10-bit input to 8-bit output.
  Matrix3Row<14>(in, out, width, coef, 8192, offsets, 255);
#endif
}

void PackLuma(const uint16_t* y, uint8_t* out, int width) {
  const hn::ScalableTag<uint16_t> d16;
  const hn::Rebind<int16_t, decltype(d16)> signed16;
  const hn::Rebind<uint8_t, decltype(d16)> d8;
  const int lanes = static_cast<int>(hn::Lanes(d16));
  int x = 0;
  for (; x + lanes <= width; x += lanes)  // samples are 0..255: the signed view is exact
    hn::StoreU(hn::DemoteTo(d8, hn::BitCast(signed16, hn::LoadU(d16, y + x))), d8, out + x);
  for (; x < width; ++x)  // the output is not padded
    out[x] = static_cast<uint8_t>(y[x]);
}

// Whole vectors of complete 2x2 blocks; returns the first column left for the scalar tail.
int SubsampleChroma(const uint16_t* const* first, const uint16_t* const* second, int width,
                    uint8_t* uv_out) {
#if HWY_TARGET == HWY_SCALAR
  (void)first, (void)second, (void)width, (void)uv_out;
  return 0;  // one-lane vectors hold no column pair: all of it is the scalar tail
#else
  const hn::ScalableTag<uint16_t> d16;
  const hn::Repartition<int32_t, decltype(d16)> d32;  // a lane holds one column pair
  const hn::Rebind<uint16_t, decltype(d32)> pairs16;
  const int lanes = static_cast<int>(hn::Lanes(d16));
  const auto low_half = hn::Set(d32, 0xFFFF);
  const auto two = hn::Set(d32, 2);
  auto block_mean = [&](const uint16_t* a, const uint16_t* b) {
    const auto columns = hn::BitCast(d32, hn::Add(hn::LoadU(d16, a), hn::LoadU(d16, b)));
    const auto sum = hn::Add(hn::And(columns, low_half), hn::ShiftRight<16>(columns));
    return hn::ShiftRight<2>(hn::Add(sum, two));
  };
  const int whole_pairs_end = width & ~1;
  int x = 0;
  for (; x + lanes <= whole_pairs_end; x += lanes) {
    const auto cb = block_mean(first[1] + x, second[1] + x);
    const auto cr = block_mean(first[2] + x, second[2] + x);
    // Little-endian: Cb in the low byte, Cr in the high byte of each 16-bit output.
    const auto uv = hn::DemoteTo(pairs16, hn::Or(cb, hn::ShiftLeft<8>(cr)));
    hn::StoreU(uv, pairs16, reinterpret_cast<uint16_t*>(uv_out + x));
  }
  return x;
#endif
}

}  // namespace ispsim::blocks::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <algorithm>

namespace ispsim::blocks {

HWY_EXPORT(CscRow);
HWY_EXPORT(PackLuma);
HWY_EXPORT(SubsampleChroma);

Csc::Params Csc::decode(const RegisterReader& read, const FrameSettings&) {
  namespace isp = regs::isp;
  Params p;
  p.bypass = decode_bypass(read, kDescriptor);
  for (unsigned i = 0; i < isp::CSC_COEF_COUNT; ++i)
    p.coef[i] = static_cast<int16_t>(isp::CSC_COEF_COEF.code(read(isp::CSC_COEF + 4 * i)));
  for (unsigned i = 0; i < isp::CSC_OFFSET_COUNT; ++i)
    p.offset[i] = static_cast<uint8_t>(isp::CSC_OFFSET_OFFSET.code(read(isp::CSC_OFFSET + 4 * i)));
  return p;
}

uint8_t Csc::sample(const int16_t row_coef[3], int32_t offset, int32_t r, int32_t g, int32_t b) {
  const int32_t sum = row_coef[0] * r + row_coef[1] * g + row_coef[2] * b;
  return static_cast<uint8_t>(std::clamp<int32_t>(((sum + 8192) >> 14) + offset, 0, 255));
}

void Csc::process_row_scalar(const Params& p, const RowWindow& in, const RowRef& out,
                             const RowContext& row) {
  const ConstRowRef& rgb = in.centre();
  for (int x = 0; x < row.width; ++x) {
    const int32_t r = rgb.plane[0][x], g = rgb.plane[1][x], b = rgb.plane[2][x];
    for (int c = 0; c < 3; ++c) {
      if (p.bypass) {
        const int32_t source[3] = {g, b, r};  // Y, Cb, Cr
        out.plane[c][x] = static_cast<uint16_t>((source[c] >> 2) & 255);
      } else {
        out.plane[c][x] = sample(&p.coef[3 * c], p.offset[c], r, g, b);
      }
    }
  }
}

void Csc::process_row(const Params& p, const RowWindow& in, const RowRef& out,
                      const RowContext& row) {
  if (p.bypass) return process_row_scalar(p, in, out, row);
  HWY_DYNAMIC_DISPATCH(CscRow)
  (in.centre().plane, out.plane, row.width, p.coef.data(), p.offset.data());
}

void Csc::pack_luma(const uint16_t* y, uint8_t* out, int width) {
  HWY_DYNAMIC_DISPATCH(PackLuma)(y, out, width);
}

void Csc::subsample_chroma(const ConstRowRef& first, const ConstRowRef& second, int width,
                           uint8_t* uv_out) {
  const int done = HWY_DYNAMIC_DISPATCH(SubsampleChroma)(first.plane, second.plane, width, uv_out);
  subsample_chroma_scalar(first, second, width, uv_out, done / 2);
}

void Csc::subsample_chroma_scalar(const ConstRowRef& first, const ConstRowRef& second, int width,
                                  uint8_t* uv_out, int first_pair) {
  for (int cx = first_pair; cx < chroma_width(width); ++cx) {
    const int x0 = 2 * cx;
    const int x1 = x0 + 1 < width ? x0 + 1 : x0;
    for (int c = 1; c <= 2; ++c) {
      const int sum =
          first.plane[c][x0] + first.plane[c][x1] + second.plane[c][x0] + second.plane[c][x1];
      uv_out[2 * cx + (c - 1)] = static_cast<uint8_t>((sum + 2) >> 2);
    }
  }
}

}  // namespace ispsim::blocks
#endif  // HWY_ONCE
