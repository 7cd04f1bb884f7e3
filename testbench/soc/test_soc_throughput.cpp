// What bounds the frame rate and where the ISP stalls, on the SoC: a slow ISP clock makes the ISP
// the bound, low DRAM bandwidth makes memory the bound and back-pressures the ISP's last block.
// Expected verdicts come from the throughput formulas written out here.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "apps/system/simulation.hpp"

namespace ispsim {
namespace {

constexpr int kWidth = 96, kHeight = 64;

platform::SimulationOptions small_frame() {
  platform::SimulationOptions o;
  o.backend = platform::Backend::kSoc;
  o.seed = 42;
  o.capture.width = kWidth;
  o.capture.height = kHeight;
  o.capture.exposure_s = 20e-6;  // short: the frame stays at its readout plus 32 blanking lines
  // Room for the whole frame in front of the ISP, so a slow ISP or DRAM delays the frame
  // instead of overflowing the receiver.
  o.soc.rx_fifo_lines = kHeight;
  return o;
}

// The three limits, each as the time one frame needs (seconds):
// the sensor reads frame_length_lines lines of line_length_pck pixel clocks (1000 pck per line
// and 64 + 32 lines for a 96x64 derived mode at 480 MHz); the ISP takes
// ceil(width / pixels_per_clock) + line_overhead clocks per line; DRAM moves the NV12 bytes.
struct Limits {
  double sensor_s, isp_s, memory_s;
};

Limits hand_limits(const hw::SocConfig& soc) {
  const double sensor_line_s = (kWidth + 904) / 480e6;
  const double isp_line_clocks =
      std::ceil(static_cast<double>(kWidth) / soc.pixels_per_clock) + soc.line_overhead_cycles;
  const double nv12_bytes = kWidth * kHeight * 1.5;
  return {(kHeight + 32) * sensor_line_s, kHeight * isp_line_clocks / soc.isp_clock_hz,
          nv12_bytes / soc.memory_bandwidth_bytes_per_s};
}

const hw::BlockStats& block(const platform::SimulationResult& result, const std::string& name) {
  const auto it = std::find_if(result.blocks.begin(), result.blocks.end(),
                               [&](const hw::BlockStats& b) { return b.name == name; });
  if (it == result.blocks.end()) throw std::runtime_error("no ISP block named " + name);
  return *it;
}

TEST(SocThroughput, IspClockBelowTheSensorLineRateIsBoundByIsp) {
  auto o = small_frame();
  o.soc.isp_clock_hz = 20e6;  // 112 clocks a line: 5.6 us against the sensor's 2.08 us
  o.soc.pixels_per_clock = 1;
  const Limits hand = hand_limits(o.soc);
  ASSERT_GT(hand.isp_s, 1.5 * hand.sensor_s);  // 358 us against 200 us
  ASSERT_GT(hand.isp_s, 1.5 * hand.memory_s);
  const auto result = platform::simulate(*sensor::make_scene("flat"), o);
  ASSERT_TRUE(result.capture.ok) << result.capture.error;
  EXPECT_NEAR(result.timing.sensor_frame_s, hand.sensor_s, 1e-9);
  EXPECT_NEAR(result.timing.isp_frame_s, hand.isp_s, 1e-9);
  EXPECT_EQ(result.timing.bound_by, "isp");
  // DRAM keeps up: nothing downstream of the ISP holds a line back.
  for (const auto& b : result.blocks)
    EXPECT_EQ(b.stall_cycles, 0u) << b.name;
}

TEST(SocThroughput, LowMemoryBandwidthIsBoundByMemory) {
  auto o = small_frame();
  o.soc.memory_bandwidth_bytes_per_s = 20e6;  // 9216 NV12 bytes: 461 us
  const Limits hand = hand_limits(o.soc);
  ASSERT_GT(hand.memory_s, 1.5 * hand.sensor_s);
  ASSERT_GT(hand.memory_s, 1.5 * hand.isp_s);
  const auto result = platform::simulate(*sensor::make_scene("flat"), o);
  ASSERT_TRUE(result.capture.ok) << result.capture.error;
  EXPECT_NEAR(result.timing.memory_frame_s, hand.memory_s, 1e-9);
  EXPECT_EQ(result.timing.bound_by, "memory");
  // The frame cannot finish before DRAM has moved every byte.
  EXPECT_GE(result.timing.frame_done_s - result.timing.frame_start_s, hand.memory_s);
}

TEST(SocStalls, LowMemoryBandwidthStallsTheLastIspBlock) {
  auto o = small_frame();
  o.soc.memory_bandwidth_bytes_per_s = 20e6;
  const auto result = platform::simulate(*sensor::make_scene("flat"), o);
  ASSERT_TRUE(result.capture.ok) << result.capture.error;
  // The DMA accepts a line only while it has fewer than dma_max_outstanding writes in flight:
  // the colour-space converter, which hands lines to it, waits.
  const auto& csc = block(result, "csc");
  EXPECT_GT(csc.stall_cycles, 0u);
  // It cannot wait longer than the frame took.
  EXPECT_LT(csc.stall_cycles, result.timing.frame_cycles);
}

TEST(SocStalls, DefaultMemoryNeverStallsTheIsp) {
  const auto result = platform::simulate(*sensor::make_scene("flat"), small_frame());
  ASSERT_TRUE(result.capture.ok) << result.capture.error;
  ASSERT_FALSE(result.blocks.empty());
  for (const auto& b : result.blocks)
    EXPECT_EQ(b.stall_cycles, 0u) << b.name;
  EXPECT_EQ(block(result, "csc").stall_cycles, 0u);
}

}  // namespace
}  // namespace ispsim
