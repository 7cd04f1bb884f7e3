#include "model/stats/isp_stats.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "model/common/error.hpp"
#include "model/kernels/cfa.hpp"
#include "model/regmap/regmap.hpp"

namespace ispsim::stats {

StatsParams decode_stats_params(const blocks::RegisterReader& read_active) {
  namespace isp = regs::isp;
  StatsParams p;
  p.enable = isp::STATS_CTRL_ENABLE.get(read_active(isp::STATS_CTRL)) != 0;
  const uint32_t limits = read_active(isp::STATS_LIMITS);
  p.dark = static_cast<uint16_t>(isp::STATS_LIMITS_DARK.get(limits));
  p.saturated = static_cast<uint16_t>(isp::STATS_LIMITS_SATURATED.get(limits));
  p.base = isp::STATS_BASE_ADDRESS.get(read_active(isp::STATS_BASE));
  return p;
}

void Accumulator::begin(int width, int height, int cfa_phase, const StatsParams& params) {
  width_ = width;
  height_ = height;
  cfa_phase_ = cfa_phase;
  params_ = params;
  upper_.assign(static_cast<size_t>(width), 0);
  upper_y_ = -1;
  histogram_.fill(0);
  zones_.assign(static_cast<size_t>(kZones) * kZoneWords, 0);
  const int quads_across = width / 2;
  zone_of_quad_column_.resize(static_cast<size_t>(quads_across));
  for (int q = 0; q < quads_across; ++q)
    zone_of_quad_column_[static_cast<size_t>(q)] = q * kZonesAcross / quads_across;
}

void Accumulator::add_row(int y, const uint16_t* row) {
  if ((y & 1) == 0) {
    std::memcpy(upper_.data(), row, sizeof(uint16_t) * static_cast<size_t>(width_));
    upper_y_ = y;
    return;
  }
  if (upper_y_ != y - 1)
    throw ModelError("statistics: row " + std::to_string(y) + " arrived without row " +
                     std::to_string(y - 1));
  const int quads_down = height_ / 2, qy = y / 2;
  const int zone_row = qy * kZonesDown / quads_down;
  // Colours of the quad's four samples: which of them is R, Gr, Gb, B.
  const uint16_t* rows[2] = {upper_.data(), row};
  int where[4][2]{};  // colour -> (row, column) within the quad
  for (int dy = 0; dy < 2; ++dy)
    for (int dx = 0; dx < 2; ++dx) {
      const CfaColour c = cfa_colour(cfa_phase_, dx, y - 1 + dy);
      where[c][0] = dy;
      where[c][1] = dx;
    }
  int previous_green = -1, previous_zone = -1;
  for (int qx = 0; qx < width_ / 2; ++qx) {
    auto sample = [&](CfaColour c) {
      return static_cast<int>(rows[where[c][0]][2 * qx + where[c][1]]);
    };
    const int r = sample(kCfaR), gr = sample(kCfaGr), gb = sample(kCfaGb), b = sample(kCfaB);
    const int g = (gr + gb + 1) >> 1;
    const int luma = (r + 2 * g + b + 2) >> 2;
    ++histogram_[static_cast<size_t>(std::min(luma >> 4, kHistogramBins - 1))];
    const int zone = zone_row * kZonesAcross + zone_of_quad_column_[static_cast<size_t>(qx)];
    uint32_t* z = &zones_[static_cast<size_t>(zone) * kZoneWords];
    if (g > params_.dark && std::max({r, gr, gb, b}) < params_.saturated) {
      z[kZoneRedSum] += static_cast<uint32_t>(r);
      z[kZoneGreenSum] += static_cast<uint32_t>(g);
      z[kZoneBlueSum] += static_cast<uint32_t>(b);
      ++z[kZoneWhiteCount];
    }
    z[kZoneLumaSum] += static_cast<uint32_t>(luma);
    ++z[kZoneQuads];
    if (previous_zone == zone)
      z[kZoneFocusSum] += static_cast<uint32_t>(std::abs(g - previous_green));
    previous_green = g;
    previous_zone = zone;
  }
  upper_y_ = -1;
}

void Accumulator::merge(const Accumulator& other) {
  for (int i = 0; i < kHistogramBins; ++i)
    histogram_[static_cast<size_t>(i)] += other.histogram_[static_cast<size_t>(i)];
  for (size_t i = 0; i < zones_.size() && i < other.zones_.size(); ++i)
    zones_[i] += other.zones_[i];
}

std::vector<uint8_t> Accumulator::memory_image() const {
  std::vector<uint32_t> words(static_cast<size_t>(kWords), 0);
  words[kWordMagic] = kMagic;
  words[kWordWidth] = static_cast<uint32_t>(width_);
  words[kWordHeight] = static_cast<uint32_t>(height_);
  words[kWordQuads] = static_cast<uint32_t>(width_ / 2) * static_cast<uint32_t>(height_ / 2);
  std::copy(histogram_.begin(), histogram_.end(), words.begin() + kWordHistogram);
  std::copy(zones_.begin(), zones_.end(), words.begin() + kWordZones);
  std::vector<uint8_t> bytes(kBytes);
  for (size_t i = 0; i < words.size(); ++i)
    for (int k = 0; k < 4; ++k)
      bytes[4 * i + static_cast<size_t>(k)] = static_cast<uint8_t>(words[i] >> (8 * k));
  return bytes;
}

}  // namespace ispsim::stats
