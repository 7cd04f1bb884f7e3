#include <gtest/gtest.h>

#include <algorithm>
#include <utility>
#include <vector>

#include <fstream>
#include <sstream>

#include "model/common/error.hpp"
#include "model/regmap/register_bank.hpp"

namespace ispsim {
namespace {

using regmap::BusStatus;
using regmap::RegisterBank;

TEST(RegisterBank, ResetValuesComeFromTheDescription) {
  RegisterBank isp(regmap::block("isp"));
  uint32_t value = 0;
  ASSERT_EQ(isp.read(regs::isp::ID, value), BusStatus::kOk);
  EXPECT_EQ(regs::isp::ID_MAJOR.get(value), 1u);
  ASSERT_EQ(isp.read(regs::isp::BLC_NORM_GAIN, value), BusStatus::kOk);
  EXPECT_EQ(value, 0x1000u);
  ASSERT_EQ(isp.read(regs::isp::BLC_LEVEL + 4 * 3, value), BusStatus::kOk);
  EXPECT_EQ(value, 256u);
}

TEST(RegisterBank, ReadOnlyFieldsIgnoreWrites) {
  RegisterBank isp(regmap::block("isp"));
  ASSERT_EQ(isp.write(regs::isp::ID, 0xFFFFFFFF), BusStatus::kOk);
  uint32_t value = 0;
  isp.read(regs::isp::ID, value);
  EXPECT_EQ(value, 0x00010000u);
}

TEST(RegisterBank, WriteOneClearsOnlyTheBitsWritten) {
  RegisterBank irq(regmap::block("irq"));
  irq.raise(regs::irq::STATUS, regs::irq_bit::kFrameDone | regs::irq_bit::kDmaError);
  irq.write(regs::irq::STATUS, regs::irq_bit::kFrameDone);
  uint32_t value = 0;
  irq.read(regs::irq::STATUS, value);
  EXPECT_EQ(value, regs::irq_bit::kDmaError);
}

TEST(RegisterBank, WriteOnlyCommandReadsZeroAndRunsCallback) {
  RegisterBank cci(regmap::block("cci"));
  int starts = 0;
  cci.on_write(regs::cci::CTRL,
               [&](uint32_t, uint32_t v) { starts += regs::cci::CTRL_START.get(v); });
  cci.write(regs::cci::CTRL, regs::cci::CTRL_START(1) | regs::cci::CTRL_READ(1));
  uint32_t value = 0;
  cci.read(regs::cci::CTRL, value);
  EXPECT_EQ(starts, 1);
  EXPECT_EQ(value, regs::cci::CTRL_READ(1));
}

TEST(RegisterBank, ShadowedFieldTakesEffectOnlyAtFrameStart) {
  RegisterBank isp(regmap::block("isp"));
  isp.write(regs::isp::CTRL, regs::isp::CTRL_ENABLE(1) | regs::isp::CTRL_CFA_PHASE(3));
  EXPECT_EQ(isp.active(regs::isp::CTRL, regs::isp::CTRL_ENABLE), 1u);     // immediate
  EXPECT_EQ(isp.active(regs::isp::CTRL, regs::isp::CTRL_CFA_PHASE), 0u);  // still the old
  uint32_t readback = 0;
  isp.read(regs::isp::CTRL, readback);
  EXPECT_EQ(regs::isp::CTRL_CFA_PHASE.get(readback), 3u);  // firmware reads what it wrote
  isp.commit_shadow();
  EXPECT_EQ(isp.active(regs::isp::CTRL, regs::isp::CTRL_CFA_PHASE), 3u);
}

TEST(RegisterBank, UnmappedOrMisalignedAddressIsABusError) {
  RegisterBank isp(regmap::block("isp"));
  uint32_t value = 0;
  EXPECT_EQ(isp.read(regs::isp::kBase + 0xFFC, value), BusStatus::kAddressError);
  EXPECT_EQ(isp.write(regs::isp::CTRL + 2, 1), BusStatus::kAddressError);
  EXPECT_THROW(isp.active(regs::isp::kBase + 0xFFC), RegisterError);
}

TEST(RegisterBank, HardwareMayNotSetReadWriteFields) {
  RegisterBank isp(regmap::block("isp"));
  EXPECT_THROW(isp.set_hardware(regs::isp::CTRL, regs::isp::CTRL_ENABLE, 1), RegisterError);
}

// Every register (arrays at their full length) lies inside its block's window and on no other:
// the banks would otherwise alias two registers silently.
TEST(RegisterMap, RegistersFitTheirBlockAndNeverOverlap) {
  for (const auto& block : regmap::all_blocks()) {
    const uint64_t step = block.bus == regmap::Bus::kCci ? 2 : 4;  // CCI: 16-bit registers
    std::vector<std::pair<uint64_t, uint64_t>> spans;              // [first byte, past the last)
    for (const auto& reg : block.registers) {
      const uint64_t end = reg.offset + step * reg.count;
      EXPECT_LE(end, block.size) << block.name << "." << reg.name << " runs past the block";
      spans.emplace_back(reg.offset, end);
    }
    std::sort(spans.begin(), spans.end());
    for (size_t i = 1; i < spans.size(); ++i)
      EXPECT_LE(spans[i - 1].second, spans[i].first)
          << block.name << ": registers at 0x" << std::hex << spans[i - 1].first << " and 0x"
          << spans[i].first << " overlap";
  }
}

TEST(RegisterReference, CheckedInDocumentIsUpToDate) {
  std::ifstream doc(ISPSIM_SOURCE_DIR "/docs/registers.md");
  ASSERT_TRUE(doc) << "docs/registers.md is missing: run `ispsim regmap --out docs/registers.md`";
  std::stringstream text;
  text << doc.rdbuf();
  EXPECT_EQ(text.str(), regmap::register_reference_markdown())
      << "docs/registers.md is stale: run `ispsim regmap --out docs/registers.md`";
}

TEST(RegisterFields, PlaceAndExtractValues) {
  EXPECT_EQ(regs::isp::CTRL_CFA_PHASE(3), 6u);
  EXPECT_EQ(regs::isp::CTRL_CFA_PHASE(7), 6u);  // bits beyond the field are dropped
  EXPECT_EQ(regs::isp::FRAME_SIZE_HEIGHT.get(0x0C000100), 0x0C00u);
}

}  // namespace
}  // namespace ispsim
