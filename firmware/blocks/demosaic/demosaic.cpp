#include "firmware/blocks/demosaic/demosaic.hpp"

#include "model/regmap/regmap.hpp"

namespace ispsim::fw::blocks {

void Demosaic::encode(const Tuning& tuning, RegisterWrites& writes) {
  writes.push_back({regs::isp::DMS_CTRL, regs::isp::DMS_CTRL_BYPASS(tuning.bypass) |
                                             regs::isp::DMS_CTRL_METHOD(tuning.edge_directed)});
}

}  // namespace ispsim::fw::blocks
