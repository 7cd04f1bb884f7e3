#include "firmware/capture.hpp"

#include <algorithm>
#include <cstdio>

#include "firmware/hdr.hpp"
#include "firmware/irq.hpp"
#include "firmware/isp_driver.hpp"
#include "firmware/logging_hal.hpp"
#include "model/regmap/regmap.hpp"

namespace ispsim::fw {
namespace {

namespace irq_bit = regs::irq_bit;

constexpr double kTimeoutFrames = 10.0;
constexpr double kTimeoutMarginUs = 100000.0;

// Thrown inside the sequence when an error interrupt stops the capture.
struct HardwareErrorStop {
  uint32_t events;
};

class CaptureSequence {
 public:
  CaptureSequence(Hal& hal, const CaptureConfig& config, CaptureResult& result)
      : hal_(hal),
        config_(config),
        result_(result),
        irq_(hal),
        cci_(hal, irq_, config.timeouts.cci_us),
        sensor_(cci_),
        isp_(hal),
        dma_(hal),
        csi2_(hal),
        read_dma_(hal) {}

  void run() {
    if (config_.raw_input != nullptr) return reprocess_raw();
    result_.mode =
        fit_hdr(fit_exposure(config_.sensor_mode ? *config_.sensor_mode
                                                 : mode_for_size(config_.width, config_.height),
                             config_.exposure_s),
                config_.hdr_exposures, later_exposure_s(0, config_.exposure_s),
                later_exposure_s(1, config_.exposure_s));
    result_.layout =
        nv12_layout(config_.memory_base, result_.mode.width, result_.mode.height, config_.stride);
    irq_.reset();
    configure_sensor();
    configure_soc(true);
    stream_one_frame();
    if (config_.statistics) wait_for_statistics();
    read_back();
  }

  // The raw goes behind the frame's planes and statistics; the read DMA streams it through the
  // ISP, whose frame count says when its frame is done.
  void reprocess_raw() {
    // Worked out (and checked) before anything is programmed.
    const ReprocessingPlacement place = place_for_reprocessing(config_);
    result_.mode = SensorMode{};
    result_.mode.name = "memory";
    result_.mode.width = static_cast<uint16_t>(config_.width);
    result_.mode.height = static_cast<uint16_t>(config_.height);
    result_.layout = place.frame;
    irq_.reset();
    configure_soc(false);
    result_.raw_layout = place.raw;
    place_raw(result_.raw_layout);
    read_dma_.clear_errors();
    const uint16_t isp_base = isp_.frame_count();
    read_dma_.start(result_.raw_layout);
    wait_for_frames_done(timeout_us(config_.timeouts.frame_done_us),
                         "the last FRAME_DONE of the raw from memory", [&] {
                           completed_frames_ = static_cast<uint16_t>(isp_.frame_count() - isp_base);
                           return completed_frames_ >= 1;
                         });
    result_.frames_streamed = 0;  // the sensor sent none
    if (config_.statistics) wait_for_statistics();
    read_back();
  }

  // 16-bit little-endian words, a line at a time.
  void place_raw(const RawLayout& layout) {
    std::vector<uint8_t> line(layout.stride_bytes);
    for (int y = 0; y < layout.height; ++y) {
      const uint16_t* row = config_.raw_input + static_cast<size_t>(y) * layout.width;
      for (int x = 0; x < layout.width; ++x) {
        line[2 * x] = static_cast<uint8_t>(row[x] & 0xFF);
        line[2 * x + 1] = static_cast<uint8_t>(row[x] >> 8);
      }
      hal_.write_memory(layout.base + uint64_t{layout.stride_bytes} * y, line.data(), line.size());
    }
  }

  // After a failure: stop the sensor if it may still be streaming; a second failure here would
  // only hide the first.
  void stop_after_failure() {
    if (!streaming_) return;
    streaming_ = false;
    try {
      sensor_.stream_off();
    } catch (const FirmwareError&) {
    }
  }

