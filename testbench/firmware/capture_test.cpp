#include "firmware/capture.hpp"

#include <string>

#include <gtest/gtest.h>

#include <cmath>

#include "model/regmap/regmap.hpp"
#include "testbench/firmware/fake_soc.hpp"

namespace ispsim::fw {
namespace {

using testing::FakeSoc;
namespace irq_bit = regs::irq_bit;

CaptureConfig tiny_frame(int width = 64, int height = 32) {
  CaptureConfig config;
  config.width = width;
  config.height = height;
  return config;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

void expect_frame(const CaptureResult& result, int index) {
  ASSERT_EQ(result.luma.size(), static_cast<size_t>(result.width * result.height));
  for (int y = 0; y < result.height; ++y)
    for (int x = 0; x < result.width; ++x)
      ASSERT_EQ(result.luma[y * result.width + x], FakeSoc::luma_pattern(x, y, index))
          << x << "," << y;
  const int rows = (result.height + 1) / 2, row_bytes = 2 * ((result.width + 1) / 2);
  ASSERT_EQ(result.chroma.size(), static_cast<size_t>(rows * row_bytes));
  for (int row = 0; row < rows; ++row)
    for (int b = 0; b < row_bytes; ++b)
      ASSERT_EQ(result.chroma[row * row_bytes + b], FakeSoc::chroma_pattern(b, row, index));
}

TEST(Capture, TinyFrameRunsEndToEnd) {
  FakeSoc soc;
  const CaptureResult result = capture_frame(soc, tiny_frame());
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.outcome, CaptureOutcome::kOk);
  EXPECT_EQ(result.frames_streamed, 1);
  expect_frame(result, 0);
  EXPECT_GT(result.frame_start_us, 0.0);
  EXPECT_GT(result.frame_done_us, result.frame_start_us);
  EXPECT_FALSE(soc.sensor_streaming());
  EXPECT_EQ(soc.frames_sent(), 1);
}

TEST(Capture, ProgramsSensorAndReceiver) {
  FakeSoc soc;
  CaptureConfig config = tiny_frame();
  config.analogue_gain = 2.0;
  config.exposure_s = 50e-6;  // 24.8 lines of 2.017 us
  config.test_pattern = TestPattern::kColourBars;
  const CaptureResult result = capture_frame(soc, config);
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(soc.sensor[regs::sensor::ANALOGUE_GAIN], 8192);
  EXPECT_EQ(soc.sensor[regs::sensor::COARSE_INTEGRATION_TIME], 25);
  EXPECT_EQ(result.exposure_lines, 25);
  EXPECT_EQ(soc.sensor[regs::sensor::LINE_LENGTH_PCK], 968);
  EXPECT_EQ(soc.sensor[regs::sensor::TEST_PATTERN_MODE], 2);
  EXPECT_EQ(soc.reg(regs::csi2rx::CTRL),
            regs::csi2rx::CTRL_ENABLE(1) | regs::csi2rx::CTRL_VIRTUAL_CHANNEL(0) |
                regs::csi2rx::CTRL_DATA_TYPE(0x2C) | regs::csi2rx::CTRL_CHANNELS(1));
  EXPECT_EQ(soc.reg(regs::isp::BLC_NORM_GAIN), 4369u);
  EXPECT_EQ(soc.reg(regs::irq::ENABLE),
            irq_bit::kFrameStart | irq_bit::kFrameDone | irq_bit::kAllErrors);
}

TEST(Capture, DefaultExposureLengthensTheShortTestFrame) {
  FakeSoc soc;
  const CaptureResult result = capture_frame(soc, tiny_frame());
  ASSERT_TRUE(result.ok) << result.error;
  const long expected_lines = std::lround(0.03125 / result.mode.line_time_s());
  EXPECT_EQ(result.exposure_lines, expected_lines);
  EXPECT_EQ(result.mode.frame_length_lines, expected_lines + 4);
}

TEST(Capture, RegisterLogNamesRegistersWithTimestamps) {
  FakeSoc soc;
  const CaptureResult result = capture_frame(soc, tiny_frame());
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_GT(result.register_accesses, 100u);
  bool found = false;
  for (const std::string& line : result.register_log)
    found |= contains(line, " us W 0x10010114 = 0x00001111  isp.BLC_NORM_GAIN");
  EXPECT_TRUE(found);
  EXPECT_TRUE(contains(result.register_log.front(), " us "));
}

TEST(Capture, StrideWiderThanTheLineIsReadBackTight) {
  FakeSoc soc;
  CaptureConfig config = tiny_frame(64, 30);
  config.stride = 128;
  const CaptureResult result = capture_frame(soc, config);
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.layout.uv_base, 0x80000000u + 128 * 30);
  expect_frame(result, 0);
}

TEST(Capture, FramesShorterThanACciWriteEndWithTheLastCompleteFrame) {
  FakeSoc soc;  // 16x8: 40 lines of 1.92 us = 77 us per frame, a CCI write takes 100 us
  CaptureConfig config = tiny_frame(16, 8);
  config.exposure_s = 20e-6;  // short enough not to lengthen the frame
  const CaptureResult result = capture_frame(soc, config);
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.frames_streamed, 2);
  EXPECT_EQ(soc.frames_sent(), 2);
  expect_frame(result, 1);
}

