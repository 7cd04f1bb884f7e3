#include "model/params/dma_params.hpp"

#include "model/regmap/regmap.hpp"

namespace ispsim {

uint32_t DmaParams::effective_stride(int width) const {
  const uint32_t line_bytes = static_cast<uint32_t>(2 * blocks::Csc::chroma_width(width));
  if (stride == 0) return line_bytes;
  return stride >= line_bytes ? stride : 0;
}

DmaParams decode_dma_params(const blocks::RegisterReader& read_active) {
  namespace dma = regs::dma;
  DmaParams p;
  p.enable = dma::CTRL_ENABLE.get(read_active(dma::CTRL)) != 0;
  p.luma_base = dma::Y_BASE_ADDRESS.get(read_active(dma::Y_BASE));
  p.chroma_base = dma::UV_BASE_ADDRESS.get(read_active(dma::UV_BASE));
  p.stride = dma::STRIDE_BYTES.get(read_active(dma::STRIDE));
  return p;
}

}  // namespace ispsim
