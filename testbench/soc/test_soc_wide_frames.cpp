// The whole system (sensor, SoC, firmware) at the widest lines, 4096 and 8192 pixels: the NV12
// frame in DRAM equals the reference pipeline's output for the raw frame the sensor sent, at the
// addresses the NV12 layout formula gives, with padding past each line untouched.
#include <gtest/gtest.h>

#include <algorithm>

#include "apps/system/cpu_hal.hpp"
#include "apps/system/simulation.hpp"
#include "firmware/capture.hpp"
#include "sensor_sim/readout_modes.hpp"
#include "testbench/soc/nv12_in_memory.hpp"
#include "testbench/soc/soc_bench.hpp"

namespace ispsim {
namespace {

constexpr uint32_t kGuardBytes = 4096;

// Captures one frame, then checks DRAM from guard bytes before the Y plane to guard bytes after
// the CbCr plane against NV12 placed by the formula (Y row r at base + r * stride, the CbCr
// plane right after the Y plane's height * stride bytes), holding the reference pipeline's
// output for the sensor's raw frame and the ISP parameters the firmware programmed.
void expect_wide_frame_in_dram(const sensor::SensorProfile& profile,
                               const fw::CaptureConfig& capture, int width, int height) {
  test::SocBench bench("chart", profile, 7);
  const uint32_t stride = capture.stride == 0 ? static_cast<uint32_t>(width) : capture.stride;
  const uint64_t y_base = capture.memory_base;
  const test::Nv12Placement at{y_base, y_base + uint64_t{stride} * height, stride};
  const uint64_t first = y_base - kGuardBytes;
  const uint64_t end = at.uv_base + uint64_t{stride} * ((height + 1) / 2) + kGuardBytes;

  fw::CaptureResult result;
  std::vector<uint8_t> dram(end - first, test::kUnwrittenByte);
  platform::run_firmware(bench.soc, [&](fw::Hal& hal) {
    hal.write_memory(first, dram.data(), dram.size());
    result = fw::capture_frame(hal, capture);
    hal.read_memory(first, dram.data(), dram.size());
  });
  ASSERT_TRUE(result.ok) << result.error;
  ASSERT_EQ(result.width, width);
  ASSERT_EQ(result.height, height);

  const Image16& raw = bench.sensor.last_raw_frame();
  ASSERT_EQ(raw.width(), width);
  const Nv12Frame expected = run_reference_pipeline(raw, bench.soc.isp.params());
  test::expect_same_memory(dram, test::nv12_memory_image(expected, at, first, dram.size()), first);
  // Not a flat frame, whose misplaced lines could look right: the chart has dark and bright parts.
  const auto [lo, hi] = std::minmax_element(expected.luma.begin(), expected.luma.end());
  EXPECT_GT(*hi - *lo, 100);
}

fw::CaptureConfig wide_capture(int width, int height, uint32_t stride) {
  fw::CaptureConfig capture;
  capture.width = width;
  capture.height = height;
  capture.stride = stride;
  // Off any 64 KiB boundary: base and offset bits differ.
  capture.memory_base = 0x80000000u + 0x11230u;
  return capture;
}

TEST(SocWideFrames, Width4096FrameInDramIsTheReferenceAtFormulaAddresses) {
  expect_wide_frame_in_dram(sensor::SensorProfile{}, wide_capture(4096, 20, 0), 4096, 20);
}

TEST(SocWideFrames, Width4096WithPaddedStrideFrameInDramIsTheReferenceAtFormulaAddresses) {
  expect_wide_frame_in_dram(sensor::SensorProfile{}, wide_capture(4096, 18, 4096 + 320), 4096, 18);
}

// A sensor only 16 native rows high, so its full-resolution (remosaic) mode gives 8192-pixel
// lines in a frame small enough for a unit test. Its line time (20.8 us) leaves the ISP at two
// pixels per clock (6.9 us a line) ahead of the sensor.
sensor::SensorProfile short_8192_wide_profile() {
  sensor::SensorProfile profile;
  profile.name = "test-8192x16";
  profile.array_width_px = 4096;
  profile.array_height_px = 8;
  using F = sensor::ModeFormation;
  const double pck = profile.pixel_clock_hz;
  profile.modes = {
      {"binned", 0, F::kBinned, 4096, 8, 0, 0, 8192, 16, 1, 5000, 16, pck, pck / (5000 * 16)},
      {"full", 1, F::kFullRemosaic, 8192, 16, 0, 0, 8192, 16, 1, 10000, 24, pck,
       pck / (10000 * 24)},
  };
  sensor::validate_readout_modes(profile);
  return profile;
}

fw::CaptureConfig full_mode_capture(const sensor::SensorProfile& profile, uint32_t stride) {
  const sensor::ReadoutMode& mode = sensor::find_readout_mode(profile, "full");
  fw::CaptureConfig capture = wide_capture(mode.output_width, mode.output_height, stride);
  capture.sensor_mode = platform::driver_mode(mode);
  return capture;
}

TEST(SocWideFrames, Width8192FrameInDramIsTheReferenceAtFormulaAddresses) {
  const auto profile = short_8192_wide_profile();
  expect_wide_frame_in_dram(profile, full_mode_capture(profile, 0), 8192, 16);
}

TEST(SocWideFrames, Width8192WithPaddedStrideFrameInDramIsTheReferenceAtFormulaAddresses) {
  const auto profile = short_8192_wide_profile();
  expect_wide_frame_in_dram(profile, full_mode_capture(profile, 8192 + 256), 8192, 16);
}

}  // namespace
}  // namespace ispsim