  std::string describe_errors(uint32_t events) {
    std::string text;
    const auto add = [&text](const std::string& part) {
      text += (text.empty() ? "" : "; ") + part;
    };
    char line[200];
    if (events & irq_bit::kCsi2Error) {
      const Csi2Counters c = result_.csi2 = csi2_.counters();
      std::snprintf(line, sizeof line,
                    "CSI2_ERR: link errors (csi2rx ECC_CORRECTED %u, ECC_ERRORS %u, CRC_ERRORS %u)",
                    static_cast<unsigned>(c.ecc_corrected), static_cast<unsigned>(c.ecc_errors),
                    static_cast<unsigned>(c.crc_errors));
      add(line);
    }
    if (events & irq_bit::kRxOverflow)
      add("RX_OVERFLOW: CSI-2 RX line FIFO overflowed, the ISP or the memory behind it could not "
          "keep up and a line was lost");
    if (events & irq_bit::kDmaError) {
      const DmaStatus s = result_.dma = dma_.status();
      if (s.bus_error) {
        std::snprintf(line, sizeof line, "DMA_ERR: bus error writing 0x%08X (dma.ERR_ADDR)",
                      static_cast<unsigned>(s.error_address));
        add(line);
      }
      if (s.config_error) {
        std::snprintf(line, sizeof line,
                      "DMA_ERR: configuration error, dma.STRIDE %u for a %d-pixel line",
                      static_cast<unsigned>(result_.layout.stride_bytes), result_.mode.width);
        add(line);
      }
      const IspDriver::StatisticsStatus stats = isp_.take_statistics_status();
      if (stats.bus_error) {
        std::snprintf(line, sizeof line,
                      "DMA_ERR: statistics bus error writing 0x%08X (isp.STATS_ERR_ADDR)",
                      static_cast<unsigned>(stats.error_address));
        add(line);
      }
      const ReadDmaStatus r = read_dma_.status();
      if (r.bus_error) {
        std::snprintf(line, sizeof line,
                      "DMA_ERR: read DMA bus error reading 0x%08X (rdma.ERR_ADDR)",
                      static_cast<unsigned>(r.error_address));
        add(line);
      }
      if (r.config_error) {
        std::snprintf(line, sizeof line,
                      "DMA_ERR: read DMA configuration error, rdma.FRAME_SIZE %dx%d",
                      result_.raw_layout.width, result_.raw_layout.height);
        add(line);
      }
      if (!s.bus_error && !s.config_error && !stats.bus_error && !r.bus_error && !r.config_error)
        add("DMA_ERR: dma.STATUS, isp.STATS_STATUS and rdma.STATUS show no cause");
    }
    if (events & irq_bit::kSizeError) {
      std::snprintf(line, sizeof line, "SIZE_ERR: frame size differed from isp.FRAME_SIZE %dx%d",
                    result_.mode.width, result_.mode.height);
      add(line);
    }
    dma_.clear_errors();
    csi2_.clear_errors();
    read_dma_.clear_errors();
    isp_.take_size_error();
    return text;
  }

 private:
  void configure_sensor() {
    sensor_.identify();
    sensor_.set_mode(result_.mode);
    result_.exposure_lines = sensor_.set_exposure(config_.exposure_s);
    result_.exposure_s = result_.exposure_lines * result_.mode.line_time_s();
    sensor_.set_analogue_gain(config_.analogue_gain);
    sensor_.set_digital_gain(config_.digital_gain);
    sensor_.set_test_pattern(config_.test_pattern);
    sensor_.set_link_bits(config_.link_bits);
    sensor_.set_dcg(dcg_ratio());
    const auto later_lines =
        sensor_.set_hdr(config_.hdr_exposures, later_exposure_s(0, result_.exposure_s),
                        later_exposure_s(1, result_.exposure_s));
    for (size_t k = 0; k < later_lines.size(); ++k)
      if (later_lines[k] > 0)
        hdr_ratios_[k] = static_cast<double>(result_.exposure_lines) / later_lines[k];
  }

