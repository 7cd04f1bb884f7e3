#include "firmware/read_dma_driver.hpp"

#include <cstdio>

#include "model/regmap/regmap.hpp"

namespace ispsim::fw {
namespace rdma = regs::rdma;

RawLayout raw_layout(uint32_t base, int width, int height) {
  RawLayout layout;
  layout.base = base;
  layout.width = width;
  layout.height = height;
  layout.stride_bytes = 2u * static_cast<uint32_t>(width > 0 ? width : 0);
  char text[160];
  if (width < 1 || height < 1 || !rdma::FRAME_SIZE_WIDTH.holds(width) ||
      !rdma::FRAME_SIZE_HEIGHT.holds(height) || !rdma::STRIDE_BYTES.holds(layout.stride_bytes)) {
    std::snprintf(text, sizeof text,
                  "a %dx%d raw frame does not fit the read DMA's rdma.FRAME_SIZE", width, height);
    throw FirmwareError(text);
  }
  if (uint64_t{base} + layout.bytes() > 0x100000000ull) {
    std::snprintf(text, sizeof text, "raw frame at 0x%08X (%llu bytes) runs past 4 GiB",
                  static_cast<unsigned>(base), static_cast<unsigned long long>(layout.bytes()));
    throw FirmwareError(text);
  }
  return layout;
}

void ReadDmaDriver::start(const RawLayout& layout) {
  hal_.write32(rdma::BASE, rdma::BASE_ADDRESS(layout.base));
  hal_.write32(rdma::STRIDE, rdma::STRIDE_BYTES(layout.stride_bytes));
  hal_.write32(rdma::FRAME_SIZE, rdma::FRAME_SIZE_WIDTH(static_cast<uint32_t>(layout.width)) |
                                     rdma::FRAME_SIZE_HEIGHT(static_cast<uint32_t>(layout.height)));
  hal_.write32(rdma::CTRL, rdma::CTRL_START(1));
}

ReadDmaStatus ReadDmaDriver::status() {
  const uint32_t value = hal_.read32(rdma::STATUS);
  ReadDmaStatus status;
  status.busy = rdma::STATUS_BUSY.get(value) != 0;
  status.bus_error = rdma::STATUS_BUS_ERR.get(value) != 0;
  status.config_error = rdma::STATUS_CONFIG_ERR.get(value) != 0;
  status.frame_count = static_cast<uint16_t>(rdma::STATUS_FRAME_COUNT.get(value));
  if (status.bus_error) status.error_address = hal_.read32(rdma::ERR_ADDR);
  return status;
}

void ReadDmaDriver::clear_errors() {
  hal_.write32(rdma::STATUS, rdma::STATUS_BUS_ERR(1) | rdma::STATUS_CONFIG_ERR(1));
}

}  // namespace ispsim::fw
