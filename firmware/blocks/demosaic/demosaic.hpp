#pragma once
// Firmware side of the demosaic block: it has nothing to tune but its bypass.
#include "firmware/blocks/register_writes.hpp"

namespace ispsim::fw::blocks {

struct Demosaic {
  struct Tuning {
    bool bypass = false;
  };
  static void encode(const Tuning& tuning, RegisterWrites& writes);
};

}  // namespace ispsim::fw::blocks
