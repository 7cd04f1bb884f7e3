#pragma once
// The ISP's 3A statistics unit: it watches the raw frame leaving the green balance block (after
// black level, lens shading and Gr/Gb balance, before white balance) in 2x2 quads and gathers an
// exposure histogram, per-zone white-balance sums and exposure and focus figures; at frame end a
// DMA channel writes them to memory (stats_layout.hpp). Integer sums only, so the result does
// not depend on the order rows arrive in: bands of rows may be gathered apart and merged.
#include <array>
#include <cstdint>
#include <vector>

#include "model/blocks/block.hpp"
#include "model/stats/stats_layout.hpp"

namespace ispsim::stats {

// The block whose output the statistics see.
constexpr const char* kTapBlock = "green_balance";

struct StatsParams {
  bool enable = false;
  uint16_t dark = 64;  // 12-bit codes
  uint16_t saturated = 4000;
  uint32_t base = 0;  // where the DMA writes
};
StatsParams decode_stats_params(const blocks::RegisterReader& read_active);

class Accumulator {
 public:
  // Clears the sums for a width x height frame of CFA phase `cfa_phase`.
  void begin(int width, int height, int cfa_phase, const StatsParams& params);
  // Row y of the frame (width samples). Rows arrive in increasing order, each odd row right
  // after its even partner (bands of rows start on even rows); a frame's last row, if its height
  // is odd, has no quads.
  void add_row(int y, const uint16_t* row);
  // Adds another accumulator's sums (same frame, other rows).
  void merge(const Accumulator& other);
  // The buffer the DMA writes.
  std::vector<uint8_t> memory_image() const;

  const std::array<uint32_t, kHistogramBins>& histogram() const { return histogram_; }
  const std::vector<uint32_t>& zones() const { return zones_; }  // kZones x kZoneWords

 private:
  int width_ = 0, height_ = 0, cfa_phase_ = 0;
  StatsParams params_;
  std::vector<uint16_t> upper_;  // the even row of the pair in progress
  int upper_y_ = -1;
  std::vector<int> zone_of_quad_column_;
  std::array<uint32_t, kHistogramBins> histogram_{};
  std::vector<uint32_t> zones_;
};

}  // namespace ispsim::stats