  // Exposure k + 1's time for a long exposure of `long_s`.
  double later_exposure_s(size_t k, double long_s) const {
    if (config_.hdr_exposure_ratios[k] > 0) return long_s / config_.hdr_exposure_ratios[k];
    return k == 0 ? config_.hdr_medium_exposure_s : config_.hdr_short_exposure_s;
  }

  int dcg_ratio() const { return dcg_ratio_in_use(config_); }
  bool merging() const {
    return !config_.tuning.hdr_merge.bypass && (config_.hdr_exposures > 1 || dcg_ratio() != 0);
  }
  // The tuning the ISP runs: as configured (the merge off, a dual-gain code's levels in black
  // level), or carried over to the merged exposures (or wide code) when the merge takes them.
  IspTuning frame_tuning() const {
    IspTuning single = config_.tuning;
    single.hdr_merge.bypass = true;
    MergeInput input;
    input.black = single.black_level.level[0];
    input.white = single.black_level.white_level;
    if (dcg_ratio() != 0) {
      const RawCodes codes = dcg_codes(dcg_ratio());
      // The receiver keeps a wide code's depth (receiver_keeps_depth); a narrower link, or a
      // 12-bit code, reaches the ISP at 12 bits.
      const double scale = receiver_keeps_depth(config_) ? 1.0 : std::ldexp(1.0, 12 - codes.bits);
      input.black = codes.black * scale;
      input.white = codes.white * scale;
      // Without the merge the code is one linear exposure at 12 bits: black level takes it.
      single.black_level.level.fill(static_cast<uint16_t>(std::lround(input.black)));
      single.black_level.white_level = static_cast<uint16_t>(std::lround(input.white));
    }
    if (!merging()) return single;
    input.exposures = config_.hdr_exposures;
    input.ratios = hdr_ratios_;
    return tuning_for_merge(config_.tuning, input);
  }

  // Everything but the sensor; `from_sensor`: the CSI-2 receiver feeds the ISP.
  void configure_soc(bool from_sensor) {
    isp_.program(from_sensor ? frame_tuning() : config_.tuning, result_.mode.width,
                 result_.mode.height);
    const uint64_t frame_end = result_.layout.end();
    const uint64_t address = statistics_address(config_, frame_end);
    if (config_.statistics) check_statistics_place(address, frame_end);
    result_.statistics_address = static_cast<uint32_t>(address);
    isp_.configure_statistics(config_.statistics, result_.statistics_address,
                              config_.statistics_dark, config_.statistics_saturated);
    statistics_base_count_ = isp_.take_statistics_status().frames;
    isp_.take_size_error();
    dma_.clear_errors();
    dma_.configure(result_.layout);
    dma_.enable(true);
    isp_.enable(true);
    csi2_.clear_errors();
    if (from_sensor && merging())
      csi2_.enable(0, csi2_raw_data_type(config_.link_bits),
                   static_cast<unsigned>(config_.hdr_exposures), receiver_keeps_depth(config_));
    else if (from_sensor)
      csi2_.enable(config_.hdr_channel, csi2_raw_data_type(config_.link_bits));
    irq_.set_enabled(irq_bit::kFrameStart | irq_bit::kFrameDone | irq_bit::kAllErrors |
                     (config_.statistics ? irq_bit::kStatsDone : 0u));
  }

  // The buffer must not overlap the frame's planes, must start on a word and must fit below 4 GiB.
  void check_statistics_place(uint64_t address, uint64_t frame_end) const {
    char text[200];
    const uint64_t end = address + stats::kBytes;
    if (address % 4 != 0 || end > (uint64_t{1} << 32) ||
        (address < frame_end && end > config_.memory_base)) {
      std::snprintf(text, sizeof text, "statistics buffer at 0x%llX (%u bytes) %s",
                    static_cast<unsigned long long>(address), static_cast<unsigned>(stats::kBytes),
                    address % 4 != 0            ? "is not word aligned"
                    : end > (uint64_t{1} << 32) ? "runs past 4 GiB"
                                                : "overlaps the frame's NV12 planes");
      throw FirmwareError(text);
    }
  }

