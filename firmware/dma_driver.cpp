#include "firmware/dma_driver.hpp"

#include <cstdio>

#include "model/regmap/regmap.hpp"

namespace ispsim::fw {
namespace dma = regs::dma;

Nv12Layout nv12_layout(uint32_t base, int width, int height, uint32_t stride_bytes) {
  Nv12Layout layout;
  layout.width = width;
  layout.height = height;
  // 0: tightly packed, the CbCr line (2 x ceil(width/2) bytes) setting the pitch, as dma.STRIDE 0.
  layout.stride_bytes =
      stride_bytes == 0 ? static_cast<uint32_t>(layout.chroma_row_bytes()) : stride_bytes;
  char text[160];
  if (width < 1 || height < 1 ||
      layout.stride_bytes < static_cast<uint32_t>(layout.chroma_row_bytes()) ||
      layout.stride_bytes > dma::STRIDE_BYTES.mask()) {
    std::snprintf(text, sizeof text, "dma.STRIDE %u bytes does not fit a %dx%d NV12 frame",
                  static_cast<unsigned>(layout.stride_bytes), width, height);
    throw FirmwareError(text);
  }
  layout.y_base = base;
  const uint64_t end = uint64_t{base} + layout.y_plane_bytes() + layout.uv_plane_bytes();
  if (end > 0x100000000ull) {
    std::snprintf(text, sizeof text, "NV12 frame at 0x%08X (%llu bytes) runs past 4 GiB",
                  static_cast<unsigned>(base), static_cast<unsigned long long>(end - base));
    throw FirmwareError(text);
  }
  layout.uv_base = static_cast<uint32_t>(base + layout.y_plane_bytes());
  return layout;
}

DmaDriver::DmaDriver(Hal& hal) : hal_(hal) {}

void DmaDriver::configure(const Nv12Layout& layout) {
  hal_.write32(dma::Y_BASE, dma::Y_BASE_ADDRESS(layout.y_base));
  hal_.write32(dma::UV_BASE, dma::UV_BASE_ADDRESS(layout.uv_base));
  hal_.write32(dma::STRIDE, dma::STRIDE_BYTES(layout.stride_bytes));
}

void DmaDriver::enable(bool on) {
  hal_.write32(dma::CTRL, dma::CTRL_ENABLE(on ? 1 : 0));
}

DmaStatus DmaDriver::status() {
  const uint32_t value = hal_.read32(dma::STATUS);
  DmaStatus status;
  status.busy = dma::STATUS_BUSY.get(value) != 0;
  status.bus_error = dma::STATUS_BUS_ERR.get(value) != 0;
  status.config_error = dma::STATUS_CONFIG_ERR.get(value) != 0;
  if (status.bus_error) status.error_address = hal_.read32(dma::ERR_ADDR);
  status.frame_bytes = dma::FRAME_BYTES_BYTES.get(hal_.read32(dma::FRAME_BYTES));
  return status;
}

void DmaDriver::clear_errors() {
  hal_.write32(dma::STATUS, dma::STATUS_BUS_ERR(1) | dma::STATUS_CONFIG_ERR(1));
}

}  // namespace ispsim::fw
