#pragma once
// The ISP's register programming. Everything but CTRL.ENABLE is shadowed: settings written
// while a frame runs take effect at the next frame start.
#include <cstdint>

#include "firmware/hal.hpp"
#include "firmware/tuning.hpp"

namespace ispsim::fw {

class IspDriver {
 public:
  explicit IspDriver(Hal& hal);

  // Programs frame size, CFA phase and every block from `tuning`, block by block in pipeline
  // order (pipeline left disabled).
  // Throws FirmwareError for a bad tuning or a width beyond isp.HW_CONFIG.MAX_WIDTH.
  void program(const IspTuning& tuning, int width, int height);
  void enable(bool on);
  // Reads and clears isp.STATUS.SIZE_ERR; true when it was set.
  bool take_size_error();
  // isp.STATUS.FRAME_COUNT: frames completed since reset, 16-bit wrapping.
  uint16_t frame_count();
  // The statistics unit: on or off, where its DMA writes, and which quads count for white
  // balance (12-bit codes above black). Throws FirmwareError for limits beyond 12 bits.
  void configure_statistics(bool enable, uint32_t base, int dark, int saturated);
  // isp.STATS_STATUS: a bus error (and where), and buffers written; clears BUS_ERR.
  struct StatisticsStatus {
    bool bus_error = false;
    uint32_t error_address = 0;
    uint16_t frames = 0;
  };
  StatisticsStatus take_statistics_status();

 private:
  Hal& hal_;
  int cfa_phase_ = 0;
};

}  // namespace ispsim::fw
