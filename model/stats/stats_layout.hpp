#pragma once
// The statistics buffer the ISP's statistics DMA writes at frame end, as the firmware reads it:
// little-endian 32-bit words. Shared by the model (which writes it) and the firmware (which
// parses it), like the register map: data, not code. docs/STATISTICS.md describes each field.
#include <cstdint>

namespace ispsim::stats {

constexpr int kZonesAcross = 32, kZonesDown = 24;
constexpr int kZones = kZonesAcross * kZonesDown;
constexpr int kHistogramBins = 256;      // of quad luma, 16 codes of the 12-bit range each
constexpr uint32_t kMagic = 0x54415453;  // "STAT"

// Word offsets.
constexpr int kWordMagic = 0;
constexpr int kWordWidth = 1;   // frame width in pixels
constexpr int kWordHeight = 2;  // frame height in pixels
constexpr int kWordQuads = 3;   // 2x2 quads gathered: (width / 2) x (height / 2)
constexpr int kWordHistogram = 4;
constexpr int kWordZones = kWordHistogram + kHistogramBins;
// Each zone, row-major from the top-left: these words in this order.
enum ZoneWord : int {
  kZoneRedSum = 0,  // white balance: sums over the quads that count (STATS_LIMITS)
  kZoneGreenSum,    //   green of a quad: (Gr + Gb + 1) >> 1
  kZoneBlueSum,     //
  kZoneWhiteCount,  //   the quads that count
  kZoneLumaSum,     // exposure: sum of quad luma (R + 2G + B + 2) >> 2 over every quad
  kZoneQuads,       //   every quad of the zone
  kZoneFocusSum,    // focus: sum of |G - G of the quad to the left| within the zone's rows
  kZoneWords
};
constexpr int kWords = kWordZones + kZones * kZoneWords;
constexpr uint32_t kBytes = 4u * kWords;

}  // namespace ispsim::stats
