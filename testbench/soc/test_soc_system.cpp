// The whole system: firmware on the SystemC SoC against firmware on the reference platform, and
// faults reported the way hardware reports them.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <utility>

#include "apps/system/cpu_hal.hpp"
#include "apps/system/module_calibration.hpp"
#include "apps/system/simulation.hpp"
#include "model/blocks/pipeline.hpp"
#include "model/common/error.hpp"
#include "model/hw/soc_top.hpp"
#include "model/reference/frame_blocks.hpp"
#include "sensor_sim/fixed_pattern.hpp"
#include "sensor_sim/hw/sensor_module.hpp"
#include "sensor_sim/readout_modes.hpp"
#include "sensor_sim/sensor_profile_json.hpp"
#include "testbench/soc/soc_bench.hpp"

namespace ispsim {
namespace {

// The module's lens shading, calibrated once from a small flat field (any size has the same
// field of view).
const fw::blocks::LensShading::Grid& calibrated_shading() {
  static const fw::blocks::LensShading::Grid grid = fw::blocks::lens_shading_for_cct(
      platform::calibrate_module(platform::SimulationOptions().profile, nullptr, 0, 0, {512, 384})
          .shading,
      6500);
  return grid;
}

platform::SimulationOptions small_frame(platform::Backend backend) {
  platform::SimulationOptions o;
  o.backend = backend;
  o.seed = 42;
  o.capture.width = 96;
  o.capture.height = 64;
  o.capture.tuning.lens_shading.gain = calibrated_shading();
  return o;
}

// The same run on the functional reference platform.
platform::SimulationOptions on_reference(platform::SimulationOptions options) {
  options.backend = platform::Backend::kReference;
  return options;
}

double mean_luma_in(const Nv12Frame& frame, int x0, int y0, int w, int h) {
  double sum = 0;
  for (int y = y0; y < y0 + h; ++y)
    for (int x = x0; x < x0 + w; ++x)
      sum += frame.luma[static_cast<size_t>(y) * frame.width + x];
  return sum / (w * h);
}

// Issue 8's target: corner / centre luma >= 0.95 on a flat field once the module is calibrated
// (held here to 0.97; it is about 0.76 without: the lens loses about 0.8 EV at the corners).
// The factory calibration finds the unit's defects from its raw frames alone; the test holds it
// against the sensor's truth (which the firmware never sees).
TEST(ModuleCalibration, FindsTheUnitsHotAndDeadPixels) {
  const sensor::SensorProfile profile = platform::SimulationOptions().profile;
  const int w = 512, h = 384;
  const auto module =
      platform::calibrate_module(profile, &sensor::readout_modes().front(), w, h, {});
  std::set<std::pair<int, int>> truth, found;
  const sensor::FixedPattern pattern(profile, 25.0);
  sensor::FixedPatternRow row;
  for (int y = 0; y < h; ++y) {
    pattern.row(y, w, row);
    for (int x = 0; x < w; ++x)
      if (row.defect[static_cast<size_t>(x)] != sensor::kNoDefect) truth.insert({x, y});
  }
  for (const auto& d : module.defects)
    found.insert({d.where.x, d.where.y});
  ASSERT_GT(truth.size(), 10u);  // about 1.2e-4 of 196608 pixels
  size_t hits = 0;
  for (const auto& place : found)
    hits += truth.count(place);
  EXPECT_GE(hits, truth.size() * 95 / 100) << "found " << found.size() << " of " << truth.size();
  EXPECT_LE(found.size() - hits, truth.size() / 20) << "false alarms";
}

// The 3A statistics the firmware reads back: the same on both backends, and what the statistics
// unit makes of the frame leaving green balance.
TEST(Statistics, FirmwareReadsBackWhatTheUnitGathered) {
  const auto scene = sensor::make_scene("chart");
  auto soc_options = small_frame(platform::Backend::kSoc);
  soc_options.capture.statistics = true;
  soc_options.capture.statistics_dark = 20;
  const auto soc = platform::simulate(*scene, soc_options);
  const auto ref = platform::simulate(*scene, on_reference(soc_options));
  ASSERT_TRUE(soc.capture.ok) << soc.capture.error;
  ASSERT_TRUE(ref.capture.ok) << ref.capture.error;
  ASSERT_TRUE(soc.capture.statistics && ref.capture.statistics);
  const fw::IspStatistics& a = *soc.capture.statistics;
  const fw::IspStatistics& b = *ref.capture.statistics;
  EXPECT_EQ(a.width, 96);
  EXPECT_EQ(a.quads, 48u * 32);
  EXPECT_EQ(a.histogram, b.histogram);
  ASSERT_EQ(a.zones.size(), b.zones.size());
  auto words = [](const fw::IspStatistics::Zone& z) {
    return std::vector<uint32_t>{z.red_sum,  z.green_sum, z.blue_sum, z.white_quads,
                                 z.luma_sum, z.quads,     z.focus_sum};
  };
  for (size_t z = 0; z < a.zones.size(); ++z)
    ASSERT_EQ(words(a.zones[z]), words(b.zones[z])) << "zone " << z;
  // The unit's own result for the frame as it left green balance.
  stats::Accumulator unit;
  const Image16 tap = frame_after_block(ref.raw, ref.isp_params, stats::kTapBlock);
  unit.begin(tap.width(), tap.height(), 0, ref.isp_params.stats);
  for (int y = 0; y < tap.height(); ++y)
    unit.add_row(y, tap.row(y));
  EXPECT_TRUE(std::equal(a.histogram.begin(), a.histogram.end(), unit.histogram().begin()));
  for (size_t z = 0; z < a.zones.size(); ++z) {
    const auto first = unit.zones().begin() + static_cast<std::ptrdiff_t>(z * stats::kZoneWords);
    ASSERT_EQ(words(a.zones[z]), std::vector<uint32_t>(first, first + stats::kZoneWords))
        << "zone " << z;
  }
  EXPECT_GT(a.zones[0].quads, 0u);
}

TEST(Statistics, ABufferOverTheFrameIsRefusedByTheFirmware) {
  auto options = on_reference(small_frame(platform::Backend::kSoc));
  options.capture.statistics = true;
  options.capture.statistics_base = options.capture.memory_base + 100;
  const auto result = platform::simulate(*sensor::make_scene("flat"), options);
  EXPECT_FALSE(result.capture.ok);
  EXPECT_NE(result.capture.error.find("overlaps the frame's NV12 planes"), std::string::npos)
      << result.capture.error;
}

TEST(Statistics, ABufferOutsideMemoryIsABusError) {
  const auto scene = sensor::make_scene("flat");
  auto options = small_frame(platform::Backend::kSoc);
  options.capture.statistics = true;
  options.capture.statistics_base = 0x40000000;  // nothing is mapped there
  for (const platform::SimulationOptions& o : {options, on_reference(options)}) {
    const auto result = platform::simulate(*scene, o);
    EXPECT_FALSE(result.capture.ok);
    EXPECT_NE(result.capture.error.find("statistics bus error writing 0x40000000"),
              std::string::npos)
        << result.capture.error;
  }
}

TEST(LensShadingEndToEnd, CalibratedModuleGivesAFlatField) {
  const auto scene = sensor::make_scene("flat");
  auto options = small_frame(platform::Backend::kReference);
  options.capture.width = 256;
  options.capture.height = 192;
  for (const bool corrected : {true, false}) {
    options.capture.tuning.lens_shading.bypass = !corrected;
    const auto result = platform::simulate(*scene, options);
    ASSERT_TRUE(result.capture.ok) << result.capture.error;
    const Nv12Frame& f = result.frame;
    const double centre = mean_luma_in(f, 112, 80, 32, 32);
    for (const auto& [x, y] : {std::pair{0, 0}, {224, 0}, {0, 160}, {224, 160}}) {
      const double ratio = mean_luma_in(f, x, y, 32, 32) / centre;
      if (corrected)
        EXPECT_GE(ratio, 0.97) << "corner " << x << "," << y;
      else
        EXPECT_LE(ratio, 0.85) << "corner " << x << "," << y;
    }
  }
}

TEST(SocVersusReference, SameFirmwareGivesIdenticalFrames) {
  const auto scene = sensor::make_scene("chart");
  const auto soc = platform::simulate(*scene, small_frame(platform::Backend::kSoc));
  const auto ref = platform::simulate(*scene, small_frame(platform::Backend::kReference));
  ASSERT_TRUE(soc.capture.ok) << soc.capture.error;
  ASSERT_TRUE(ref.capture.ok) << ref.capture.error;
  EXPECT_EQ(soc.frame.width, 96);
  EXPECT_EQ(soc.frame.luma.size(), 96u * 64);
  EXPECT_TRUE(soc.frame == ref.frame) << "SoC and reference frames differ";
  // Not a blank frame: the chart has dark and bright regions.
  const auto [lo, hi] = std::minmax_element(soc.frame.luma.begin(), soc.frame.luma.end());
  EXPECT_LT(*lo, 60);
  EXPECT_GT(*hi, 150);
  EXPECT_TRUE(soc.timing.measured);
  EXPECT_EQ(soc.timing.bound_by, "sensor");
}

TEST(SocTiming, FrameCyclesMatchTheHandCalculation) {
  const auto scene = sensor::make_scene("flat");
  const auto o = small_frame(platform::Backend::kSoc);  // 96x64, 600 MHz, 2 px/clk
  const auto result = platform::simulate(*scene, o);
  ASSERT_TRUE(result.capture.ok) << result.capture.error;
  const double clock_hz = o.soc.isp_clock_hz;
  const int width = 96, height = 64;
  // Readout: frame start to the end of the last line, at the derived mode's line time.
  const double line_time_s = (width + 904) / 480e6;
  const double readout = height * line_time_s * clock_hz;  // 80000 clocks
  // Drain: the last line waits for the frame end to leave each windowed block (a (2r+1)-row
  // window flushes the r lines it holds: one line time each), then passes the blocks' pipeline
  // latencies as each block declares them, streams into the DMA at 2 bytes per clock, and
  // crosses the interconnect hop, the DRAM bus (the Y and CbCr bursts) and the DRAM latency.
  int latencies = 0, held_lines = 0;
  for (const auto& block : blocks::pipeline_descriptors()) {
    latencies += block.latency_cycles;
    held_lines += block.window_radius();
  }
  const double line_clocks = width / 2 + o.soc.line_overhead_cycles;
  const double bus_ns =
      o.soc.interconnect_latency_ns + 2 * (width / 12.8) + o.soc.memory_latency_ns;
  const double drain = held_lines * line_clocks + latencies + width / 2 + bus_ns * 1e-9 * clock_hz;
  EXPECT_NEAR(static_cast<double>(result.timing.frame_cycles), readout + drain, 1.0);
  // The blocks were busy one line time per line (the demosaic six more for its flush).
  const auto busy_cycles = [&](const std::string& name) {
    for (const auto& block : result.blocks)
      if (block.name == name) return block.cycles;
    ADD_FAILURE() << "no ISP block named " << name;
    return uint64_t{0};
  };
  EXPECT_EQ(busy_cycles("black_level"), static_cast<uint64_t>(height * line_clocks));
  EXPECT_EQ(busy_cycles("demosaic"), static_cast<uint64_t>((height + 6) * line_clocks));
  for (const auto& block : result.blocks)
    EXPECT_EQ(block.stall_cycles, 0u) << block.name;
}

double mean_luma(const Nv12Frame& frame) {
  double sum = 0;
  for (uint8_t y : frame.luma)
    sum += y;
  return sum / static_cast<double>(frame.luma.size());
}

TEST(SocVersusReference, StaggeredHdrShortExposureOverRaw10IsIdentical) {
  const auto scene = sensor::make_scene("chart");
  auto soc_options = small_frame(platform::Backend::kSoc);
  soc_options.capture.hdr_exposures = 3;
  soc_options.capture.hdr_channel = 2;  // the shortest exposure, on virtual channel 2
  soc_options.capture.link_bits = 10;
  const auto ref_options = on_reference(soc_options);
  const auto soc = platform::simulate(*scene, soc_options);
  const auto ref = platform::simulate(*scene, ref_options);
  ASSERT_TRUE(soc.capture.ok) << soc.capture.error;
  ASSERT_TRUE(ref.capture.ok) << ref.capture.error;
  EXPECT_TRUE(soc.frame == ref.frame) << "SoC and reference differ for HDR over RAW10";
  // The short exposure is 1/64 of the long one: far darker than the long exposure's frame.
  auto long_options = ref_options;
  long_options.capture.hdr_channel = 0;
  const auto long_exposure = platform::simulate(*scene, long_options);
  ASSERT_TRUE(long_exposure.capture.ok) << long_exposure.capture.error;
  EXPECT_LT(mean_luma(soc.frame) * 2, mean_luma(long_exposure.frame));
}

// The ISP merges the staggered exposures: the receiver forwards every virtual channel, the ISP's
// input holds the earlier exposures' rows for the sensor's line offsets, and both backends give
// the same bits. The buffers' peak: with exposure k's rows read `offset_k` line slots after the
// first's (offset_1 = the medium exposure's lines, offset_2 = medium + short), just before the
// last exposure's row y arrives the input holds rows y..y+offset_last of exposure 0 and
// y..y+offset_last-offset_1 of exposure 1.
void expect_merged_hdr_identical(int exposures) {
  const auto scene = sensor::make_scene("hdr");
  {
    auto soc_options = small_frame(platform::Backend::kSoc);
    soc_options.capture.width = 128;
    soc_options.capture.height = 96;
    // Offsets well inside the frame (the rows of 128 pixels take about 2 us).
    soc_options.capture.exposure_s = 0.0003;
    soc_options.capture.hdr_exposures = exposures;
    soc_options.capture.hdr_medium_exposure_s = 0.0003 / 4;
    soc_options.capture.hdr_short_exposure_s = 0.0003 / 16;
    soc_options.capture.tuning.hdr_merge.bypass = false;
    soc_options.capture.link_bits = exposures == 2 ? 10 : 12;
    const auto soc = platform::simulate(*scene, soc_options);
    const auto ref = platform::simulate(*scene, on_reference(soc_options));
    ASSERT_TRUE(soc.capture.ok) << soc.capture.error;
    ASSERT_TRUE(ref.capture.ok) << ref.capture.error;
    EXPECT_TRUE(soc.frame == ref.frame) << exposures << " exposures";
    EXPECT_FALSE(soc.isp_params.hdr_merge.bypass);
    EXPECT_EQ(soc.isp_params.hdr_merge.exposures, exposures);
    ASSERT_EQ(soc.later_exposures.size(), static_cast<size_t>(exposures - 1));

    const double line_s = soc.capture.mode.line_time_s();
    const int medium = static_cast<int>(std::lround(0.0003 / 4 / line_s));
    const int shortest = static_cast<int>(std::lround(0.0003 / 16 / line_s));
    ASSERT_LT(medium + shortest, 48);
    const int last_offset = exposures == 3 ? medium + shortest : medium;
    const int lines = (last_offset + 1) + (exposures == 3 ? last_offset - medium + 1 : 0);
    EXPECT_EQ(soc.exposure_buffer_bytes, static_cast<uint64_t>(lines) * (128 * 14 / 8))
        << exposures << " exposures, offsets " << medium << ", " << shortest;

    // Merged, the frame holds the long exposure's shadows and the short one's highlights: a
    // single exposure's frame of the same scene differs.
    auto single = on_reference(soc_options);
    single.capture.tuning.hdr_merge.bypass = true;
    const auto one = platform::simulate(*scene, single);
    ASSERT_TRUE(one.capture.ok) << one.capture.error;
    EXPECT_FALSE(one.frame == ref.frame);
  }
}

TEST(SocVersusReference, StaggeredHdrTwoExposuresMergedOverRaw10IsIdentical) {
  expect_merged_hdr_identical(2);
}

TEST(SocVersusReference, StaggeredHdrThreeExposuresMergedIsIdentical) {
  expect_merged_hdr_identical(3);
}

// The firmware's datasheet levels of the dual-gain codes are the sensor's.
TEST(DualGain, FirmwareCodeLevelsAreTheSensors) {
  const sensor::SensorProfile profile = sensor::make_sensor_profile("imx989-binned");
  for (int ratio : {4, 16}) {
    sensor::SensorSettings settings;
    settings.dcg_ratio = ratio;
    const sensor::RawFormat format = sensor::raw_format(profile, settings);
    const fw::RawCodes codes = fw::dcg_codes(ratio);
    EXPECT_EQ(codes.bits, format.bits) << ratio;
    EXPECT_EQ(codes.black, format.black_level_dn) << ratio;
    EXPECT_EQ(codes.white, format.white_level_dn) << ratio;
  }
}

// Dual conversion gain's 14-bit code over RAW14: the receiver keeps its depth and the merge
// compands it; the backends agree, and the frame differs from the code narrowed to 12 bits.
TEST(SocVersusReference, DualGainCodeCompandedFromRaw14IsIdentical) {
  const auto scene = sensor::make_scene("wedge");
  auto soc_options = small_frame(platform::Backend::kSoc);
  soc_options.capture.dcg_ratio = 16;
  soc_options.capture.link_bits = 14;
  soc_options.capture.tuning.hdr_merge.bypass = false;
  ASSERT_TRUE(fw::receiver_keeps_depth(soc_options.capture));
  const auto soc = platform::simulate(*scene, soc_options);
  const auto ref = platform::simulate(*scene, on_reference(soc_options));
  ASSERT_TRUE(soc.capture.ok) << soc.capture.error;
  ASSERT_TRUE(ref.capture.ok) << ref.capture.error;
  EXPECT_TRUE(soc.frame == ref.frame);
  EXPECT_EQ(soc.isp_params.hdr_merge.black, 64);
  EXPECT_EQ(soc.isp_params.hdr_merge.exposures, 1);
  auto narrow = on_reference(soc_options);
  narrow.capture.link_bits = 12;
  ASSERT_FALSE(fw::receiver_keeps_depth(narrow.capture));
  const auto narrowed = platform::simulate(*scene, narrow);
  ASSERT_TRUE(narrowed.capture.ok) << narrowed.capture.error;
  EXPECT_EQ(narrowed.isp_params.hdr_merge.black, 16);  // 64 at 14 bits
  EXPECT_FALSE(narrowed.frame == ref.frame);
  // The same scene without dual gain: the code's levels were taken right, so the frame is about
  // as bright (a code read at the wrong depth would be four times darker before the curve).
  auto plain = on_reference(small_frame(platform::Backend::kSoc));
  const auto normal = platform::simulate(*scene, plain);
  ASSERT_TRUE(normal.capture.ok) << normal.capture.error;
  EXPECT_NEAR(mean_luma(ref.frame), mean_luma(normal.frame), 0.15 * mean_luma(normal.frame));
  // Without the merge the code, narrowed to 12 bits, is one linear exposure: its own levels in
  // black level give the same brightness.
  auto unmerged = on_reference(soc_options);
  unmerged.capture.tuning.hdr_merge.bypass = true;
  const auto linear = platform::simulate(*scene, unmerged);
  ASSERT_TRUE(linear.capture.ok) << linear.capture.error;
  EXPECT_TRUE(linear.isp_params.hdr_merge.bypass);
  EXPECT_EQ(linear.isp_params.black_level.level[0], 16);  // 64 at 14 bits
  EXPECT_NEAR(mean_luma(linear.frame), mean_luma(normal.frame), 0.15 * mean_luma(normal.frame));
}

TEST(SocVersusReference, Raw14LinkIsIdentical) {
  const auto scene = sensor::make_scene("chart");
  auto soc_options = small_frame(platform::Backend::kSoc);
  soc_options.capture.link_bits = 14;
  const auto ref_options = on_reference(soc_options);
  const auto soc = platform::simulate(*scene, soc_options);
  const auto ref = platform::simulate(*scene, ref_options);
  ASSERT_TRUE(soc.capture.ok) << soc.capture.error;
  EXPECT_TRUE(soc.frame == ref.frame);
  // A 12-bit ADC widened to 14 bits on the link and narrowed back by the receiver loses
  // nothing: the frame equals the RAW12 one.
  const auto raw12 = platform::simulate(*scene, small_frame(platform::Backend::kReference));
  EXPECT_TRUE(ref.frame == raw12.frame);
}

TEST(SocVersusReference, SensorReadoutModeSelectedByFirmwareIsIdentical) {
  const auto scene = sensor::make_scene("chart");
  auto soc_options = small_frame(platform::Backend::kSoc);
  const sensor::ReadoutMode& mode = sensor::find_readout_mode(soc_options.profile, "720p");
  soc_options.capture.sensor_mode = platform::driver_mode(mode);
  soc_options.capture.exposure_s = 0.002;
  const auto ref_options = on_reference(soc_options);
  const auto soc = platform::simulate(*scene, soc_options);
  const auto ref = platform::simulate(*scene, ref_options);
  ASSERT_TRUE(soc.capture.ok) << soc.capture.error;
  EXPECT_EQ(soc.frame.width, 1280);
  EXPECT_EQ(soc.frame.height, 720);
  EXPECT_TRUE(soc.frame == ref.frame);
  // 720 lines of the mode's 1.92 us line time (the frame's readout at 600 MHz), then the drain:
  // a line per windowed block's radius and a line into the DMA, each at most a line time.
  int held_lines = 0;
  for (const auto& block : blocks::pipeline_descriptors())
    held_lines += block.window_radius();
  const double line_cycles = mode.line_time_s() * soc_options.soc.isp_clock_hz;
  const double readout = 720 * line_cycles;
  EXPECT_GE(static_cast<double>(soc.timing.frame_cycles), readout);
  EXPECT_LE(static_cast<double>(soc.timing.frame_cycles), readout + (held_lines + 1) * line_cycles);
}

using test::SocBench;

TEST(SocBus, CpuReportsAnUnmappedAddressAsABusErrorNamingIt) {
  SocBench bench;
  try {
    bench.soc.run_program([](hw::BusMaster& bus) { bus.write32(0x1000F000, 1); });
    FAIL() << "expected BusError";
  } catch (const BusError& error) {
    EXPECT_NE(std::string(error.what()).find("write to 0x1000F000"), std::string::npos)
        << error.what();
  }
}

TEST(SocBus, UnmappedAddressIsABusErrorNotACrash) {
  SocBench bench;
  EXPECT_THROW(platform::run_firmware(bench.soc, [](fw::Hal& hal) { hal.read32(0x1000F000); }),
               fw::FirmwareError);
}

TEST(SocBus, RegisterReadBackAndWriteOneToClearOverTheBus) {
  SocBench bench;
  platform::run_firmware(bench.soc, [](fw::Hal& hal) {
    hal.write32(regs::isp::WB_GAIN, 0x1234);
    EXPECT_EQ(hal.read32(regs::isp::WB_GAIN), 0x1234u);
    EXPECT_EQ(regs::isp::HW_CONFIG_PIXELS_PER_CLOCK.get(hal.read32(regs::isp::HW_CONFIG)), 2u);
    hal.write32(regs::isp::ID, 0);  // read-only: ignored
    EXPECT_EQ(regs::isp::ID_MAJOR.get(hal.read32(regs::isp::ID)), 1u);
  });
}

TEST(SocFaults, DmaOutsideMemoryRaisesDmaErrorWithTheAddress) {
  const auto scene = sensor::make_scene("flat");
  auto o = small_frame(platform::Backend::kSoc);
  o.capture.memory_base = static_cast<uint32_t>(o.soc.memory_base + o.soc.memory_bytes - 4096);
  const auto result = platform::simulate(*scene, o);
  EXPECT_FALSE(result.capture.ok);
  EXPECT_NE(result.capture.error_bits & regs::irq_bit::kDmaError, 0u);
  EXPECT_NE(result.capture.error.find("DMA"), std::string::npos) << result.capture.error;
}

TEST(SocFaults, ReferenceReportsTheSameDmaFault) {
  const auto scene = sensor::make_scene("flat");
  auto o = small_frame(platform::Backend::kReference);
  o.capture.memory_base = static_cast<uint32_t>(o.soc.memory_base + o.soc.memory_bytes - 4096);
  const auto result = platform::simulate(*scene, o);
  EXPECT_FALSE(result.capture.ok);
  EXPECT_NE(result.capture.error_bits & regs::irq_bit::kDmaError, 0u);
}

TEST(SocFaults, CorruptedPayloadIsCountedAsCrcError) {
  SocBench bench;
  bench.sensor.packet_hook = [](std::vector<uint8_t>& packet, int line) {
    if (line == 3) packet[10] ^= 0x40;
  };
  fw::CaptureConfig capture;
  capture.width = 32;
  capture.height = 16;
  fw::CaptureResult result;
  platform::run_firmware(bench.soc,
                         [&](fw::Hal& hal) { result = fw::capture_frame(hal, capture); });
  EXPECT_FALSE(result.ok);
  EXPECT_NE(result.error_bits & regs::irq_bit::kCsi2Error, 0u);
  EXPECT_EQ(result.csi2.crc_errors, 1u);  // as firmware read it before clearing
}

TEST(SocFaults, SingleBitHeaderErrorIsCorrectedAndCounted) {
  SocBench bench;
  bench.sensor.packet_hook = [](std::vector<uint8_t>& packet, int line) {
    if (line == 2) packet[1] ^= 0x08;  // word count bit
  };
  fw::CaptureConfig capture;
  capture.width = 32;
  capture.height = 16;
  fw::CaptureResult result;
  platform::run_firmware(bench.soc,
                         [&](fw::Hal& hal) { result = fw::capture_frame(hal, capture); });
  EXPECT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.csi2.ecc_corrected, 1u);
}

TEST(SocFaults, IspTooSlowOverflowsTheRxFifo) {
  const auto scene = sensor::make_scene("flat");
  auto o = small_frame(platform::Backend::kSoc);
  o.soc.isp_clock_hz = 1e6;  // 1 MHz: far slower than the sensor's line rate
  o.soc.pixels_per_clock = 1;
  const auto result = platform::simulate(*scene, o);
  EXPECT_FALSE(result.capture.ok);
  EXPECT_NE(result.capture.error_bits & regs::irq_bit::kRxOverflow, 0u);
}

}  // namespace
}  // namespace ispsim
