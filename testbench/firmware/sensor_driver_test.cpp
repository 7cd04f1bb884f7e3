#include "firmware/sensor_driver.hpp"

#include <string>

#include <gtest/gtest.h>

#include <cmath>

#include "model/regmap/regmap.hpp"
#include "testbench/firmware/fake_soc.hpp"

namespace ispsim::fw {
namespace {

namespace sensor = regs::sensor;

TEST(SensorCodes, AnalogueGainFollowsTheCcsGainModel) {
  EXPECT_EQ(analogue_gain_code(1.0), 0);
  EXPECT_EQ(analogue_gain_code(2.0), 8192);
  EXPECT_EQ(analogue_gain_code(4.0), 12288);
  EXPECT_EQ(analogue_gain_code(64.0), 16128);
  EXPECT_THROW(analogue_gain_code(0.5), FirmwareError);
  EXPECT_THROW(analogue_gain_code(65.0), FirmwareError);
}

TEST(SensorCodes, DigitalGainIsU8_8) {
  EXPECT_EQ(digital_gain_code(1.0), 0x0100);
  EXPECT_EQ(digital_gain_code(2.5), 0x0280);
  EXPECT_THROW(digital_gain_code(17.0), FirmwareError);
}

TEST(SensorCodes, ExposureIsRoundedToLinesOfTheMode) {
  const SensorMode binned = binned_mode();
  EXPECT_NEAR(binned.line_time_s(), 5000 / 480e6, 1e-15);
  EXPECT_NEAR(1.0 / binned.frame_time_s(), 30.0, 1e-9);
  EXPECT_EQ(exposure_lines(0.03125, binned), 3000);  // 31.25 ms / 10.4167 us
  EXPECT_EQ(exposure_lines(0.001, binned), 96);      // 95.999 lines
  EXPECT_EQ(exposure_lines(1.0, binned), 3196);      // clamped to FRAME_LENGTH_LINES - 4
  EXPECT_EQ(exposure_lines(1e-9, binned), 1);        // at least one line
  EXPECT_THROW(exposure_lines(0.0, binned), FirmwareError);
}

TEST(SensorModes, DerivedModeKeepsTheBinnedHorizontalBlanking) {
  const SensorMode mode = mode_for_size(64, 32);
  EXPECT_EQ(mode.line_length_pck, 64 + 904);
  EXPECT_EQ(mode.frame_length_lines, 32 + 32);
  const SensorMode full = mode_for_size(4096, 3072);
  EXPECT_EQ(full.line_length_pck, 5000);
  EXPECT_EQ(full.frame_length_lines, 3200);
  EXPECT_THROW(mode_for_size(63, 32), FirmwareError);
  EXPECT_THROW(mode_for_size(64, 4000), FirmwareError);
}

class SensorDriverTest : public ::testing::Test {
 protected:
  testing::FakeSoc soc;
  IrqDispatcher irq{soc};
  CciDriver cci{soc, irq};
  SensorDriver driver{cci};
};

TEST_F(SensorDriverTest, IdentifyAcceptsTheImx989ClassId) {
  EXPECT_NO_THROW(driver.identify());
}

TEST_F(SensorDriverTest, IdentifyRejectsAnotherSensorNamingModelId) {
  soc.sensor[sensor::MODEL_ID] = 0x0766;
  try {
    driver.identify();
    FAIL() << "expected FirmwareError";
  } catch (const FirmwareError& error) {
    const std::string text = error.what();
    EXPECT_NE(text.find("MODEL_ID"), std::string::npos) << text;
    EXPECT_NE(text.find("0x0766"), std::string::npos) << text;
  }
}

TEST_F(SensorDriverTest, ModeExposureAndGainsReachTheSensorRegisters) {
  driver.set_mode(binned_mode());
  EXPECT_EQ(driver.set_exposure(0.02), 1920);
  driver.set_analogue_gain(2.0);
  driver.set_digital_gain(1.5);
  driver.set_test_pattern(TestPattern::kColourBars);
  EXPECT_EQ(soc.sensor[sensor::X_OUTPUT_SIZE], 4096);
  EXPECT_EQ(soc.sensor[sensor::Y_OUTPUT_SIZE], 3072);
  EXPECT_EQ(soc.sensor[sensor::LINE_LENGTH_PCK], 5000);
  EXPECT_EQ(soc.sensor[sensor::FRAME_LENGTH_LINES], 3200);
  EXPECT_EQ(soc.sensor[sensor::COARSE_INTEGRATION_TIME], 1920);
  EXPECT_EQ(soc.sensor[sensor::ANALOGUE_GAIN], 8192);
  EXPECT_EQ(soc.sensor[sensor::DIGITAL_GAIN], 0x0180);
  EXPECT_EQ(soc.sensor[sensor::TEST_PATTERN_MODE], 2);
}

TEST_F(SensorDriverTest, OtherReadoutModesSelectTheirCodeAndKeepTheirOwnSize) {
  SensorMode uhd{"4k", 3840, 2160, 5000, 3200, 3, 480e6};
  soc.sensor[sensor::X_OUTPUT_SIZE] = 1234;
  driver.set_mode(uhd);
  EXPECT_EQ(soc.sensor[sensor::SENSOR_MODE], 3);
  EXPECT_EQ(soc.sensor[sensor::X_OUTPUT_SIZE], 1234);  // not written: the mode fixes its size
  EXPECT_EQ(soc.sensor[sensor::LINE_LENGTH_PCK], 5000);
  // Exposure in lines follows the mode's own pixel clock.
  SensorMode slow_clock{"slow", 3840, 2160, 5000, 3200, 3, 240e6};
  driver.set_mode(slow_clock);
  EXPECT_EQ(driver.set_exposure(0.02), 960);
}

TEST_F(SensorDriverTest, StreamOnAndOffDriveModeSelect) {
  driver.stream_on();
  EXPECT_TRUE(soc.sensor_streaming());
  driver.stream_off();
  EXPECT_FALSE(soc.sensor_streaming());
}

TEST(SensorModes, FitExposureLengthensOnlyWhenNeeded) {
  const SensorMode binned = binned_mode();
  EXPECT_EQ(fit_exposure(binned, 0.03125).frame_length_lines, 3200);  // 3000 lines fit
  const SensorMode small = mode_for_size(64, 32);
  const SensorMode long_exposure = fit_exposure(small, 0.01);
  EXPECT_EQ(long_exposure.frame_length_lines,
            static_cast<int>(std::ceil(0.01 / small.line_time_s())) + 4);
  EXPECT_EQ(exposure_lines(0.01, long_exposure), std::lround(0.01 / small.line_time_s()));
}

}  // namespace
}  // namespace ispsim::fw

namespace ispsim::fw {
namespace {

TEST(GainsForIso, AnalogueUpTo64xThenDigital) {
  EXPECT_DOUBLE_EQ(gains_for_iso(100).analogue, 1.0);
  EXPECT_DOUBLE_EQ(gains_for_iso(100).digital, 1.0);
  EXPECT_DOUBLE_EQ(gains_for_iso(3200).analogue, 32.0);
  EXPECT_DOUBLE_EQ(gains_for_iso(3200).digital, 1.0);
  EXPECT_DOUBLE_EQ(gains_for_iso(12800).analogue, 64.0);
  EXPECT_DOUBLE_EQ(gains_for_iso(12800).digital, 2.0);
  EXPECT_DOUBLE_EQ(gains_for_iso(102400).digital, 16.0);
}

}  // namespace
}  // namespace ispsim::fw
