#include "model/blocks/black_level/black_level.hpp"

#include "model/blocks/cfa_scale.hpp"

namespace ispsim::blocks {
namespace {

CfaScale scale_of(const BlackLevel::Params& p) {
  return {p.level, {p.norm_gain, p.norm_gain, p.norm_gain, p.norm_gain}};
}

}  // namespace

BlackLevel::Params BlackLevel::decode(const RegisterReader& read, const FrameSettings&) {
  namespace isp = regs::isp;
  Params p;
  p.bypass = decode_bypass(read, kDescriptor);
  for (unsigned i = 0; i < isp::BLC_LEVEL_COUNT; ++i)
    p.level[i] = static_cast<uint16_t>(isp::BLC_LEVEL_LEVEL.code(read(isp::BLC_LEVEL + 4 * i)));
  p.norm_gain = static_cast<uint16_t>(isp::BLC_NORM_GAIN_GAIN.code(read(isp::BLC_NORM_GAIN)));
  return p;
}

uint16_t BlackLevel::sample(uint16_t in, uint16_t level, uint16_t norm_gain) {
  return cfa_scale_sample(in, level, norm_gain);
}

void BlackLevel::process_row_scalar(const Params& p, const RowWindow& in, const RowRef& out,
                                    const RowContext& row) {
  if (p.bypass) return copy_planes(in.centre(), out, 1, row.width);
  cfa_scale_row_scalar(scale_of(p), in.centre().plane[0], out.plane[0], row.width, row.y,
                       row.cfa_phase);
}

void BlackLevel::process_row(const Params& p, const RowWindow& in, const RowRef& out,
                             const RowContext& row) {
  if (p.bypass) return copy_planes(in.centre(), out, 1, row.width);
  cfa_scale_row(scale_of(p), in.centre().plane[0], out.plane[0], row.width, row.y, row.cfa_phase);
}

}  // namespace ispsim::blocks