  // The statistics DMA finishes apart from the frame's: wait for its STATS_DONE until it has
  // written as many buffers as the ISP finished frames (the last one is what memory holds).
  // Events of several frames merge in the latch, hence the count.
  void wait_for_statistics() {
    wait_until(irq_bit::kStatsDone, timeout_us(config_.timeouts.frame_done_us), "STATS_DONE", [&] {
      const IspDriver::StatisticsStatus status = isp_.take_statistics_status();
      return static_cast<uint16_t>(status.frames - statistics_base_count_) >= completed_frames_;
    });
  }

  // Ten frame times and a margin: the sensor's frame, or for a raw from memory the ISP's time
  // at >= 50 Mpix/s (the firmware does not know the hardware's rates).
  double timeout_us(double configured_us) const {
    if (configured_us > 0.0) return configured_us;
    const double frame_s = config_.raw_input != nullptr ? 2e-8 * config_.width * config_.height
                                                        : result_.mode.frame_time_s();
    return kTimeoutFrames * frame_s * 1e6 + kTimeoutMarginUs;
  }

  uint32_t wait(uint32_t events, double timeout) {
    const uint32_t seen = irq_.wait_for(events | irq_bit::kAllErrors, timeout);
    const uint32_t errors = (seen | irq_.take(irq_bit::kAllErrors)) & irq_bit::kAllErrors;
    if (errors != 0) throw HardwareErrorStop{errors};
    return seen;
  }

  // Waits for `event` until `done()` (reading the hardware's counters) holds: events of several
  // frames merge in the latch, hence the counters. `what` names the wait in the timeout error.
  template <typename Done>
  void wait_until(uint32_t event, double timeout, const char* what, Done&& done) {
    const double deadline_us = hal_.now_us() + timeout;
    for (;;) {
      const double remaining_us = deadline_us - hal_.now_us();
      if (remaining_us <= 0.0) {
        char text[140];
        std::snprintf(text, sizeof text, "timeout after %.0f us waiting for %s", timeout, what);
        throw FirmwareError(text);
      }
      wait(event, remaining_us);
      if (done()) return;
    }
  }

  // FRAME_DONE until `all_done()` holds and the DMA is idle.
  template <typename AllDone>
  void wait_for_frames_done(double timeout, const char* what, AllDone&& all_done) {
    wait_until(irq_bit::kFrameDone, timeout, what, [&] {
      result_.frame_done_us = hal_.now_us();
      result_.dma = dma_.status();
      return all_done() && !result_.dma.busy;
    });
  }

  // Streams until one frame has started, then asks the sensor to stop: it finishes the frame it
  // is reading out. With frames shorter than a CCI write (tiny test modes) more frames may start
  // before the stop lands, so completion is judged by the hardware frame counters (CSI-2 RX frame
  // starts against ISP frames completed), not by counting latched FRAME_DONE bits, which merge.
  void stream_one_frame() {
    const uint16_t rx_base = csi2_.frame_count();
    const uint16_t isp_base = isp_.frame_count();
    streaming_ = true;
    sensor_.stream_on();
    wait(irq_bit::kFrameStart, timeout_us(config_.timeouts.frame_start_us));
    result_.frame_start_us = hal_.now_us();
    sensor_.stream_off();
    streaming_ = false;

    wait_for_frames_done(
        timeout_us(config_.timeouts.frame_done_us), "the last FRAME_DONE after stream off", [&] {
          const int started = static_cast<uint16_t>(csi2_.frame_count() - rx_base);
          const int completed = static_cast<uint16_t>(isp_.frame_count() - isp_base);
          result_.frames_streamed = started;
          completed_frames_ = completed;
          return completed >= started;
        });
    result_.csi2 = csi2_.counters();
  }

  void read_plane(uint32_t base, int rows, int row_bytes, std::vector<uint8_t>& out) {
    const uint32_t stride = result_.layout.stride_bytes;
    out.resize(static_cast<size_t>(rows) * row_bytes);
    if (stride == static_cast<uint32_t>(row_bytes)) {
      hal_.read_memory(base, out.data(), out.size());
      return;
    }
    std::vector<uint8_t> pitched(static_cast<size_t>(rows) * stride);
    hal_.read_memory(base, pitched.data(), pitched.size());
    for (int row = 0; row < rows; ++row)
      std::copy_n(pitched.begin() + static_cast<size_t>(row) * stride, row_bytes,
                  out.begin() + static_cast<size_t>(row) * row_bytes);
  }

