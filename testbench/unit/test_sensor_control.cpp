// The sensor's CCI register semantics: validation, frame-boundary timing, grouped hold, HDR.
#include <gtest/gtest.h>

#include "model/common/error.hpp"
#include "model/kernels/csi2.hpp"
#include "model/regmap/regmap.hpp"
#include "sensor_sim/sensor_readout.hpp"

namespace ispsim::sensor {
namespace {

namespace sr = regs::sensor;

struct SensorControlTest : ::testing::Test {
  SensorProfile profile;
  SensorControl control{profile};
  uint16_t read(uint16_t address) {
    uint16_t value = 0;
    EXPECT_TRUE(control.cci_read(address, value));
    return value;
  }
};

TEST_F(SensorControlTest, OutOfRangeValuesAndUnknownRegistersAreRefused) {
  EXPECT_FALSE(control.cci_write(sr::ANALOGUE_GAIN, 16129));  // beyond 64x
  EXPECT_FALSE(control.cci_write(sr::X_OUTPUT_SIZE, 101));    // odd
  EXPECT_FALSE(control.cci_write(sr::CSI_DATA_FORMAT, 0x0808));
  EXPECT_FALSE(control.cci_write(sr::HDR_MODE, 4));
  EXPECT_FALSE(control.cci_write(sr::MODEL_ID, 1));  // read-only
  EXPECT_FALSE(control.cci_write(0x5000, 1));        // nothing there
  uint16_t value = 0;
  EXPECT_FALSE(control.cci_read(0x5000, value));
  EXPECT_EQ(read(sr::ANALOGUE_GAIN), 0);  // refused writes change nothing
}

TEST_F(SensorControlTest, ExposureWrittenDuringAFrameTakesEffectAtTheNextFrame) {
  control.cci_write(sr::COARSE_INTEGRATION_TIME, 1000);
  const double line_time = control.line_time_s();
  EXPECT_DOUBLE_EQ(control.begin_frame().settings.exposure_s, 1000 * line_time);
  control.cci_write(sr::COARSE_INTEGRATION_TIME, 2000);  // during that frame
  EXPECT_EQ(read(sr::COARSE_INTEGRATION_TIME), 2000);    // reads back at once
  EXPECT_DOUBLE_EQ(control.begin_frame().settings.exposure_s, 2000 * line_time);
}

TEST_F(SensorControlTest, GroupedParameterHoldReleasesSettingsTogether) {
  control.cci_write(sr::GROUPED_PARAMETER_HOLD, 1);
  control.cci_write(sr::COARSE_INTEGRATION_TIME, 500);
  control.cci_write(sr::ANALOGUE_GAIN, 8192);  // 2x
  const FrameSetup held = control.begin_frame();
  EXPECT_DOUBLE_EQ(held.settings.analogue_gain, 1.0);
  EXPECT_DOUBLE_EQ(held.settings.exposure_s, 3000 * control.line_time_s());
  control.cci_write(sr::GROUPED_PARAMETER_HOLD, 0);
  const FrameSetup released = control.begin_frame();
  EXPECT_DOUBLE_EQ(released.settings.analogue_gain, 2.0);
  EXPECT_DOUBLE_EQ(released.settings.exposure_s, 500 * control.line_time_s());
}

TEST_F(SensorControlTest, ExposureIsClampedToTheFrameLength) {
  control.cci_write(sr::COARSE_INTEGRATION_TIME, 60000);
  EXPECT_DOUBLE_EQ(control.begin_frame().settings.exposure_s, (3200 - 4) * control.line_time_s());
}

TEST_F(SensorControlTest, StaggeredHdrDelaysEachExposuresRowsByItsLength) {
  control.cci_write(sr::HDR_MODE, 3);
  control.cci_write(sr::COARSE_INTEGRATION_TIME_MEDIUM, 40);
  control.cci_write(sr::COARSE_INTEGRATION_TIME_SHORT, 5);
  control.cci_write(sr::CSI_DATA_FORMAT, 0x0A0A);
  const FrameSetup frame = control.begin_frame();
  EXPECT_EQ(frame.exposures, 3);
  EXPECT_EQ(frame.link_bits, 10);
  EXPECT_EQ(frame.readout_offset_lines[1], 40);
  EXPECT_EQ(frame.readout_offset_lines[2], 45);
  EXPECT_EQ(frame.readout_lines(), 3072 + 45);
  EXPECT_DOUBLE_EQ(frame.exposure_s[2], 5 * control.line_time_s());
  // Slot 45: long row 45, medium row 5, short row 0, in that order.
  const auto rows = rows_in_slot(frame, 45);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], std::make_pair(0, 45));
  EXPECT_EQ(rows[1], std::make_pair(1, 5));
  EXPECT_EQ(rows[2], std::make_pair(2, 0));
  // Every row of every exposure is read out exactly once.
  int count = 0;
  for (int slot = 0; slot < frame.readout_lines(); ++slot)
    count += static_cast<int>(rows_in_slot(frame, slot).size());
  EXPECT_EQ(count, 3 * 3072);
}

