// Back-pressure on the ISP's output, counted where it happens: a sink that takes every luma line
// a fixed number of clocks after the ISP offers it stalls the last block by exactly that much per
// line. One test case per process (SystemC elaborates once).
#include <gtest/gtest.h>
#include <tlm_utils/simple_initiator_socket.h>

#include <algorithm>

#include "model/hw/isp_pipeline.hpp"
#include "testbench/soc/isp_harness.hpp"
#include "testbench/test_frames.hpp"

namespace ispsim {
namespace {

namespace isp = regs::isp;

// Takes a luma line `luma_delay_cycles` after it is offered, anything else at once.
class SlowLumaSink : public sc_core::sc_module, public hw::StreamSink {
 public:
  SlowLumaSink(sc_core::sc_module_name name, double clock_hz, uint64_t delay_cycles)
      : sc_core::sc_module(name), delay_(hw::ClockDomain(clock_hz).time(delay_cycles)) {}
  sc_core::sc_time put(hw::StreamBeat& beat, const sc_core::sc_time& arrival) override {
    if (beat.kind != hw::BeatKind::kLine || beat.chroma) return arrival;
    ++luma_lines;
    return arrival + delay_;
  }
  int luma_lines = 0;

 private:
  sc_core::sc_time delay_;
};

// The ISP enabled for the frame's size, its output into a SlowLumaSink.
class BackPressureBench : public test::IspBench<SlowLumaSink> {
 public:
  BackPressureBench(sc_core::sc_module_name name, const hw::SocConfig& config,
                    uint64_t delay_cycles)
      : IspBench(name, config, config.isp_clock_hz, delay_cycles) {}
  void run(const Image16& raw) {
    write(isp::CTRL, isp::CTRL_ENABLE(1));
    write(isp::FRAME_SIZE,
          isp::FRAME_SIZE_WIDTH(raw.width()) | isp::FRAME_SIZE_HEIGHT(raw.height()));
    run_frame(raw);
  }
};

const hw::BlockStats& block(const std::vector<hw::BlockStats>& blocks, const std::string& name) {
  const auto it = std::find_if(blocks.begin(), blocks.end(),
                               [&](const hw::BlockStats& b) { return b.name == name; });
  if (it == blocks.end()) throw std::runtime_error("no ISP block named " + name);
  return *it;
}

// 96-pixel lines at 2 pixels per clock take 48 + 16 clocks in each block. A delay of 10 clocks,
// shorter than that, holds only the colour-space converter (the block that hands lines out),
// and by 10 clocks for each of its 64 luma lines, including the two the demosaic flushes at the
// frame end; its busy time still ends before the next line arrives, so nothing upstream waits.
TEST(IspBackPressure, SlowSinkStallsTheLastBlockByItsDelayPerLine) {
  constexpr uint64_t kDelayCycles = 10;
  constexpr int kWidth = 96, kHeight = 64;
  BackPressureBench bench("bench", hw::SocConfig{}, kDelayCycles);
  bench.run(test::random_raw(kWidth, kHeight, 11));
  ASSERT_EQ(bench.sink.luma_lines, kHeight);
  const auto blocks = bench.isp.block_stats();
  EXPECT_EQ(block(blocks, "csc").stall_cycles, kHeight * kDelayCycles);
  for (const char* name : {"black_level", "white_balance", "demosaic", "color_matrix", "gamma"})
    EXPECT_EQ(block(blocks, name).stall_cycles, 0u) << name;
}

TEST(IspBackPressure, SinkThatTakesLinesAtOnceStallsNoBlock) {
  BackPressureBench bench("bench", hw::SocConfig{}, 0);
  bench.run(test::random_raw(96, 64, 11));
  ASSERT_EQ(bench.sink.luma_lines, 64);
  for (const auto& b : bench.isp.block_stats())
    EXPECT_EQ(b.stall_cycles, 0u) << b.name;
}

}  // namespace
}  // namespace ispsim
