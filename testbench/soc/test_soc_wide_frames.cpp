// The whole system (sensor, SoC, firmware) at the widest lines, 4096 and 8192 pixels: the NV12
// frame in DRAM equals the reference pipeline's output for the raw frame the sensor sent, at the
// addresses the NV12 layout formula gives, with padding past each line untouched.
#include <gtest/gtest.h>

#include <cstdio>

#include "firmware/capture.hpp"
#include "model/hw/soc_top.hpp"
#include "model/reference/reference_pipeline.hpp"
#include "sensor_sim/hw/sensor_module.hpp"
#include "sensor_sim/readout_modes.hpp"

namespace ispsim {
namespace {

constexpr uint8_t kSentinel = 0xA5;  // DRAM before the capture: any byte left so was not written
constexpr uint32_t kGuardBytes = 4096;

struct Bench {
  Bench(const sensor::SensorProfile& sensor_profile)
      : scene(sensor::make_scene("chart")),
        profile(sensor_profile),
        soc("soc", hw::SocConfig{}),
        sensor("sensor", *scene, profile, 7, soc.trace) {
    sensor.csi2_out.bind(soc.csi2rx.from_sensor);
    soc.cci.connect(sensor);
  }
  std::unique_ptr<sensor::Scene> scene;
  sensor::SensorProfile profile;
  hw::SocTop soc;
  sensor::SensorModule sensor;
};

std::string hex(uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%llX", static_cast<unsigned long long>(value));
  return text;
}

// Captures one frame, then checks DRAM from guard bytes before the Y plane to guard bytes after
// the CbCr plane against NV12 placed by the formula (Y row r at base + r * stride, the CbCr
// plane right after the Y plane's height * stride bytes), holding the reference pipeline's
// output for the sensor's raw frame and the ISP parameters the firmware programmed.
void expect_wide_frame_in_dram(const sensor::SensorProfile& profile,
                               const fw::CaptureConfig& capture, int width, int height) {
  Bench bench(profile);
  const uint32_t stride = capture.stride == 0 ? static_cast<uint32_t>(width) : capture.stride;
  const int chroma_rows = (height + 1) / 2;
  const uint32_t chroma_bytes = 2 * ((width + 1) / 2);
  const uint64_t y_base = capture.memory_base;
  const uint64_t uv_base = y_base + uint64_t{stride} * height;
  const uint64_t first = y_base - kGuardBytes;
  const uint64_t end = uv_base + uint64_t{stride} * chroma_rows + kGuardBytes;

  fw::CaptureResult result;
  std::vector<uint8_t> dram(end - first, kSentinel);
  bench.soc.run_firmware([&](fw::Hal& hal) {
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
  std::vector<uint8_t> expected_dram(dram.size(), kSentinel);
  for (int r = 0; r < height; ++r)
    std::copy_n(
        expected.luma.begin() + static_cast<ptrdiff_t>(r) * width, width,
        expected_dram.begin() + static_cast<ptrdiff_t>(y_base + uint64_t{stride} * r - first));
  for (int r = 0; r < chroma_rows; ++r)
    std::copy_n(
        expected.chroma.begin() + static_cast<ptrdiff_t>(r) * chroma_bytes, chroma_bytes,
        expected_dram.begin() + static_cast<ptrdiff_t>(uv_base + uint64_t{stride} * r - first));
  size_t wrong = 0;
  for (size_t i = 0; i < dram.size(); ++i)
    if (dram[i] != expected_dram[i] && ++wrong <= 5)
      ADD_FAILURE() << "DRAM byte at " << hex(first + i) << ": got " << int{dram[i]}
                    << ", expected " << int{expected_dram[i]};
  EXPECT_EQ(wrong, 0u) << "bytes differing from the reference NV12 at the formula's addresses";
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
  capture.sensor_mode = fw::SensorMode{mode.name,
                                       static_cast<uint16_t>(mode.output_width),
                                       static_cast<uint16_t>(mode.output_height),
                                       static_cast<uint16_t>(mode.line_length_pck),
                                       static_cast<uint16_t>(mode.frame_length_lines),
                                       mode.register_code,
                                       mode.pixel_clock_hz};
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
