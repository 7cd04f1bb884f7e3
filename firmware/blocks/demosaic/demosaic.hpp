#pragma once
// Firmware side of the demosaic block: its bypass and its method.
#include "firmware/blocks/register_writes.hpp"

namespace ispsim::fw::blocks {

struct Demosaic {
  struct Tuning {
    bool bypass = false;
    // Edge-directed (gradient-weighted) by default; false selects Malvar-He-Cutler, the linear
    // filter kept for comparison (it draws zippers along sharp edges).
    bool edge_directed = true;
  };
  static void encode(const Tuning& tuning, RegisterWrites& writes);
};

}  // namespace ispsim::fw::blocks
