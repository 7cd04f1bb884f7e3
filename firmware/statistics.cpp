#include "firmware/statistics.hpp"

#include <string>

#include "firmware/hal.hpp"

namespace ispsim::fw {

IspStatistics parse_statistics(const std::vector<uint8_t>& bytes) {
  if (bytes.size() != stats::kBytes)
    throw FirmwareError("statistics buffer of " + std::to_string(bytes.size()) + " bytes, not " +
                        std::to_string(stats::kBytes));
  auto word = [&bytes](int index) {
    const size_t at = 4 * static_cast<size_t>(index);
    return static_cast<uint32_t>(bytes[at]) | static_cast<uint32_t>(bytes[at + 1]) << 8 |
           static_cast<uint32_t>(bytes[at + 2]) << 16 | static_cast<uint32_t>(bytes[at + 3]) << 24;
  };
  if (word(stats::kWordMagic) != stats::kMagic)
    throw FirmwareError("statistics buffer without its magic word (the DMA did not write it?)");
  IspStatistics s;
  s.width = static_cast<int>(word(stats::kWordWidth));
  s.height = static_cast<int>(word(stats::kWordHeight));
  s.quads = word(stats::kWordQuads);
  for (int i = 0; i < stats::kHistogramBins; ++i)
    s.histogram[static_cast<size_t>(i)] = word(stats::kWordHistogram + i);
  s.zones.resize(stats::kZones);
  for (int z = 0; z < stats::kZones; ++z) {
    const int at = stats::kWordZones + z * stats::kZoneWords;
    IspStatistics::Zone& zone = s.zones[static_cast<size_t>(z)];
    zone.red_sum = word(at + stats::kZoneRedSum);
    zone.green_sum = word(at + stats::kZoneGreenSum);
    zone.blue_sum = word(at + stats::kZoneBlueSum);
    zone.white_quads = word(at + stats::kZoneWhiteCount);
    zone.luma_sum = word(at + stats::kZoneLumaSum);
    zone.quads = word(at + stats::kZoneQuads);
    zone.focus_sum = word(at + stats::kZoneFocusSum);
  }
  return s;
}

}  // namespace ispsim::fw
