#pragma once
// Single-frame capture: program sensor, ISP, CSI-2 RX and DMA, stream exactly long enough for
// one frame, and read the NV12 result back from memory; or reprocess a raw through the read DMA.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "firmware/cci_driver.hpp"
#include "firmware/csi2rx_driver.hpp"
#include "firmware/dma_driver.hpp"
#include "firmware/hal.hpp"
#include "firmware/read_dma_driver.hpp"
#include "firmware/sensor_driver.hpp"
#include "firmware/statistics.hpp"
#include "firmware/tuning.hpp"

namespace ispsim::fw {

struct CaptureTimeouts {
  double cci_us = CciDriver::kDefaultTimeoutUs;
  // 0 derives them from the sensor mode: 10 frame times + 100 ms of hardware time.
  double frame_start_us = 0.0;
  double frame_done_us = 0.0;
};

struct CaptureConfig {
  // The binned mode cropped to width x height, unless `sensor_mode` names another readout mode
  // (its own size, timing and SENSOR_MODE code, from the sensor's mode table).
  int width = 4096;
  int height = 3072;
  std::optional<SensorMode> sensor_mode;
  // 3000 lines in the binned mode (the sensor's reset value); clamped to FRAME_LENGTH_LINES - 4
  // in the short frames of small test modes.
  double exposure_s = 0.03125;
  double analogue_gain = 1.0;  // 1..64
  double digital_gain = 1.0;   // 1..16
  IspTuning tuning = default_tuning();
  uint32_t memory_base = 0x80000000u;  // Y plane here, UV plane right after it
  uint32_t stride = 0;                 // bytes per line of both planes; 0 means width
  TestPattern test_pattern = TestPattern::kImage;
  int link_bits = 12;  // CSI-2 RAW10, RAW12 or RAW14
  // Staggered HDR: exposures per frame (1 = off), the later exposures, and which one (its
  // virtual channel, 0 = longest) the receiver passes to the ISP.
  int hdr_exposures = 1;
  double hdr_medium_exposure_s = 0.03125 / 8;
  double hdr_short_exposure_s = 0.03125 / 64;
  unsigned hdr_channel = 0;
  // When set (> 0): the later exposures are the long exposure as programmed (after the mode's
  // limits) divided by these, in place of the two times above, so the ratios hold.
  std::array<double, 2> hdr_exposure_ratios{};
  // Dual conversion gain: 0 off, 4 or 16 (the sensor's combined code, 12 or 14 bits; the 14-bit
  // one wants link_bits 14). With the tuning's HDR merge on, the merge takes the code (at the
  // link's depth: receiver_keeps_depth) and compands it to the ISP's 12 bits.
  int dcg_ratio = 0;
  CaptureTimeouts timeouts;
  bool keep_register_log = true;
  // 3A statistics: the ISP gathers them and its statistics DMA writes them to statistics_base
  // (0: after the frame's NV12 planes, rounded up to 4 KiB); the quads that count for white
  // balance have green above `statistics_dark` and every sample below `statistics_saturated`.
  bool statistics = false;
  uint32_t statistics_base = 0;
  int statistics_dark = 64;
  int statistics_saturated = 4000;
  // Reprocessing a stored raw instead of streaming the sensor (which is left alone): the
  // firmware copies `raw_input` (12-bit codes, width x height, row-major, its CFA phase in the
  // tuning) to memory behind the frame's planes and statistics, and the read DMA streams it into
  // the ISP. `width` and `height` are the raw's; the sensor settings above are unused.
  const uint16_t* raw_input = nullptr;
};

enum class CaptureOutcome {
  kOk,
  kHardwareError,  // an error interrupt (CSI2_ERR, RX_OVERFLOW, DMA_ERR, SIZE_ERR) stopped it
  kFirmwareError,  // a bad configuration, a NACK, a timeout or a bus error
};

struct CaptureResult {
  bool ok = false;
  CaptureOutcome outcome = CaptureOutcome::kFirmwareError;
  std::string error;        // empty when ok
  uint32_t error_bits = 0;  // irq.STATUS error events seen (regs::irq_bit)
  int width = 0;
  int height = 0;
  std::vector<uint8_t> luma;    // width x height bytes, tightly packed
  std::vector<uint8_t> chroma;  // ceil(height/2) rows of 2*ceil(width/2) bytes, Cb Cr interleaved
  Nv12Layout layout;            // where the DMA wrote it
  RawLayout raw_layout;         // where the raw was, when reprocessing one
  SensorMode mode;
  uint16_t exposure_lines = 0;
  double exposure_s = 0.0;  // as programmed: exposure_lines * line time
  int frames_streamed = 0;  // frames the sensor sent before stopping; the buffer holds the last
  double frame_start_us = -1.0;  // hardware time the firmware saw FRAME_START
  double frame_done_us = -1.0;   // hardware time the firmware saw the last FRAME_DONE
  Csi2Counters csi2;
  DmaStatus dma;
  size_t register_accesses = 0;
  std::vector<std::string> register_log;
  std::optional<IspStatistics> statistics;  // read back when config.statistics
  uint32_t statistics_address = 0;          // where they were
};

// Never throws FirmwareError: failures are reported in the result (outcome and error text).
CaptureResult capture_frame(Hal& hal, const CaptureConfig& config);

// The dual-gain ratio the sensor gives: config.dcg_ratio, or 0 in a full-resolution mode.
int dcg_ratio_in_use(const CaptureConfig& config);

// Whether the receiver passes samples at the link's depth: the HDR merge is on and takes a
// dual-gain code wider than 12 bits on a link that carries it.
bool receiver_keeps_depth(const CaptureConfig& config);

// Where the statistics buffer goes: config.statistics_base, or the first 4 KiB boundary after
// the frame's planes (ending at `frame_end`).
uint64_t statistics_address(const CaptureConfig& config, uint64_t frame_end);

// Where reprocessing a config.width x config.height raw puts things in memory: the NV12 planes
// at config.memory_base, the statistics (when on) where statistics_address() says, and the raw
// on the first 4 KiB boundary after both. Throws FirmwareError for a frame the DMAs cannot take
// or a raw past 4 GiB.
struct ReprocessingPlacement {
  Nv12Layout frame;
  RawLayout raw;
  uint64_t end() const { return raw.base + raw.bytes(); }
};
ReprocessingPlacement place_for_reprocessing(const CaptureConfig& config);

}  // namespace ispsim::fw
