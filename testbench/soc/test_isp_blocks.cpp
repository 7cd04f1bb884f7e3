// Every ISP block's streaming schedule against the reference, bit for bit: each block alone
// (the others bypassed), random and structured frames, odd sizes, all four CFA phases, and
// every bypass combination. One test case per process (SystemC elaborates once per process).
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "model/kernels/fixed_point.hpp"
#include "testbench/soc/isp_harness.hpp"
#include "testbench/test_frames.hpp"

namespace ispsim {
namespace {

namespace isp = regs::isp;
constexpr int kBlocks = 6;  // BLC, WB, demosaic, CCM, gamma, CSC
const uint32_t kBypassRegister[kBlocks] = {isp::BLC_CTRL, isp::WB_CTRL,    isp::DMS_CTRL,
                                           isp::CCM_CTRL, isp::GAMMA_CTRL, isp::CSC_CTRL};

// Non-trivial settings for every block, written through the bus side of the register bank.
void program(test::IspHarness& h, int width, int height, int phase, unsigned bypass_mask,
             uint32_t seed) {
  std::mt19937 rng(seed);
  h.write(isp::CTRL, isp::CTRL_ENABLE(1) | isp::CTRL_CFA_PHASE(phase));
  h.write(isp::FRAME_SIZE, isp::FRAME_SIZE_WIDTH(width) | isp::FRAME_SIZE_HEIGHT(height));
  for (int i = 0; i < 4; ++i)
    h.write(isp::BLC_LEVEL + 4 * i, 200 + 20 * i);
  h.write(isp::BLC_NORM_GAIN, 4400);
  for (int i = 0; i < 4; ++i)
    h.write(isp::WB_GAIN + 4 * i, 4096 + 1500 * (i % 3));
  const double ccm[9] = {1.6, -0.4, -0.2, -0.3, 1.5, -0.2, 0.05, -0.6, 1.55};
  for (int i = 0; i < 9; ++i)
    h.write(isp::CCM_COEF + 4 * i, fixed::to_signed(ccm[i], 12, 16));
  for (int i = 0; i < 65; ++i)
    h.write(isp::GAMMA_LUT + 4 * i,
            static_cast<uint32_t>(
                std::lround(1023 * std::pow(std::min(i * 64, 4095) / 4095.0, 1 / 2.2))));
  const double csc[9] = {0.1826, 0.6142, 0.062, -0.1006, -0.3386, 0.4392, 0.4392, -0.3989, -0.0403};
  for (int i = 0; i < 9; ++i)
    h.write(isp::CSC_COEF + 4 * i, fixed::to_signed(csc[i], 12, 16));
  h.write(isp::CSC_OFFSET, 16);
  h.write(isp::CSC_OFFSET + 4, 128);
  h.write(isp::CSC_OFFSET + 8, 128);
  for (int b = 0; b < kBlocks; ++b)
    h.write(kBypassRegister[b], (bypass_mask >> b) & 1);
  (void)rng;
}

void expect_bit_exact(const Image16& raw, int phase, unsigned bypass_mask) {
  hw::SocConfig config;
  config.pixels_per_clock = 1 << (phase % 3);  // 1, 2, 4 across the cases
  test::IspHarness harness("harness", config);
  program(harness, raw.width(), raw.height(), phase, bypass_mask, 1);
  harness.isp.bank.commit_shadow();  // decode what the frame will use, for the reference
  const IspParams params =
      decode_isp_params([&](uint32_t a) { return harness.isp.bank.active(a); });
  const Nv12Frame expected = run_reference_pipeline(raw, params);
  const Nv12Frame got = harness.run(raw);
  ASSERT_EQ(got.width, expected.width);
  ASSERT_EQ(got.height, expected.height);
  ASSERT_EQ(got.luma, expected.luma)
      << "luma differs, phase " << phase << " bypass " << bypass_mask;
  ASSERT_EQ(got.chroma, expected.chroma) << "chroma differs";
  EXPECT_EQ(harness.isp.bank.active(isp::STATUS, isp::STATUS_SIZE_ERR), 0u);
}

// Each block alone: the other five bypassed.
class BlockAlone : public ::testing::TestWithParam<std::tuple<int, int, bool>> {};

TEST_P(BlockAlone, MatchesReferenceBitForBit) {
  const auto [block, phase, structured] = GetParam();
  const unsigned bypass_all_but_block = ((1u << kBlocks) - 1) & ~(1u << block);
  const Image16 raw =
      structured ? test::structured_raw(37, 23) : test::random_raw(37, 23, 11 + phase);
  expect_bit_exact(raw, phase, bypass_all_but_block);
}

INSTANTIATE_TEST_SUITE_P(AllBlocksPhasesInputs, BlockAlone,
                         ::testing::Combine(::testing::Range(0, kBlocks), ::testing::Range(0, 4),
                                            ::testing::Bool()));

class BypassCombination : public ::testing::TestWithParam<int> {};

TEST_P(BypassCombination, MatchesReferenceBitForBit) {
  const unsigned mask = static_cast<unsigned>(GetParam());
  expect_bit_exact(test::random_raw(21, 15, 100 + mask), static_cast<int>(mask % 4), mask);
}

INSTANTIATE_TEST_SUITE_P(All64, BypassCombination, ::testing::Range(0, 1 << kBlocks));

TEST(IspSizes, TinyWideAndTallFramesMatchReference) {
  // Several frames in one elaboration would need several frame starts; one odd shape per case.
  expect_bit_exact(test::random_raw(3, 3, 7), 1, 0);
}

TEST(IspSizes, WideOddFrameMatchesReference) {
  expect_bit_exact(test::random_raw(129, 5, 8), 2, 0);
}

TEST(IspSizes, TallOddFrameMatchesReference) {
  expect_bit_exact(test::random_raw(5, 67, 9), 3, 0);
}

TEST(IspErrors, LineWiderThanProgrammedRaisesSizeError) {
  hw::SocConfig config;
  test::IspHarness harness("harness", config);
  const Image16 raw = test::random_raw(16, 8, 3);
  program(harness, 12, 8, 0, 0, 1);
  harness.write(regs::irq::ENABLE, 0);
  harness.run(raw);
  EXPECT_EQ(harness.isp.bank.active(isp::STATUS, isp::STATUS_SIZE_ERR), 1u);
  EXPECT_NE(harness.irq.bank.active(regs::irq::STATUS) & regs::irq_bit::kSizeError, 0u);
}

TEST(IspTiming, BusyCyclesFollowPixelsPerClock) {
  hw::SocConfig config;
  config.pixels_per_clock = 4;
  config.line_overhead_cycles = 10;
  test::IspHarness harness("harness", config);
  const Image16 raw = test::random_raw(64, 8, 3);
  program(harness, 64, 8, 0, 0, 1);
  harness.run(raw);
  const auto stats = harness.isp.block_stats();
  EXPECT_EQ(stats[0].cycles, 8u * (64 / 4 + 10));        // black level: one pass per line
  EXPECT_EQ(stats[2].cycles, (8u + 2) * (64 / 4 + 10));  // demosaic drains two lines at the end
  EXPECT_EQ(stats[2].line_buffer_bytes, 4u * 64 * 12 / 8);
}

}  // namespace
}  // namespace ispsim