  void read_back() {
    const Nv12Layout& layout = result_.layout;
    read_plane(layout.y_base, layout.height, layout.width, result_.luma);
    read_plane(layout.uv_base, layout.chroma_rows(), layout.chroma_row_bytes(), result_.chroma);
    if (!config_.statistics) return;
    std::vector<uint8_t> bytes(stats::kBytes);
    hal_.read_memory(result_.statistics_address, bytes.data(), bytes.size());
    result_.statistics = parse_statistics(bytes);
  }

  Hal& hal_;
  const CaptureConfig& config_;
  CaptureResult& result_;
  IrqDispatcher irq_;
  CciDriver cci_;
  SensorDriver sensor_;
  IspDriver isp_;
  DmaDriver dma_;
  Csi2RxDriver csi2_;
  ReadDmaDriver read_dma_;
  ExposureRatios hdr_ratios_{1.0, 1.0};  // as programmed on the sensor
  bool streaming_ = false;
  uint16_t statistics_base_count_ = 0;
  int completed_frames_ = 0;
};

}  // namespace

int dcg_ratio_in_use(const CaptureConfig& config) {
  // The sensor combines its two gains in binned modes only (its datasheet); the modes chosen
  // by size are binned.
  return config.sensor_mode && config.sensor_mode->full_resolution ? 0 : config.dcg_ratio;
}

bool receiver_keeps_depth(const CaptureConfig& config) {
  const int ratio = dcg_ratio_in_use(config);
  if (ratio == 0 || config.tuning.hdr_merge.bypass) return false;
  const int bits = dcg_codes(ratio).bits;
  return bits > 12 && config.link_bits >= bits;
}

uint64_t statistics_address(const CaptureConfig& config, uint64_t frame_end) {
  return config.statistics_base != 0 ? config.statistics_base
                                     : (frame_end + 4095) & ~uint64_t{4095};
}

ReprocessingPlacement place_for_reprocessing(const CaptureConfig& config) {
  ReprocessingPlacement place;
  place.frame = nv12_layout(config.memory_base, config.width, config.height, config.stride);
  uint64_t after = place.frame.end();
  if (config.statistics)
    after = std::max(after, statistics_address(config, place.frame.end()) + stats::kBytes);
  const uint64_t base = (after + 4095) & ~uint64_t{4095};
  if (base >= (uint64_t{1} << 32)) throw FirmwareError("no room below 4 GiB for the raw frame");
  place.raw = raw_layout(static_cast<uint32_t>(base), config.width, config.height);
  return place;
}

CaptureResult capture_frame(Hal& hal, const CaptureConfig& config) {
  LoggingHal logged(hal, config.keep_register_log);
  CaptureResult result;
  result.width = config.sensor_mode ? config.sensor_mode->width : config.width;
  result.height = config.sensor_mode ? config.sensor_mode->height : config.height;
  CaptureSequence sequence(logged, config, result);
  try {
    sequence.run();
    result.ok = true;
    result.outcome = CaptureOutcome::kOk;
  } catch (const HardwareErrorStop& stop) {
    result.outcome = CaptureOutcome::kHardwareError;
    result.error_bits = stop.events;
    sequence.stop_after_failure();
    try {
      result.error = sequence.describe_errors(stop.events);
    } catch (const FirmwareError& error) {
      result.error = std::string("error interrupt, then: ") + error.what();
    }
  } catch (const FirmwareError& error) {
    result.outcome = CaptureOutcome::kFirmwareError;
    result.error = error.what();
    sequence.stop_after_failure();
  }
  result.register_accesses = logged.register_accesses();
  result.register_log = logged.lines();
  return result;
}

}  // namespace ispsim::fw
