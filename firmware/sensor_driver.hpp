#pragma once
// The image sensor (IMX989 class, MIPI CCS-style registers), programmed over CCI.
#include <array>
#include <cstdint>
#include <string>

#include "firmware/cci_driver.hpp"

namespace ispsim::fw {

constexpr uint16_t kSensorModelId = 0x0989;
constexpr double kSensorPixelClockHz = 480e6;  // LINE_LENGTH_PCK counts these clocks

// Readout timing of one sensor mode.
// A raw code's depth and levels (the sensor's datasheet): its dual-gain combined codes count
// high-conversion-gain DN of a 10-bit conversion with a 64 DN pedestal, 959 x ratio of range.
struct RawCodes {
  int bits = 12;
  double black = 256;
  double white = 4095;
};
// Throws FirmwareError for a ratio other than 4 or 16.
RawCodes dcg_codes(int ratio);

struct SensorMode {
  std::string name;
  uint16_t width = 0;               // X_OUTPUT_SIZE, pixels
  uint16_t height = 0;              // Y_OUTPUT_SIZE, lines
  uint16_t line_length_pck = 0;     // pixel clocks per line, with horizontal blanking
  uint16_t frame_length_lines = 0;  // lines per frame, with vertical blanking
  uint16_t register_code = 0;       // SENSOR_MODE: 0 is the binned mode, whose size is a crop
  double pixel_clock_hz = kSensorPixelClockHz;
  bool full_resolution = false;  // every pixel read on its own: no dual conversion gain
  double line_time_s() const { return line_length_pck / pixel_clock_hz; }
  double frame_time_s() const { return frame_length_lines * line_time_s(); }
};

enum class TestPattern : uint16_t { kImage = 0, kSolidColour = 1, kColourBars = 2 };

// 2x2-binned 4096x3072 at 30 fps: 5000 / 480 MHz = 10.42 us per line, 3200 lines = 33.3 ms.
SensorMode binned_mode();
// A mode for any even width x height within the sensor's limits (16..4096 x 8..3072): the
// binned mode for 4096x3072, otherwise LINE_LENGTH_PCK = width + 904 (the binned mode's
// horizontal blanking, so line time scales with width as on the real readout) and
// FRAME_LENGTH_LINES = height + 32. Throws FirmwareError outside the limits or for odd sizes.
SensorMode mode_for_size(int width, int height);

// Lengthens the frame (vertical blanking) so an exposure of `exposure_s` fits, as sensor drivers
// do for long exposures: the frame rate drops instead of the exposure being cut short.
SensorMode fit_exposure(SensorMode mode, double exposure_s);

// Lengthens the frame so the later HDR exposures' delayed readout fits too.
SensorMode fit_hdr(SensorMode mode, int exposures, double medium_exposure_s,
                   double short_exposure_s);

// Register codes; each throws FirmwareError for a value outside the sensor's range.
// Exposure in lines, rounded and clamped to 1..FRAME_LENGTH_LINES-4 (the sensor's limit).
uint16_t exposure_lines(double exposure_s, const SensorMode& mode);
// ANALOGUE_GAIN: gain = 16384 / (16384 - code), gain 1..64 (MIPI CCS global analogue gain
// model as used by the IMX989 driver).
uint16_t analogue_gain_code(double gain);
// DIGITAL_GAIN: u8.8, gain 1..16.
uint16_t digital_gain_code(double gain);

// ISO speed as gains: ISO 100 is the sensor's base (unity gain); analogue gain up to its 64x,
// digital gain for the rest (up to 16x, ISO 102400).
constexpr double kBaseIso = 100.0;
constexpr double kMaxAnalogueGain = 64.0;
struct SensorGains {
  double analogue = 1.0, digital = 1.0;
};
SensorGains gains_for_iso(double iso);

class SensorDriver {
 public:
  explicit SensorDriver(CciDriver& cci);

  // Reads MODEL_ID; throws FirmwareError unless it is kSensorModelId.
  void identify();
  void set_mode(const SensorMode& mode);
  // Returns the lines programmed. Call after set_mode.
  uint16_t set_exposure(double exposure_s);
  void set_analogue_gain(double gain);
  void set_digital_gain(double gain);
  void set_test_pattern(TestPattern pattern);
  // Pixel depth on CSI-2: 10, 12 or 14 bits (CSI_DATA_FORMAT).
  void set_link_bits(int bits);
  // Dual conversion gain: 0 off, 4 or 16 (binned modes).
  void set_dcg(int ratio);
  // Staggered HDR: 1 (off), 2 or 3 exposures; the later exposures' lengths in seconds. Each
  // exposure's rows are read out that many lines after the previous exposure's, so the frame
  // must have room for them (see fit_hdr).
  // Returns the later exposures' programmed lines (0 for those not used).
  std::array<uint16_t, 2> set_hdr(int exposures, double medium_exposure_s, double short_exposure_s);
  void stream_on();
  // The sensor finishes the frame it is reading out, then goes to standby.
  void stream_off();

  const SensorMode& mode() const { return mode_; }

 private:
  CciDriver& cci_;
  SensorMode mode_;
};

}  // namespace ispsim::fw
