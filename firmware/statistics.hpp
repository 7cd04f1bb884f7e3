#pragma once
// The ISP's 3A statistics as the firmware reads them back from memory (the buffer's layout is
// model/stats/stats_layout.hpp, shared like the register map): what auto exposure, auto white
// balance and auto focus will run on.
#include <array>
#include <cstdint>
#include <vector>

#include "model/stats/stats_layout.hpp"

namespace ispsim::fw {

struct IspStatistics {
  int width = 0, height = 0;  // of the frame gathered
  uint32_t quads = 0;         // 2x2 quads gathered
  // Quad luma (R + 2G + B) / 4 of the raw frame after black level, lens shading and green
  // balance, in bins of 16 of the 12-bit range.
  std::array<uint32_t, stats::kHistogramBins> histogram{};
  struct Zone {
    uint32_t red_sum = 0, green_sum = 0, blue_sum = 0;  // over the quads that count for AWB
    uint32_t white_quads = 0;                           // those quads
    uint32_t luma_sum = 0, quads = 0;                   // over every quad of the zone
    uint32_t focus_sum = 0;  // sum of |G - G of the quad to the left| within the zone
  };
  std::vector<Zone> zones;  // kZonesAcross x kZonesDown, row-major
};

// Throws FirmwareError when `bytes` is not a statistics buffer (size or magic word).
IspStatistics parse_statistics(const std::vector<uint8_t>& bytes);

}  // namespace ispsim::fw