TEST_F(SensorControlTest, SensorModeIsShadowedAndUnknownModesAreRefused) {
  EXPECT_FALSE(control.cci_write(sr::SENSOR_MODE, 6));
  EXPECT_FALSE(control.cci_write(sr::DCG_MODE, 3));
  EXPECT_EQ(control.begin_frame().settings.width, 4096);  // reset: binned
  EXPECT_TRUE(control.cci_write(sr::SENSOR_MODE, 3));     // 4K, during frame 0
  EXPECT_TRUE(control.cci_write(sr::DCG_MODE, 1));
  EXPECT_EQ(control.mode().name, "binned");  // not before the next frame start
  const FrameSetup frame = control.begin_frame();
  EXPECT_EQ(frame.mode->name, "4k");
  EXPECT_EQ(frame.settings.width, 3840);  // the mode's size wins over X/Y_OUTPUT_SIZE
  EXPECT_EQ(frame.settings.height, 2160);
  EXPECT_EQ(frame.settings.dcg_ratio, 4);
  control.cci_write(sr::SENSOR_MODE, 1);  // full resolution: DCG does not apply
  EXPECT_EQ(control.begin_frame().settings.dcg_ratio, 0);
}

TEST(Csi2RawFormats, Raw10AndRaw14PackAndUnpackExactly) {
  std::vector<uint16_t> pixels = {0x3FF, 0x001, 0x2AA, 0x155, 0, 0x200, 0x3FE, 0x0F0};
  for (int bits : {10, 14}) {
    const uint16_t max = static_cast<uint16_t>((1 << bits) - 1);
    for (auto& p : pixels)
      p = static_cast<uint16_t>((p * 37 + bits) & max);
    std::vector<uint8_t> bytes(csi2::raw_payload_bytes(bits, 8));
    EXPECT_EQ(bytes.size(), bits == 10 ? 10u : 14u);
    csi2::pack_raw(bits, pixels.data(), 8, bytes.data());
    std::vector<uint16_t> back(8);
    csi2::unpack_raw(bits, bytes.data(), 8, back.data());
    EXPECT_EQ(back, pixels) << bits;
  }
  // RAW14 layout: high bytes first, then the 6-bit remainders packed from the lowest bit.
  const uint16_t four[] = {0x3FFF, 0x0000, 0x0001, 0x0040};
  uint8_t packed[7];
  csi2::pack_raw14(four, 4, packed);
  EXPECT_EQ(packed[0], 0xFF);
  EXPECT_EQ(packed[2], 0x00);
  EXPECT_EQ(packed[3], 0x01);
  EXPECT_EQ(packed[4], 0x3F);  // pixel 0's remainder in bits 0..5
  EXPECT_EQ(packed[5], 0x10);  // pixel 2's remainder (1) starts at bit 12
  EXPECT_THROW(csi2::raw_data_type(8), ModelError);
}

TEST(Csi2RawFormats, ReceiverNormalisesToTwelveBits) {
  EXPECT_EQ(csi2::to_isp_depth(0x3FF, 10), 0xFFC);
  EXPECT_EQ(csi2::to_isp_depth(0x3FFF, 14), 0xFFF);
  EXPECT_EQ(csi2::to_isp_depth(0x123, 12), 0x123);
}

}  // namespace
}  // namespace ispsim::sensor
