#include "firmware/isp_driver.hpp"

#include <gtest/gtest.h>

#include <string>

#include "firmware/dma_driver.hpp"
#include "model/regmap/regmap.hpp"
#include "testbench/firmware/fake_soc.hpp"

namespace ispsim::fw {
namespace {

namespace isp = regs::isp;

class IspDriverTest : public ::testing::Test {
 protected:
  testing::FakeSoc soc;
  IspDriver driver{soc};
};

TEST_F(IspDriverTest, ProgramsFrameSizePhaseAndBlackLevel) {
  IspTuning tuning = default_tuning();
  tuning.cfa_phase = 2;
  driver.program(tuning, 640, 480);
  EXPECT_EQ(soc.reg(isp::FRAME_SIZE), isp::FRAME_SIZE_WIDTH(640) | isp::FRAME_SIZE_HEIGHT(480));
  EXPECT_EQ(isp::CTRL_CFA_PHASE.get(soc.reg(isp::CTRL)), 2u);
  EXPECT_EQ(isp::CTRL_ENABLE.get(soc.reg(isp::CTRL)), 0u);
  for (unsigned i = 0; i < isp::BLC_LEVEL_COUNT; ++i)
    EXPECT_EQ(soc.reg(isp::BLC_LEVEL + 4 * i), 256u);
  EXPECT_EQ(soc.reg(isp::BLC_NORM_GAIN), 4369u);
}

TEST_F(IspDriverTest, WhiteBalanceGreenGainGoesToBothGreens) {
  IspTuning tuning = default_tuning();
  tuning.white_balance.gain = {1.9, 1.0, 1.55};
  driver.program(tuning, 64, 32);
  EXPECT_EQ(soc.reg(isp::WB_GAIN + 0), 7782u);  // round(1.9 * 4096)
  EXPECT_EQ(soc.reg(isp::WB_GAIN + 4), 4096u);
  EXPECT_EQ(soc.reg(isp::WB_GAIN + 8), 4096u);
  EXPECT_EQ(soc.reg(isp::WB_GAIN + 12), 6349u);  // round(1.55 * 4096)
}

TEST_F(IspDriverTest, ColourMatrixRegistersHoldTheTuningRowsSummingToOne) {
  driver.program(default_tuning(), 64, 32);
  for (int row = 0; row < 3; ++row) {
    double sum = 0.0;
    for (int col = 0; col < 3; ++col)
      sum += isp::CCM_COEF_COEF.decode(soc.reg(isp::CCM_COEF + 4 * (3 * row + col)));
    EXPECT_DOUBLE_EQ(sum, 1.0) << row;
  }
}

TEST_F(IspDriverTest, GammaAndCscTablesAreWritten) {
  driver.program(default_tuning(), 64, 32);
  EXPECT_EQ(soc.reg(isp::GAMMA_LUT), 0u);
  EXPECT_EQ(soc.reg(isp::GAMMA_LUT + 4 * 256), 1023u);
  for (unsigned i = 1; i < isp::GAMMA_LUT_COUNT; ++i)
    EXPECT_GE(soc.reg(isp::GAMMA_LUT + 4 * i), soc.reg(isp::GAMMA_LUT + 4 * (i - 1)));
  EXPECT_EQ(soc.reg(isp::CSC_COEF), 748u);
  EXPECT_EQ(soc.reg(isp::CSC_COEF + 4 * 4), 0xFA95u);  // -1387
  EXPECT_EQ(soc.reg(isp::CSC_OFFSET + 4), 128u);
}

TEST_F(IspDriverTest, BypassFlagsReachEachBlock) {
  IspTuning tuning = default_tuning();
  tuning.demosaic.bypass = true;
  tuning.gamma.bypass = true;
  driver.program(tuning, 64, 32);
  EXPECT_EQ(isp::DMS_CTRL_BYPASS.get(soc.reg(isp::DMS_CTRL)), 1u);
  EXPECT_EQ(soc.reg(isp::GAMMA_CTRL), 1u);
  EXPECT_EQ(soc.reg(isp::BLC_CTRL), 0u);
  EXPECT_EQ(soc.reg(isp::CSC_CTRL), 0u);
}

TEST_F(IspDriverTest, BadTuningNamesTheFieldAndWritesNothing) {
  IspTuning tuning = default_tuning();
  tuning.gamma.contrast = 1.0;
  try {
    driver.program(tuning, 64, 32);
    FAIL() << "expected FirmwareError";
  } catch (const FirmwareError& error) {
    EXPECT_NE(std::string(error.what()).find("gamma_contrast"), std::string::npos);
  }
  EXPECT_EQ(soc.reg(isp::BLC_NORM_GAIN), 0u);  // nothing reached the ISP
  tuning = default_tuning();
  tuning.color_matrix.matrix[4] = 9.0;
  EXPECT_THROW(driver.program(tuning, 64, 32), FirmwareError);
  tuning = default_tuning();
  tuning.white_balance.gain[0] = 16.0;
  EXPECT_THROW(driver.program(tuning, 64, 32), FirmwareError);
  tuning = default_tuning();
  tuning.black_level.level[2] = 4095;
  EXPECT_THROW(driver.program(tuning, 64, 32), FirmwareError);
}

TEST_F(IspDriverTest, BlocksAreProgrammedInPipelineOrder) {
  const RegisterWrites writes = encode_isp_tuning(default_tuning());
  // Each block's CTRL register comes before any register of a later block.
  const uint32_t ctrl_order[] = {isp::BLC_CTRL, isp::WB_CTRL,    isp::DMS_CTRL,
                                 isp::CCM_CTRL, isp::GAMMA_CTRL, isp::CSC_CTRL};
  size_t position = 0;
  for (uint32_t ctrl : ctrl_order) {
    while (position < writes.size() && writes[position].address != ctrl)
      ++position;
    ASSERT_LT(position, writes.size()) << std::hex << ctrl << " out of order";
  }
}

TEST_F(IspDriverTest, ThePedestalGoesToBlackLevelAndNoiseReductionOrNeither) {
  IspTuning tuning = default_tuning();
  tuning.bayer_nr.pedestal = 96;
  driver.program(tuning, 64, 32);
  EXPECT_EQ(soc.reg(isp::BLC_PEDESTAL), 96u);
  EXPECT_EQ(soc.reg(isp::BNR_PEDESTAL), 96u);
  for (const bool nr_bypassed : {true, false}) {
    IspTuning bypassed = tuning;
    bypassed.bayer_nr.bypass = nr_bypassed;
    bypassed.black_level.bypass = !nr_bypassed;
    driver.program(bypassed, 64, 32);
    EXPECT_EQ(soc.reg(isp::BLC_PEDESTAL), 0u) << nr_bypassed;
    EXPECT_EQ(soc.reg(isp::BNR_PEDESTAL), 0u) << nr_bypassed;
  }
  tuning.bayer_nr.pedestal = 256;
  EXPECT_THROW(encode_isp_tuning(tuning), FirmwareError);
}

TEST_F(IspDriverTest, EnableKeepsTheCfaPhase) {
  IspTuning tuning = default_tuning();
  tuning.cfa_phase = 3;
  driver.program(tuning, 64, 32);
  driver.enable(true);
  EXPECT_EQ(soc.reg(isp::CTRL), isp::CTRL_ENABLE(1) | isp::CTRL_CFA_PHASE(3));
}

TEST_F(IspDriverTest, WidthBeyondTheLineBuffersIsAnError) {
  soc.set_reg(isp::HW_CONFIG, isp::HW_CONFIG_MAX_WIDTH(2048));
  EXPECT_THROW(driver.program(default_tuning(), 4096, 3072), FirmwareError);
}

TEST(DmaLayout, PlanesFollowEachOtherWithTheStride) {
  const Nv12Layout tight = nv12_layout(0x80000000u, 64, 32, 0);
  EXPECT_EQ(tight.stride_bytes, 64u);
  EXPECT_EQ(tight.uv_base, 0x80000000u + 64 * 32);
  const Nv12Layout pitched = nv12_layout(0x80000000u, 64, 31, 128);
  EXPECT_EQ(pitched.uv_base, 0x80000000u + 128 * 31);
  EXPECT_EQ(pitched.chroma_rows(), 16);
  EXPECT_THROW(nv12_layout(0x80000000u, 64, 32, 32), FirmwareError);
  EXPECT_THROW(nv12_layout(0xFFFF0000u, 4096, 3072, 0), FirmwareError);
}

TEST(DmaDriver, ProgramsBuffersAndReadsErrors) {
  testing::FakeSoc soc;
  DmaDriver dma(soc);
  dma.configure(nv12_layout(0x80000000u, 64, 32, 0));
  dma.enable(true);
  EXPECT_EQ(soc.reg(regs::dma::Y_BASE), 0x80000000u);
  EXPECT_EQ(soc.reg(regs::dma::UV_BASE), 0x80000800u);
  EXPECT_EQ(soc.reg(regs::dma::STRIDE), 64u);
  EXPECT_EQ(soc.reg(regs::dma::CTRL), 1u);
  soc.set_reg(regs::dma::STATUS, regs::dma::STATUS_BUS_ERR.mask());
  soc.set_reg(regs::dma::ERR_ADDR, 0x80001000u);
  const DmaStatus status = dma.status();
  EXPECT_TRUE(status.bus_error);
  EXPECT_EQ(status.error_address, 0x80001000u);
  dma.clear_errors();
  EXPECT_EQ(soc.reg(regs::dma::STATUS), 0u);
}

}  // namespace
}  // namespace ispsim::fw
