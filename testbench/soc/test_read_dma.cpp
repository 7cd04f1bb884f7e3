// The read DMA (memory-to-memory reprocessing): a raw the firmware placed in DRAM, streamed
// through the ISP, develops to the same bits on the SoC as on the reference platform and as the
// reference pipeline on the raw the test clamps itself; its timing follows the ISP or the DRAM,
// whichever is slower; and its faults come as hardware reports them. One case per process.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <ostream>
#include <string>

#include "apps/system/cpu_hal.hpp"
#include "apps/system/reference_platform.hpp"
#include "apps/system/simulation.hpp"
#include "firmware/dma_driver.hpp"
#include "firmware/isp_driver.hpp"
#include "firmware/read_dma_driver.hpp"
#include "model/hw/soc_top.hpp"
#include "model/reference/reference_pipeline.hpp"
#include "testbench/test_frames.hpp"

namespace ispsim {
namespace {

struct RawCase {
  int width, height, cfa_phase;
  bool structured;
};

void PrintTo(const RawCase& c, std::ostream* out) {
  *out << c.width << "x" << c.height << " phase " << c.cfa_phase;
}

platform::SimulationOptions raw_options(platform::Backend backend, int cfa_phase) {
  platform::SimulationOptions o;
  o.backend = backend;
  o.capture.tuning.cfa_phase = cfa_phase;
  o.capture.statistics = true;
  return o;
}

class ReadDmaDevelops : public ::testing::TestWithParam<RawCase> {};

TEST_P(ReadDmaDevelops, SocReferenceAndKernelsAgreeOnEveryBit) {
  const RawCase c = GetParam();
  // Some words above 4095: the DMA clamps them to the ISP's 12 bits.
  Image16 raw = c.structured ? test::structured_raw(c.width, c.height)
                             : test::random_raw(c.width, c.height, 7u + c.width, 4600);
  if (c.structured) raw.at(1, 1) = 4097, raw.at(2, 2) = 65535;
  const auto soc = platform::simulate_raw(raw, raw_options(platform::Backend::kSoc, c.cfa_phase));
  const auto ref =
      platform::simulate_raw(raw, raw_options(platform::Backend::kReference, c.cfa_phase));
  ASSERT_TRUE(soc.capture.ok) << soc.capture.error;
  ASSERT_TRUE(ref.capture.ok) << ref.capture.error;
  EXPECT_EQ(soc.isp_params.frame.cfa_phase, c.cfa_phase);
  ASSERT_EQ(soc.frame.width, c.width);
  EXPECT_TRUE(soc.frame.luma == ref.frame.luma);
  EXPECT_TRUE(soc.frame.chroma == ref.frame.chroma);
  ASSERT_TRUE(soc.capture.statistics && ref.capture.statistics);
  EXPECT_EQ(soc.capture.statistics->histogram, ref.capture.statistics->histogram);
  Image16 clamped = raw;
  for (auto& s : clamped.samples())
    s = std::min<uint16_t>(s, 4095);
  const Nv12Frame kernels = run_reference_pipeline(clamped, soc.isp_params);
  EXPECT_TRUE(soc.frame.luma == kernels.luma);
  EXPECT_TRUE(soc.frame.chroma == kernels.chroma);
}

INSTANTIATE_TEST_SUITE_P(SizesAndPhases, ReadDmaDevelops,
                         ::testing::Values(RawCase{96, 64, 0, false}, RawCase{97, 61, 1, false},
                                           RawCase{130, 47, 2, true}, RawCase{33, 20, 3, false},
                                           RawCase{300, 9, 0, true}),
                         [](const ::testing::TestParamInfo<RawCase>& info) {
                           const RawCase& c = info.param;
                           return std::to_string(c.width) + "x" + std::to_string(c.height) +
                                  "_phase" + std::to_string(c.cfa_phase) +
                                  (c.structured ? "_structured" : "_random");
                         });

// With DRAM fast enough the ISP sets the pace: one line per line time; with slow DRAM the raw's
// reads and the NV12 writes do.
TEST(ReadDmaTiming, IspLineRateWhenTheMemoryKeepsUp) {
  const int width = 512, height = 48;
  auto o = raw_options(platform::Backend::kSoc, 0);
  o.capture.statistics = false;
  const auto result = platform::simulate_raw(test::random_raw(width, height, 3), o);
  ASSERT_TRUE(result.capture.ok) << result.capture.error;
  ASSERT_TRUE(result.timing.measured);
  const double line_clocks = width / o.soc.pixels_per_clock + o.soc.line_overhead_cycles;
  const double cycles = static_cast<double>(result.timing.frame_cycles);
  EXPECT_GE(cycles, height * line_clocks);
  // Plus the fill (one line's reads) and the drain: the lines the windowed blocks hold flush
  // at one line time each, then the blocks' latencies and the DMA's writes.
  int held_lines = 0;
  for (const auto& block : blocks::pipeline_descriptors())
    held_lines += block.window_radius();
  EXPECT_LE(cycles, (height + held_lines + 2) * line_clocks);
}

TEST(ReadDmaTiming, MemoryBoundWhenTheDramIsSlow) {
  const int width = 512, height = 48;
  auto o = raw_options(platform::Backend::kSoc, 0);
  o.capture.statistics = false;
  o.soc.memory_bandwidth_bytes_per_s = 0.2e9;
  const auto result = platform::simulate_raw(test::random_raw(width, height, 3), o);
  ASSERT_TRUE(result.capture.ok) << result.capture.error;
  // 2 bytes of raw in and 1.5 bytes of NV12 out per pixel share the DRAM's bus.
  const double bus_s = 3.5 * width * height / o.soc.memory_bandwidth_bytes_per_s;
  const double frame_s = static_cast<double>(result.timing.frame_cycles) / o.soc.isp_clock_hz;
  EXPECT_GE(frame_s, bus_s);
  EXPECT_LE(frame_s, 1.2 * bus_s);
  EXPECT_EQ(result.timing.bound_by, "memory");
}

// Firmware written inline: program the ISP and the write DMA for a width x height frame, start
// the read DMA on `raw` (its base may be anywhere) and wait for an interrupt; what it saw.
struct Outcome {
  uint32_t irq_status = 0;
  uint32_t isp_status = 0;
  fw::ReadDmaStatus status;
};

// `wake_on`: the interrupts that end the wait.
Outcome start_read_dma(fw::Hal& hal, const fw::RawLayout& raw, int isp_width,
                       uint32_t wake_on = regs::irq_bit::kFrameDone | regs::irq_bit::kAllErrors) {
  fw::IspDriver isp(hal);
  isp.program(fw::default_tuning(), isp_width, 16);
  fw::DmaDriver dma(hal);
  dma.configure(fw::nv12_layout(0x80000000u, isp_width, 16, 0));
  dma.enable(true);
  isp.enable(true);
  hal.write32(regs::irq::ENABLE, wake_on);
  fw::ReadDmaDriver read_dma(hal);
  read_dma.start(raw);
  Outcome outcome;
  hal.wait_irq(100000.0);
  outcome.irq_status = hal.read32(regs::irq::STATUS);
  outcome.isp_status = hal.read32(regs::isp::STATUS);
  outcome.status = read_dma.status();
  return outcome;
}

Outcome on_soc(const std::function<Outcome(fw::Hal&)>& firmware) {
  hw::SocTop soc("soc", hw::SocConfig{});
  Outcome outcome;
  platform::run_firmware(soc, [&](fw::Hal& hal) { outcome = firmware(hal); });
  return outcome;
}

Outcome on_reference(const std::function<Outcome(fw::Hal&)>& firmware) {
  platform::ReferencePlatform platform(hw::SocConfig{}, nullptr, sensor::SensorProfile{}, 1);
  return firmware(platform);
}

// Lines of 200 words (400 bytes: a 256-byte burst and a 144-byte one) from 700 bytes before the
// end of DRAM: line 0 fits, line 1's first burst too, its second starts 44 bytes before the end.
// The frame stops there: the ISP gets its end early and flags the short frame, and the read DMA
// does not count it. (Whether the write DMA has closed the short frame by the time the firmware
// reads the status depends on the pipeline's latency against the CPU's quantum: not checked.)
TEST(ReadDmaFaults, ReadOutsideMemoryIsABusErrorNamingTheAddress) {
  const hw::SocConfig config;
  const uint64_t end = config.memory_base + config.memory_bytes;
  fw::RawLayout raw = fw::raw_layout(static_cast<uint32_t>(end - 700), 200, 16);
  const uint32_t expected = static_cast<uint32_t>(end - 44);
  const auto firmware = [&](fw::Hal& hal) {
    return start_read_dma(hal, raw, 200, regs::irq_bit::kSizeError);
  };
  for (const Outcome& o : {on_soc(firmware), on_reference(firmware)}) {
    EXPECT_NE(o.irq_status & regs::irq_bit::kDmaError, 0u);
    EXPECT_NE(o.irq_status & regs::irq_bit::kSizeError, 0u);
    EXPECT_TRUE(o.status.bus_error);
    EXPECT_FALSE(o.status.busy);
    EXPECT_EQ(o.status.error_address, expected);
    EXPECT_EQ(o.status.frame_count, 0u);
    EXPECT_EQ(regs::isp::STATUS_BUSY.get(o.isp_status), 0u);
  }
}

// A good frame counts in rdma.STATUS.FRAME_COUNT, on a pitched raw (STRIDE above the line).
TEST(ReadDmaFrames, APitchedRawIsReadWholeAndCounted) {
  fw::RawLayout raw = fw::raw_layout(0x80000000u + (1u << 20), 96, 16);
  raw.stride_bytes = 256;
  const auto firmware = [&](fw::Hal& hal) { return start_read_dma(hal, raw, 96); };
  for (const Outcome& o : {on_soc(firmware), on_reference(firmware)}) {
    EXPECT_EQ(o.irq_status & regs::irq_bit::kAllErrors, 0u);
    EXPECT_NE(o.irq_status & regs::irq_bit::kFrameDone, 0u);
    EXPECT_EQ(o.status.frame_count, 1u);
    EXPECT_FALSE(o.status.busy);
  }
}

TEST(ReadDmaFaults, ALineWiderThanTheIspIsAConfigurationErrorAtStart) {
  const int too_wide = hw::SocConfig{}.max_line_width + 2;
  const fw::RawLayout raw = fw::raw_layout(0x80000000u, too_wide, 16);
  const auto firmware = [&](fw::Hal& hal) { return start_read_dma(hal, raw, 96); };
  for (const Outcome& o : {on_soc(firmware), on_reference(firmware)}) {
    EXPECT_NE(o.irq_status & regs::irq_bit::kDmaError, 0u);
    EXPECT_TRUE(o.status.config_error);
    EXPECT_FALSE(o.status.bus_error);
    EXPECT_FALSE(o.status.busy);
  }
}

TEST(ReadDmaFaults, AnOddStrideIsAConfigurationError) {
  fw::RawLayout raw = fw::raw_layout(0x80000000u, 96, 16);
  raw.stride_bytes = 193;
  const auto firmware = [&](fw::Hal& hal) { return start_read_dma(hal, raw, 96); };
  for (const Outcome& o : {on_soc(firmware), on_reference(firmware)}) {
    EXPECT_TRUE(o.status.config_error);
    EXPECT_NE(o.irq_status & regs::irq_bit::kDmaError, 0u);
  }
}

// A raw of another size than isp.FRAME_SIZE reaches the ISP and is flagged there.
TEST(ReadDmaFaults, ARawOfAnotherSizeThanTheIspExpectsIsASizeError) {
  const fw::RawLayout raw = fw::raw_layout(0x80000000u + (1u << 20), 64, 16);
  const auto firmware = [&](fw::Hal& hal) { return start_read_dma(hal, raw, 96); };
  for (const Outcome& o : {on_soc(firmware), on_reference(firmware)})
    EXPECT_NE(o.irq_status & regs::irq_bit::kSizeError, 0u);
}

TEST(ReadDmaFirmware, ARawThatDoesNotFitInMemoryIsAFirmwareErrorNamingIt) {
  auto o = raw_options(platform::Backend::kReference, 0);
  o.soc.memory_bytes = 1u << 20;  // the 640x512 NV12 frame fits, its 640 KiB raw behind it not
  const auto result = platform::simulate_raw(test::random_raw(640, 512, 1), o);
  EXPECT_FALSE(result.capture.ok);
  EXPECT_NE(result.capture.error.find("outside memory"), std::string::npos) << result.capture.error;
}

}  // namespace
}  // namespace ispsim
