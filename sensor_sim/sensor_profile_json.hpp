#pragma once
// Sensor profiles as versioned JSON files (format version 1). Keys are the SensorProfile field
// names; "optics" is an object with the OpticsProfile field names. Every field is required and
// unknown keys are rejected, so a typo never silently falls back to a default.
// electrons_per_second is derived (from pixel pitch, QE and lens), never read.
// Errors are ModelError naming the file, the field and the bad value.
#include <string>

#include "sensor_sim/sensor_profile.hpp"

namespace ispsim::sensor {

constexpr int kSensorProfileVersion = 1;

SensorProfile load_sensor_profile(const std::string& path);
// `source` names the text in error messages (a file name or "<built-in>").
SensorProfile parse_sensor_profile(const std::string& json_text, const std::string& source);
std::string sensor_profile_to_json(const SensorProfile& profile);

// A built-in name ("imx989-binned") or a JSON file path.
SensorProfile make_sensor_profile(const std::string& name_or_path);

}  // namespace ispsim::sensor
