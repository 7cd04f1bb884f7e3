#include <string>

#include <gtest/gtest.h>

#include "firmware/cci_driver.hpp"
#include "firmware/irq.hpp"
#include "model/regmap/regmap.hpp"
#include "testbench/firmware/fake_soc.hpp"

namespace ispsim::fw {
namespace {

namespace irq_bit = regs::irq_bit;

class CciIrqTest : public ::testing::Test {
 protected:
  std::string error_of(const std::function<void()>& action) {
    try {
      action();
    } catch (const FirmwareError& error) {
      return error.what();
    }
    return "no error";
  }

  testing::FakeSoc soc;
  IrqDispatcher irq{soc};
  CciDriver cci{soc, irq};
};

TEST_F(CciIrqTest, WriteProgramsAddressDataAndStartsAWriteTransfer) {
  cci.write(regs::sensor::COARSE_INTEGRATION_TIME, 1234);
  EXPECT_EQ(soc.sensor[regs::sensor::COARSE_INTEGRATION_TIME], 1234);
  EXPECT_EQ(soc.writes_to(regs::cci::CTRL), (std::vector<uint32_t>{regs::cci::CTRL_START(1)}));
  EXPECT_GE(soc.now_us(), testing::FakeSoc::kCciTransferUs);
}

TEST_F(CciIrqTest, ReadReturnsTheSensorRegister) {
  EXPECT_EQ(cci.read(regs::sensor::MODEL_ID), 0x0989);
  EXPECT_EQ(soc.writes_to(regs::cci::CTRL),
            (std::vector<uint32_t>{regs::cci::CTRL_START(1) | regs::cci::CTRL_READ(1)}));
}

TEST_F(CciIrqTest, NackIsClearedAndReportedWithRegisterAndValue) {
  soc.sensor_nacks.insert(regs::sensor::COARSE_INTEGRATION_TIME);
  const std::string text = error_of([&] { cci.write(0x0202, 0x0BB8); });
  EXPECT_NE(text.find("sensor refused write of 0x0BB8 to CCI register 0x0202"), std::string::npos)
      << text;
  EXPECT_NE(text.find("COARSE_INTEGRATION_TIME"), std::string::npos) << text;
  EXPECT_EQ(regs::cci::STATUS_NACK.get(soc.reg(regs::cci::STATUS)), 0u);
}

TEST_F(CciIrqTest, ReadOfAnUnknownRegisterIsRefused) {
  const std::string text = error_of([&] { cci.read(0x5000); });
  EXPECT_NE(text.find("sensor refused read of CCI register 0x5000"), std::string::npos) << text;
}

TEST_F(CciIrqTest, MissingCciDoneTimesOutNamingTheRegister) {
  soc.cci_responds = false;
  const std::string text = error_of([&] { cci.write(regs::sensor::MODE_SELECT, 1); });
  EXPECT_NE(text.find("CCI register 0x0100 (MODE_SELECT)"), std::string::npos) << text;
  EXPECT_NE(text.find("CCI_DONE"), std::string::npos) << text;
  EXPECT_NEAR(soc.now_us(), CciDriver::kDefaultTimeoutUs, 1.0);
}

TEST_F(CciIrqTest, FrameStartDuringACciWaitIsNotLost) {
  irq.set_enabled(irq_bit::kFrameStart);
  soc.at(50.0, [this] { soc.raise_irq(irq_bit::kFrameStart); });  // CCI_DONE comes at ~100 us
  cci.write(regs::sensor::DIGITAL_GAIN, 0x0200);
  EXPECT_EQ(soc.reg(regs::irq::STATUS), 0u);  // hardware latch cleared, so the line dropped
  const double before_us = soc.now_us();
  EXPECT_EQ(irq.wait_for(irq_bit::kFrameStart, 1.0), irq_bit::kFrameStart);
  EXPECT_EQ(soc.now_us(), before_us);  // answered from pending, no wait
  EXPECT_EQ(irq.pending(), 0u);
}

TEST_F(CciIrqTest, WaitEnablesTheEventOnlyWhileWaiting) {
  irq.set_enabled(irq_bit::kFrameDone);
  soc.at(20.0, [this] { soc.raise_irq(irq_bit::kFrameStart); });
  irq.wait_for(irq_bit::kFrameStart, 100.0);
  const auto enables = soc.writes_to(regs::irq::ENABLE);
  ASSERT_EQ(enables.size(), 3u);
  EXPECT_EQ(enables[1], irq_bit::kFrameDone | irq_bit::kFrameStart);
  EXPECT_EQ(enables[2], irq_bit::kFrameDone);
}

TEST_F(CciIrqTest, WaitTimeoutNamesTheEvents) {
  const std::string text =
      error_of([&] { irq.wait_for(irq_bit::kFrameStart | irq_bit::kDmaError, 500.0); });
  EXPECT_NE(text.find("FRAME_START|DMA_ERR"), std::string::npos) << text;
  EXPECT_NE(text.find("500 us"), std::string::npos) << text;
}

TEST_F(CciIrqTest, ErrorEventsAreCollectedWhileWaitingForOthers) {
  soc.at(10.0, [this] { soc.raise_irq(irq_bit::kDmaError | irq_bit::kFrameDone); });
  EXPECT_EQ(irq.wait_for(irq_bit::kFrameDone, 100.0), irq_bit::kFrameDone);
  EXPECT_EQ(irq.errors_seen(), irq_bit::kDmaError);
  EXPECT_EQ(irq.pending(), irq_bit::kDmaError);  // still there for whoever handles it
}

TEST_F(CciIrqTest, ResetDropsStaleEvents) {
  soc.raise_irq(irq_bit::kFrameDone | irq_bit::kCsi2Error);
  irq.reset();
  EXPECT_EQ(soc.reg(regs::irq::STATUS), 0u);
  EXPECT_EQ(irq.pending(), 0u);
  EXPECT_EQ(irq.errors_seen(), 0u);
}

TEST(IrqEventNames, ListsBitsInStatusOrder) {
  EXPECT_EQ(irq_event_names(irq_bit::kCciDone | irq_bit::kFrameStart), "FRAME_START|CCI_DONE");
  EXPECT_EQ(irq_event_names(0), "none");
}

}  // namespace
}  // namespace ispsim::fw
