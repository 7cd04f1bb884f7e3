#include "model/blocks/white_balance/white_balance.hpp"

#include "model/blocks/cfa_scale.hpp"

namespace ispsim::blocks {
namespace {

CfaScale scale_of(const WhiteBalance::Params& p) {
  return {{0, 0, 0, 0}, p.gain};
}

}  // namespace

WhiteBalance::Params WhiteBalance::decode(const RegisterReader& read, const FrameSettings&) {
  namespace isp = regs::isp;
  Params p;
  p.bypass = decode_bypass(read, kDescriptor);
  for (unsigned i = 0; i < isp::WB_GAIN_COUNT; ++i)
    p.gain[i] = static_cast<uint16_t>(isp::WB_GAIN_GAIN.code(read(isp::WB_GAIN + 4 * i)));
  return p;
}

uint16_t WhiteBalance::sample(uint16_t in, uint16_t gain) {
  return cfa_scale_sample(in, 0, gain);
}

void WhiteBalance::process_row_scalar(const Params& p, const RowWindow& in, const RowRef& out,
                                      const RowContext& row) {
  if (p.bypass) return copy_planes(in.centre(), out, 1, row.width);
  cfa_scale_row_scalar(scale_of(p), in.centre().plane[0], out.plane[0], row.width, row.y,
                       row.cfa_phase);
}

void WhiteBalance::process_row(const Params& p, const RowWindow& in, const RowRef& out,
                               const RowContext& row) {
  if (p.bypass) return copy_planes(in.centre(), out, 1, row.width);
  cfa_scale_row(scale_of(p), in.centre().plane[0], out.plane[0], row.width, row.y, row.cfa_phase);
}

}  // namespace ispsim::blocks
