// Every ISP block's streaming schedule against the reference, bit for bit: each block alone
// (the others bypassed), random and structured frames, odd sizes, all four CFA phases, and
// every bypass combination, with register settings drawn at random from a seed. Blocks are
// found by name through the pipeline list. One test case per process (SystemC elaborates once).
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "testbench/soc/isp_harness.hpp"
#include "testbench/test_frames.hpp"

namespace ispsim {
namespace {

namespace isp = regs::isp;

const std::vector<blocks::BlockDescriptor>& pipeline() {
  return blocks::pipeline_descriptors();
}
int block_count() {
  return static_cast<int>(pipeline().size());
}

// Random settings for every block, written through the bus side of the register bank; the
// same seed gives the same settings.
void program(test::IspHarness& h, int width, int height, int phase, unsigned bypass_mask,
             uint32_t seed) {
  std::mt19937 rng(seed);
  auto draw = [&rng](int low, int high) {
    return static_cast<uint32_t>(std::uniform_int_distribution<int>(low, high)(rng));
  };
  h.write(isp::CTRL, isp::CTRL_ENABLE(1) | isp::CTRL_CFA_PHASE(phase));
  h.write(isp::FRAME_SIZE, isp::FRAME_SIZE_WIDTH(width) | isp::FRAME_SIZE_HEIGHT(height));
  // The merge on its one exposure (the bench sends one): black, and a rising random compander.
  h.write(isp::HDR_BLACK, draw(0, 600));
  h.write(isp::HDR_SATURATED, draw(1000, 4095));
  for (unsigned i = 0; i < isp::HDR_RATIO_COUNT; ++i)
    h.write(isp::HDR_RATIO + 4 * i, draw(0, 65535));
  h.write(isp::HDR_SHOT, draw(0, 65535));
  h.write(isp::HDR_READ, draw(0, 65535));
  h.write(isp::HDR_MOTION, draw(0, 255));
  std::vector<uint32_t> knots(isp::HDR_COMPAND_COUNT);
  for (auto& knot : knots)
    knot = draw(0, 4095);
  std::sort(knots.begin(), knots.end());
  for (unsigned i = 0; i < isp::HDR_COMPAND_COUNT; ++i)
    h.write(isp::HDR_COMPAND + 4 * i, knots[i]);
  h.write(isp::DPC_THRESHOLD, draw(0, 400));
  h.write(isp::DPC_SLOPE, draw(0, 255));
  h.write(isp::DPC_SUPPORT, draw(0, 255));
  // A static defect table of places in and beyond the frame, mostly in raster order with a few
  // swapped (the walk skips those), of a random length.
  std::vector<uint32_t> table(isp::DPC_TABLE_COUNT);
  for (auto& entry : table)
    entry = isp::DPC_TABLE_X(draw(0, width + 3)) | isp::DPC_TABLE_Y(draw(0, height + 1));
  std::sort(table.begin(), table.end());
  for (int swaps = 0; swaps < 200; ++swaps)
    std::swap(table[draw(0, isp::DPC_TABLE_COUNT - 1)], table[draw(0, isp::DPC_TABLE_COUNT - 1)]);
  for (unsigned i = 0; i < isp::DPC_TABLE_COUNT; ++i)
    h.write(isp::DPC_TABLE + 4 * i, table[i]);
  h.write(isp::DPC_TABLE_LEN, draw(0, static_cast<int>(isp::DPC_TABLE_COUNT)));
  for (unsigned i = 0; i < isp::BLC_LEVEL_COUNT; ++i)
    h.write(isp::BLC_LEVEL + 4 * i, draw(0, 600));
  h.write(isp::BLC_NORM_GAIN, draw(3000, 9000));
  // Pedestals drawn apart: a mismatched pair is the hardware's to compute too.
  h.write(isp::BLC_PEDESTAL, draw(0, 255));
  h.write(isp::BNR_PEDESTAL, draw(0, 255));
  for (unsigned i = 0; i < isp::LSC_GAIN_COUNT; ++i)
    h.write(isp::LSC_GAIN + 4 * i, draw(2048, 16384));
  h.write(isp::GBAL_LIMIT, draw(0, 255));
  h.write(isp::BNR_SHOT, draw(0, 65535));
  h.write(isp::BNR_READ, draw(0, 65535));
  h.write(isp::BNR_STRENGTH, draw(0, 255));
  for (unsigned i = 0; i < isp::BNR_SIGMA_COUNT; ++i)
    h.write(isp::BNR_SIGMA + 4 * i, draw(0, 65535));
  for (unsigned i = 0; i < isp::WB_GAIN_COUNT; ++i)
    h.write(isp::WB_GAIN + 4 * i, draw(2000, 12000));
  for (unsigned i = 0; i < isp::CCM_COEF_COUNT; ++i)  // s3.12 codes, either sign
    h.write(isp::CCM_COEF + 4 * i, isp::CCM_COEF_COEF(draw(-12000, 12000)));
  for (unsigned i = 0; i < isp::GAMMA_LUT_COUNT; ++i)
    h.write(isp::GAMMA_LUT + 4 * i, draw(0, 1023));
  for (unsigned i = 0; i < isp::CSC_COEF_COUNT; ++i)
    h.write(isp::CSC_COEF + 4 * i, isp::CSC_COEF_COEF(draw(-4000, 4000)));
  for (unsigned i = 0; i < isp::CSC_OFFSET_COUNT; ++i)
    h.write(isp::CSC_OFFSET + 4 * i, draw(0, 255));
  for (int b = 0; b < block_count(); ++b) {
    const blocks::BlockDescriptor& d = pipeline()[static_cast<size_t>(b)];
    uint32_t ctrl = d.bypass_field((bypass_mask >> b) & 1);
    // Control registers with more than the bypass bit.
    if (d.bypass_register == isp::HDR_CTRL) ctrl |= isp::HDR_CTRL_EXPOSURES(1);
    if (d.bypass_register == isp::BNR_CTRL)
      ctrl |= isp::BNR_CTRL_WIDE(draw(0, 1)) | isp::BNR_CTRL_TABLE(draw(0, 1));
    if (d.bypass_register == isp::DPC_CTRL) ctrl |= isp::DPC_CTRL_SUPPORT_CHECK(draw(0, 1));
    h.write(d.bypass_register, ctrl);
  }
  // Statistics on three frames in four, written somewhere in the bench's memory.
  h.write(isp::STATS_CTRL, isp::STATS_CTRL_ENABLE(draw(0, 3) != 0));
  h.write(isp::STATS_LIMITS,
          isp::STATS_LIMITS_DARK(draw(0, 1000)) | isp::STATS_LIMITS_SATURATED(draw(1000, 4095)));
  h.write(isp::STATS_BASE, h.config.memory_base + 64 * draw(0, 1000));
}

void expect_bit_exact(const Image16& raw, int phase, unsigned bypass_mask, uint32_t seed) {
  hw::SocConfig config;
  config.pixels_per_clock = 1 << (phase % 3);  // 1, 2, 4 across the cases
  test::IspHarness harness("harness", config);
  program(harness, raw.width(), raw.height(), phase, bypass_mask, seed);
  harness.isp.bank.commit_shadow();  // decode what the frame will use, for the reference
  const IspParams params =
      decode_isp_params([&](uint32_t a) { return harness.isp.bank.active(a); });
  ReferencePipeline reference;
  Nv12Frame expected;
  reference.run(raw, params, expected);
  const Nv12Frame got = harness.run(raw);
  if (params.stats.enable) {
    ASSERT_NE(reference.statistics(), nullptr);
    EXPECT_EQ(harness.isp.statistics.statistics().memory_image(),
              reference.statistics()->memory_image())
        << "statistics differ, phase " << phase << " bypass " << bypass_mask << " seed " << seed;
  }
  ASSERT_EQ(got.width, expected.width);
  ASSERT_EQ(got.height, expected.height);
  EXPECT_EQ(harness.sink.line_order_errors, 0);
  ASSERT_EQ(got.luma, expected.luma)
      << "luma differs, phase " << phase << " bypass " << bypass_mask << " seed " << seed;
  ASSERT_EQ(got.chroma, expected.chroma) << "chroma differs";
  EXPECT_EQ(harness.isp.bank.active(isp::STATUS, isp::STATUS_SIZE_ERR), 0u);
}

unsigned all_but(const std::string& name) {
  unsigned mask = (1u << block_count()) - 1;
  for (int b = 0; b < block_count(); ++b)
    if (name == pipeline()[static_cast<size_t>(b)].name) mask &= ~(1u << b);
  return mask;
}

// Each block alone: the others bypassed.
class BlockAlone : public ::testing::TestWithParam<std::tuple<std::string, int, bool>> {};

TEST_P(BlockAlone, MatchesReferenceBitForBit) {
  const auto [block, phase, structured] = GetParam();
  const Image16 raw =
      structured ? test::structured_raw(37, 23) : test::random_raw(37, 23, 11 + phase);
  expect_bit_exact(raw, phase, all_but(block), 1000 + phase);
}

std::vector<std::string> block_names() {
  std::vector<std::string> names;
  for (const auto& d : pipeline())
    names.push_back(d.name);
  return names;
}

INSTANTIATE_TEST_SUITE_P(AllBlocksPhasesInputs, BlockAlone,
                         ::testing::Combine(::testing::ValuesIn(block_names()),
                                            ::testing::Range(0, 4), ::testing::Bool()),
                         [](const auto& info) {
                           return std::get<0>(info.param) + "_phase" +
                                  std::to_string(std::get<1>(info.param)) +
                                  (std::get<2>(info.param) ? "_structured" : "_random");
                         });

class BypassCombination : public ::testing::TestWithParam<int> {};

TEST_P(BypassCombination, MatchesReferenceBitForBit) {
  const unsigned mask = static_cast<unsigned>(GetParam());
  expect_bit_exact(test::random_raw(21, 15, 100 + mask), static_cast<int>(mask % 4), mask,
                   200 + mask);
}

INSTANTIATE_TEST_SUITE_P(
    All, BypassCombination,
    ::testing::Range(0, 1 << static_cast<int>(blocks::pipeline_descriptors().size())));

// Every ISP register as the bus reads it.
std::vector<uint32_t> register_values(const test::IspHarness& h) {
  std::vector<uint32_t> values;
  const regmap::BlockInfo& block = h.isp.bank.block();
  for (const regmap::RegisterInfo& reg : block.registers)
    for (unsigned i = 0; i < reg.count; ++i) {
      uint32_t value = 0;
      h.isp.bank.read(block.base + reg.offset + 4 * i, value);
      values.push_back(value);
    }
  return values;
}

// program() draws its settings from its seed (one that ignored it would test a single setting
// everywhere): the same seed writes the same registers, another seed other ones.
TEST(IspRegisters, ProgramDrawsTheSettingsFromItsSeed) {
  const hw::SocConfig config;
  test::IspHarness first("first", config), again("again", config), other("other", config);
  program(first, 64, 8, 0, 0, 7);
  program(again, 64, 8, 0, 0, 7);
  program(other, 64, 8, 0, 0, 8);
  const std::vector<uint32_t> settings = register_values(first);
  EXPECT_EQ(register_values(again), settings);
  const std::vector<uint32_t> others = register_values(other);
  ASSERT_EQ(others.size(), settings.size());
  size_t differing = 0;
  for (size_t i = 0; i < settings.size(); ++i)
    differing += settings[i] != others[i];
  EXPECT_GT(differing, settings.size() / 2);  // the LUT and coefficient arrays are most of them
}

TEST(IspSizes, SmallestFrameMatchesReference) {
  expect_bit_exact(test::random_raw(7, 7, 7), 1, 0, 7);  // the demosaic's 13x13 window
}

TEST(IspSizes, WideOddFrameMatchesReference) {
  expect_bit_exact(test::random_raw(129, 7, 8), 2, 0, 8);
}

TEST(IspSizes, TallOddFrameMatchesReference) {
  expect_bit_exact(test::random_raw(7, 67, 9), 3, 0, 9);
}

TEST(IspSizes, MaximumWidthFrameMatchesReference) {
  expect_bit_exact(test::random_raw(8192, 7, 10), 0, 0, 10);
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

// A merge of two exposures fed one (the receiver forwards a single channel): the rows wait at
// the input for a partner that never comes, the frame ends short and the ISP flags its size.
TEST(IspErrors, MergeWaitingForAnExposureRaisesSizeError) {
  hw::SocConfig config;
  test::IspHarness harness("harness", config);
  const Image16 raw = test::random_raw(16, 8, 3);
  program(harness, 16, 8, 0, 0, 1);
  harness.write(isp::HDR_CTRL, isp::HDR_CTRL_BYPASS(0) | isp::HDR_CTRL_EXPOSURES(2));
  harness.write(regs::irq::ENABLE, 0);
  harness.run(raw);
  EXPECT_EQ(harness.isp.bank.active(isp::STATUS, isp::STATUS_SIZE_ERR), 1u);
  EXPECT_NE(harness.irq.bank.active(regs::irq::STATUS) & regs::irq_bit::kSizeError, 0u);
}

const hw::BlockStats& stats_of(const std::vector<hw::BlockStats>& stats, const std::string& name) {
  for (const auto& s : stats)
    if (s.name == name) return s;
  throw std::runtime_error("no block " + name);
}

TEST(IspTiming, BusyCyclesFollowPixelsPerClockAndLineBuffersTheMaximumWidth) {
  hw::SocConfig config;
  config.pixels_per_clock = 4;
  config.line_overhead_cycles = 10;
  config.max_line_width = 4096;
  test::IspHarness harness("harness", config);
  const Image16 raw = test::random_raw(64, 8, 3);
  program(harness, 64, 8, 0, 0, 1);
  harness.run(raw);
  const auto stats = harness.isp.block_stats();
  ASSERT_EQ(stats.size(), pipeline().size());
  EXPECT_EQ(stats_of(stats, "black_level").cycles, 8u * (64 / 4 + 10));  // one pass per line
  // The windowed blocks drain their held lines at the frame end: two for the 5x5 defect
  // correction, six for the demosaic's 13 rows.
  EXPECT_EQ(stats_of(stats, "defect_pixel").cycles, (8u + 2) * (64 / 4 + 10));
  EXPECT_EQ(stats_of(stats, "defect_pixel").line_buffer_bytes, 4u * 4096 * 12 / 8);
  EXPECT_EQ(stats_of(stats, "demosaic").cycles, (8u + 6) * (64 / 4 + 10));
  EXPECT_EQ(stats_of(stats, "demosaic").line_buffer_bytes, 12u * 4096 * 12 / 8);
  EXPECT_EQ(stats_of(stats, "csc").line_buffer_bytes, 4096u * 2);  // Cb and Cr of a line
  EXPECT_EQ(stats_of(stats, "gamma").line_buffer_bytes, 0u);
}

}  // namespace
}  // namespace ispsim
