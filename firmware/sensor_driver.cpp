#include "firmware/sensor_driver.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "model/regmap/regmap.hpp"

namespace ispsim::fw {
namespace sensor = regs::sensor;

namespace {

constexpr int kMinWidth = 16, kMaxWidth = 4096, kMinHeight = 8, kMaxHeight = 3072;
constexpr int kBinnedHorizontalBlanking = 5000 - 4096;
constexpr int kVerticalBlankingLines = 32;
constexpr int kExposureMarginLines = 4;  // COARSE_INTEGRATION_TIME <= FRAME_LENGTH_LINES - 4

[[noreturn]] void out_of_range(const char* what, double value, const char* range) {
  char text[160];
  std::snprintf(text, sizeof text, "sensor %s %g outside %s", what, value, range);
  throw FirmwareError(text);
}

}  // namespace

SensorMode binned_mode() {
  return {"binned", 4096, 3072, 5000, 3200};
}

SensorMode mode_for_size(int width, int height) {
  if (width == 4096 && height == 3072) return binned_mode();
  if (width < kMinWidth || width > kMaxWidth || width % 2 != 0)
    out_of_range("output width", width, "even 16..4096");
  if (height < kMinHeight || height > kMaxHeight || height % 2 != 0)
    out_of_range("output height", height, "even 8..3072");
  return {"derived " + std::to_string(width) + "x" + std::to_string(height),
          static_cast<uint16_t>(width), static_cast<uint16_t>(height),
          static_cast<uint16_t>(width + kBinnedHorizontalBlanking),
          static_cast<uint16_t>(height + kVerticalBlankingLines)};
}

SensorMode fit_exposure(SensorMode mode, double exposure_s) {
  if (!(exposure_s > 0.0)) out_of_range("exposure (s)", exposure_s, "> 0");
  const double needed = std::ceil(exposure_s / mode.line_time_s()) + kExposureMarginLines;
  if (needed > mode.frame_length_lines)
    mode.frame_length_lines = static_cast<uint16_t>(std::min(needed, 65535.0));
  return mode;
}

SensorMode fit_hdr(SensorMode mode, int exposures, double medium_exposure_s,
                   double short_exposure_s) {
  double delayed_lines = 0;
  if (exposures >= 2) delayed_lines += std::ceil(medium_exposure_s / mode.line_time_s());
  if (exposures >= 3) delayed_lines += std::ceil(short_exposure_s / mode.line_time_s());
  const double needed = mode.height + delayed_lines + kVerticalBlankingLines;
  if (needed > mode.frame_length_lines)
    mode.frame_length_lines = static_cast<uint16_t>(std::min(needed, 65535.0));
  return mode;
}

uint16_t exposure_lines(double exposure_s, const SensorMode& mode) {
  if (!(exposure_s > 0.0)) out_of_range("exposure (s)", exposure_s, "> 0");
  const double lines = std::round(exposure_s / mode.line_time_s());
  const double max_lines = mode.frame_length_lines - kExposureMarginLines;
  return static_cast<uint16_t>(std::clamp(lines, 1.0, max_lines));
}

uint16_t analogue_gain_code(double gain) {
  if (!(gain >= 1.0 && gain <= 64.0)) out_of_range("analogue gain", gain, "1..64");
  return static_cast<uint16_t>(std::lround(16384.0 - 16384.0 / gain));
}

uint16_t digital_gain_code(double gain) {
  if (!(gain >= 1.0 && gain <= 16.0)) out_of_range("digital gain", gain, "1..16");
  return static_cast<uint16_t>(regs::sensor::DIGITAL_GAIN_GAIN.encode(gain));
}

SensorDriver::SensorDriver(CciDriver& cci) : cci_(cci) {}

void SensorDriver::identify() {
  const uint16_t id = cci_.read(sensor::MODEL_ID);
  if (sensor::MODEL_ID_ID.get(id) != kSensorModelId) {
    char text[120];
    std::snprintf(text, sizeof text,
                  "sensor MODEL_ID (CCI register 0x%04X) reads 0x%04X, expected 0x%04X",
                  sensor::MODEL_ID, id, kSensorModelId);
    throw FirmwareError(text);
  }
}

void SensorDriver::set_mode(const SensorMode& mode) {
  cci_.write(sensor::SENSOR_MODE, mode.register_code);
  if (mode.register_code == 0) {  // other modes have their own size
    cci_.write(sensor::X_OUTPUT_SIZE, mode.width);
    cci_.write(sensor::Y_OUTPUT_SIZE, mode.height);
  }
  cci_.write(sensor::LINE_LENGTH_PCK, mode.line_length_pck);
  cci_.write(sensor::FRAME_LENGTH_LINES, mode.frame_length_lines);
  mode_ = mode;
}

uint16_t SensorDriver::set_exposure(double exposure_s) {
  const uint16_t lines = exposure_lines(exposure_s, mode_);
  cci_.write(sensor::COARSE_INTEGRATION_TIME, lines);
  return lines;
}

void SensorDriver::set_analogue_gain(double gain) {
  cci_.write(sensor::ANALOGUE_GAIN, analogue_gain_code(gain));
}

void SensorDriver::set_digital_gain(double gain) {
  cci_.write(sensor::DIGITAL_GAIN, digital_gain_code(gain));
}

void SensorDriver::set_test_pattern(TestPattern pattern) {
  cci_.write(sensor::TEST_PATTERN_MODE, static_cast<uint16_t>(pattern));
}

RawCodes dcg_codes(int ratio) {
  if (ratio != 4 && ratio != 16) out_of_range("DCG ratio", ratio, "4 or 16");
  return {ratio == 4 ? 12 : 14, 64.0, 64.0 + 959.0 * ratio};
}

void SensorDriver::set_dcg(int ratio) {
  if (ratio != 0 && ratio != 4 && ratio != 16) out_of_range("DCG ratio", ratio, "0, 4 or 16");
  cci_.write(sensor::DCG_MODE, sensor::DCG_MODE_MODE(ratio == 0 ? 0u : (ratio == 4 ? 1u : 2u)));
}

void SensorDriver::set_link_bits(int bits) {
  if (bits != 10 && bits != 12 && bits != 14) out_of_range("link bits", bits, "10, 12 or 14");
  cci_.write(sensor::CSI_DATA_FORMAT, static_cast<uint16_t>((bits << 8) | bits));
}

std::array<uint16_t, 2> SensorDriver::set_hdr(int exposures, double medium_exposure_s,
                                              double short_exposure_s) {
  if (exposures < 1 || exposures > 3) out_of_range("HDR exposures", exposures, "1, 2 or 3");
  cci_.write(sensor::HDR_MODE, sensor::HDR_MODE_EXPOSURES(static_cast<uint32_t>(exposures)));
  std::array<uint16_t, 2> lines{};
  if (exposures >= 2) {
    lines[0] = exposure_lines(medium_exposure_s, mode_);
    cci_.write(sensor::COARSE_INTEGRATION_TIME_MEDIUM, lines[0]);
  }
  if (exposures >= 3) {
    lines[1] = exposure_lines(short_exposure_s, mode_);
    cci_.write(sensor::COARSE_INTEGRATION_TIME_SHORT, lines[1]);
  }
  return lines;
}

void SensorDriver::stream_on() {
  cci_.write(sensor::MODE_SELECT, sensor::MODE_SELECT_STREAMING(1));
}

void SensorDriver::stream_off() {
  cci_.write(sensor::MODE_SELECT, sensor::MODE_SELECT_STREAMING(0));
}

SensorGains gains_for_iso(double iso) {
  const double gain = iso / kBaseIso;
  SensorGains g;
  g.analogue = std::min(gain, kMaxAnalogueGain);
  g.digital = gain / g.analogue;
  return g;
}

}  // namespace ispsim::fw
