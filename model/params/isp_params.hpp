#pragma once
// The parameters each ISP kernel takes, decoded from the active register values in one place.
// Both schedules (reference pipeline and SystemC blocks) use this decoder.
#include <cstdint>
#include <functional>

#include "model/kernels/demosaic.hpp"
#include "model/kernels/raw_gain_kernels.hpp"
#include "model/kernels/rgb_kernels.hpp"
#include "model/kernels/yuv_kernels.hpp"

namespace ispsim {

struct IspParams {
  bool enable = false;
  int cfa_phase = 0;
  int frame_width = 0;  // FRAME_SIZE as programmed
  int frame_height = 0;
  BlackLevelParams black_level;
  WhiteBalanceParams white_balance;
  DemosaicParams demosaic;
  ColorMatrixParams color_matrix;
  GammaParams gamma;
  CscParams csc;
};

// Reads the active (committed) value of the register at `address`.
using ActiveRegisterReader = std::function<uint32_t(uint32_t address)>;

IspParams decode_isp_params(const ActiveRegisterReader& read_active);

}  // namespace ispsim
