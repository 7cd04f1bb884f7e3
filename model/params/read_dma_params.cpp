#include "model/params/read_dma_params.hpp"

#include "model/regmap/regmap.hpp"

namespace ispsim {

ReadDmaParams decode_read_dma_params(const blocks::RegisterReader& read_active) {
  namespace rdma = regs::rdma;
  ReadDmaParams p;
  p.base = rdma::BASE_ADDRESS.get(read_active(rdma::BASE));
  p.stride = rdma::STRIDE_BYTES.get(read_active(rdma::STRIDE));
  p.width = static_cast<int>(rdma::FRAME_SIZE_WIDTH.get(read_active(rdma::FRAME_SIZE)));
  p.height = static_cast<int>(rdma::FRAME_SIZE_HEIGHT.get(read_active(rdma::FRAME_SIZE)));
  return p;
}

}  // namespace ispsim
