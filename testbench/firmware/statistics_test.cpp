// The firmware's reading of a statistics buffer, built here word by word from the layout.
#include "firmware/statistics.hpp"

#include <gtest/gtest.h>

#include "firmware/hal.hpp"

namespace ispsim::fw {
namespace {

void put(std::vector<uint8_t>& bytes, int word, uint32_t value) {
  for (int k = 0; k < 4; ++k)
    bytes[size_t(4 * word + k)] = uint8_t(value >> (8 * k));  // little-endian
}

TEST(StatisticsParse, ReadsEveryFieldWhereTheLayoutPutsIt) {
  std::vector<uint8_t> bytes(stats::kBytes, 0);
  put(bytes, 0, 0x54415453);
  put(bytes, 1, 640);
  put(bytes, 2, 480);
  put(bytes, 3, 320 * 240);
  put(bytes, 4 + 17, 1234);  // histogram bin 17
  const int zone = 5 * 32 + 7;
  const int at = 4 + 256 + zone * 7;
  const uint32_t values[7] = {11, 22, 33, 44, 55, 66, 77};
  for (int k = 0; k < 7; ++k)
    put(bytes, at + k, values[k]);
  const IspStatistics s = parse_statistics(bytes);
  EXPECT_EQ(s.width, 640);
  EXPECT_EQ(s.height, 480);
  EXPECT_EQ(s.quads, 76800u);
  EXPECT_EQ(s.histogram[17], 1234u);
  EXPECT_EQ(s.histogram[16], 0u);
  ASSERT_EQ(s.zones.size(), 768u);
  const IspStatistics::Zone& z = s.zones[size_t(zone)];
  EXPECT_EQ(z.red_sum, 11u);
  EXPECT_EQ(z.green_sum, 22u);
  EXPECT_EQ(z.blue_sum, 33u);
  EXPECT_EQ(z.white_quads, 44u);
  EXPECT_EQ(z.luma_sum, 55u);
  EXPECT_EQ(z.quads, 66u);
  EXPECT_EQ(z.focus_sum, 77u);
  EXPECT_EQ(s.zones[size_t(zone) + 1].red_sum, 0u);
}

TEST(StatisticsParse, RefusesWhatIsNotABuffer) {
  EXPECT_THROW(parse_statistics(std::vector<uint8_t>(100)), FirmwareError);
  EXPECT_THROW(parse_statistics(std::vector<uint8_t>(stats::kBytes, 0)), FirmwareError);  // magic
}

}  // namespace
}  // namespace ispsim::fw