TEST(Capture, DmaErrorIsReportedWithTheFailingAddress) {
  FakeSoc soc;
  soc.error_in_first_frame = irq_bit::kDmaError;
  const CaptureResult result = capture_frame(soc, tiny_frame());
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.outcome, CaptureOutcome::kHardwareError);
  EXPECT_EQ(result.error_bits, irq_bit::kDmaError);
  EXPECT_TRUE(contains(result.error, "DMA_ERR: bus error writing 0x80001000")) << result.error;
  EXPECT_EQ(soc.reg(regs::dma::STATUS) & regs::dma::STATUS_BUS_ERR.mask(), 0u);
  EXPECT_FALSE(soc.sensor_streaming());
}

TEST(Capture, LinkErrorIsReportedWithTheReceiverCounters) {
  FakeSoc soc;
  soc.error_in_first_frame = irq_bit::kCsi2Error;
  const CaptureResult result = capture_frame(soc, tiny_frame());
  EXPECT_EQ(result.outcome, CaptureOutcome::kHardwareError);
  EXPECT_TRUE(contains(result.error, "CSI2_ERR")) << result.error;
  EXPECT_TRUE(contains(result.error, "CRC_ERRORS 3")) << result.error;
}

TEST(Capture, SizeErrorAndOverflowAreBothReported) {
  FakeSoc soc;
  soc.error_in_first_frame = irq_bit::kSizeError | irq_bit::kRxOverflow;
  const CaptureResult result = capture_frame(soc, tiny_frame());
  EXPECT_EQ(result.error_bits, irq_bit::kSizeError | irq_bit::kRxOverflow);
  EXPECT_TRUE(contains(result.error, "SIZE_ERR")) << result.error;
  EXPECT_TRUE(contains(result.error, "RX_OVERFLOW")) << result.error;
}

TEST(Capture, SensorNackIsAFirmwareErrorNamingTheRegister) {
  FakeSoc soc;
  soc.sensor_nacks.insert(regs::sensor::COARSE_INTEGRATION_TIME);
  const CaptureResult result = capture_frame(soc, tiny_frame());
  EXPECT_EQ(result.outcome, CaptureOutcome::kFirmwareError);
  EXPECT_TRUE(contains(result.error, "sensor refused write of 0x"));
  EXPECT_TRUE(contains(result.error, " to CCI register 0x0202")) << result.error;
}

TEST(Capture, SilentSensorTimesOut) {
  FakeSoc soc;
  soc.cci_responds = false;
  const CaptureResult result = capture_frame(soc, tiny_frame());
  EXPECT_EQ(result.outcome, CaptureOutcome::kFirmwareError);
  EXPECT_TRUE(contains(result.error, "MODEL_ID")) << result.error;
  EXPECT_TRUE(contains(result.error, "timeout")) << result.error;
}

TEST(Capture, MissingFrameStartTimesOutAfterTheConfiguredTime) {
  FakeSoc soc;
  soc.sensor_sends_frames = false;
  CaptureConfig config = tiny_frame();
  config.timeouts.frame_start_us = 300.0;
  const CaptureResult result = capture_frame(soc, config);
  EXPECT_EQ(result.outcome, CaptureOutcome::kFirmwareError);
  EXPECT_TRUE(contains(result.error, "timeout after 300 us waiting for interrupt FRAME_START"))
      << result.error;
  EXPECT_FALSE(soc.sensor_streaming());  // stopped after the failure
}

TEST(Capture, BadSizeIsRejectedBeforeTouchingHardware) {
  FakeSoc soc;
  const CaptureResult result = capture_frame(soc, tiny_frame(63, 32));
  EXPECT_EQ(result.outcome, CaptureOutcome::kFirmwareError);
  EXPECT_TRUE(contains(result.error, "width 63")) << result.error;
  EXPECT_EQ(result.register_accesses, 0u);
}

}  // namespace
}  // namespace ispsim::fw
