#include "sensor_sim/sensor_control.hpp"

#include <algorithm>
#include <string>

#include "model/common/error.hpp"
#include "model/regmap/regmap.hpp"
#include "sensor_sim/readout_modes.hpp"

namespace ispsim::sensor {

namespace sr = regs::sensor;

namespace {
constexpr uint32_t kMaxAnalogueGainCode = 16128;  // 64x
constexpr int kMaxWidth = 4096, kMaxHeight = 3072, kMinSize = 8;
constexpr int kMinVerticalBlanking = 8;
constexpr int kExposureMarginLines = 4;

bool value_allowed(const SensorProfile& profile, uint16_t address, uint16_t value) {
  switch (address) {
    case sr::ANALOGUE_GAIN:
      return value <= kMaxAnalogueGainCode;
    case sr::DIGITAL_GAIN:
      return value >= 0x0100 && value <= 0x1000;
    case sr::X_OUTPUT_SIZE:
      return value % 2 == 0 && value >= kMinSize && value <= kMaxWidth;
    case sr::Y_OUTPUT_SIZE:
      return value % 2 == 0 && value >= kMinSize && value <= kMaxHeight;
    case sr::LINE_LENGTH_PCK:
      return value >= 64;
    case sr::COARSE_INTEGRATION_TIME:
      return value >= 1;
    case sr::TEST_PATTERN_MODE:
      return value <= 2;
    case sr::MODE_SELECT:
    case sr::GROUPED_PARAMETER_HOLD:
      return value <= 1;
    case sr::CSI_DATA_FORMAT:
      return value == 0x0A0A || value == 0x0C0C || value == 0x0E0E;
    case sr::HDR_MODE:
      return value >= 1 && value <= 3;
    case sr::SENSOR_MODE:
      return readout_mode_for_code(profile, value) != nullptr;  // the profile's modes only
    case sr::DCG_MODE:
      return value <= 2;
    case sr::COARSE_INTEGRATION_TIME_MEDIUM:
    case sr::COARSE_INTEGRATION_TIME_SHORT:
      return value >= 1;
    default:
      return true;
  }
}
}  // namespace

SensorControl::SensorControl(const SensorProfile& profile)
    : profile_(profile), bank_(regmap::block("sensor")) {}

bool SensorControl::cci_write(uint16_t address, uint16_t value) {
  if (!bank_.contains(address)) return false;
  const regmap::RegisterInfo* info = nullptr;
  for (const auto& r : bank_.block().registers)
    if (r.offset == address) info = &r;
  const bool writable = std::any_of(info->fields.begin(), info->fields.end(),
                                    [](const auto& f) { return f.access == regmap::Access::kRW; });
  if (!writable || !value_allowed(profile_, address, value)) return false;
  return bank_.write(address, value) == regmap::BusStatus::kOk;
}

bool SensorControl::cci_read(uint16_t address, uint16_t& value) {
  uint32_t word = 0;
  if (bank_.read(address, word) != regmap::BusStatus::kOk) return false;
  value = static_cast<uint16_t>(word);
  return true;
}

bool SensorControl::streaming() const {
  return bank_.active(sr::MODE_SELECT, sr::MODE_SELECT_STREAMING) != 0;
}

double SensorControl::line_time_s() const {
  return bank_.active(sr::LINE_LENGTH_PCK, sr::LINE_LENGTH_PCK_PCK) / profile_.pixel_clock_hz;
}

const ReadoutMode& SensorControl::mode() const {
  const auto code = static_cast<uint16_t>(bank_.active(sr::SENSOR_MODE, sr::SENSOR_MODE_MODE));
  const ReadoutMode* mode = readout_mode_for_code(profile_, code);
  // Only reachable with a profile built in code without validate_readout_modes(): writes of
  // unknown codes are NACKed and loaded profiles always have code 0, the reset value.
  if (!mode)
    throw ModelError("sensor profile " + profile_.name + " has no readout mode with SENSOR_MODE " +
                     "code " + std::to_string(code));
  return *mode;
}

int SensorControl::frame_length_lines() const {
  const int height =
      mode().register_code == 0
          ? static_cast<int>(bank_.active(sr::Y_OUTPUT_SIZE, sr::Y_OUTPUT_SIZE_LINES))
          : mode().read_rows();
  const int programmed =
      static_cast<int>(bank_.active(sr::FRAME_LENGTH_LINES, sr::FRAME_LENGTH_LINES_LINES));
  return std::max(programmed, height + kMinVerticalBlanking);  // clamped, as the map says
}

FrameSetup SensorControl::begin_frame() {
  if (!bank_.active(sr::GROUPED_PARAMETER_HOLD, sr::GROUPED_PARAMETER_HOLD_HOLD))
    bank_.commit_shadow();
  FrameSetup frame;
  SensorSettings& s = frame.settings;
  s.width = static_cast<int>(bank_.active(sr::X_OUTPUT_SIZE, sr::X_OUTPUT_SIZE_PIXELS));
  s.height = static_cast<int>(bank_.active(sr::Y_OUTPUT_SIZE, sr::Y_OUTPUT_SIZE_LINES));
  frame.mode = &mode();
  if (frame.mode->register_code != 0) {  // the mode's size wins (see SENSOR_MODE)
    s.width = frame.mode->output_width;
    s.height = frame.mode->output_height;
  }
  const uint32_t dcg = bank_.active(sr::DCG_MODE, sr::DCG_MODE_MODE);
  s.dcg_ratio = frame.mode->full_resolution() || dcg == 0 ? 0 : (dcg == 1 ? 4 : 16);
  frame.exposures = static_cast<int>(bank_.active(sr::HDR_MODE, sr::HDR_MODE_EXPOSURES));
  // Exposures are clamped so the long one fits the frame and the later ones' readout (each
  // delayed by its own length) fits the vertical blanking.
  const int exposure_lines[3] = {
      static_cast<int>(
          bank_.active(sr::COARSE_INTEGRATION_TIME, sr::COARSE_INTEGRATION_TIME_LINES)),
      static_cast<int>(bank_.active(sr::COARSE_INTEGRATION_TIME_MEDIUM,
                                    sr::COARSE_INTEGRATION_TIME_MEDIUM_LINES)),
      static_cast<int>(bank_.active(sr::COARSE_INTEGRATION_TIME_SHORT,
                                    sr::COARSE_INTEGRATION_TIME_SHORT_LINES))};
  int offset = 0;
  for (int k = 0; k < frame.exposures; ++k) {
    const int room = k == 0 ? frame_length_lines() - kExposureMarginLines
                            : frame_length_lines() - kMinVerticalBlanking - s.height - offset;
    const int lines = std::clamp(exposure_lines[k], 1, std::max(1, room));
    frame.exposure_s[k] = lines * line_time_s();
    if (k > 0) offset += lines;
    frame.readout_offset_lines[k] = offset;
  }
  s.exposure_s = frame.exposure_s[0];
  const uint32_t gain_code = bank_.active(sr::ANALOGUE_GAIN, sr::ANALOGUE_GAIN_CODE);
  s.analogue_gain = 16384.0 / (16384.0 - gain_code);
  s.digital_gain = bank_.active(sr::DIGITAL_GAIN, sr::DIGITAL_GAIN_GAIN) / 256.0;
  s.test_pattern =
      static_cast<int>(bank_.active(sr::TEST_PATTERN_MODE, sr::TEST_PATTERN_MODE_MODE));
  frame.link_bits =
      static_cast<int>(bank_.active(sr::CSI_DATA_FORMAT, sr::CSI_DATA_FORMAT_FORMAT) & 0xFF);
  return frame;
}

}  // namespace ispsim::sensor
