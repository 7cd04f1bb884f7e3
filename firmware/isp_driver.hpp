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

 private:
  Hal& hal_;
  int cfa_phase_ = 0;
};

}  // namespace ispsim::fw
