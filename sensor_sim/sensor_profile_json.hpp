#pragma once
// Sensor profiles as versioned JSON files (format version 2). Keys are the SensorProfile field
// names; "optics" is an object with the OpticsProfile field names; "modes" is an array of
// objects with the ReadoutMode field names ("formation" is one of binned, full-remosaic,
// full-quad, crop-binned, crop-binned-scaled), checked by validate_readout_modes(). Every field
// is required and unknown keys are rejected, so a typo never silently falls back to a default.
// Version 1 (no modes) is rejected with a message saying what to add: a default mode table
// would silently give a different sensor the IMX989's geometry and timing.
// electrons_per_second is derived (from pixel pitch, QE and lens), never read.
// Errors are ModelError naming the file, the field and the bad value.
#include <string>

#include "sensor_sim/sensor_profile.hpp"

namespace ispsim::sensor {

constexpr int kSensorProfileVersion = 2;

SensorProfile load_sensor_profile(const std::string& path);
// `source` names the text in error messages (a file name or "<built-in>").
SensorProfile parse_sensor_profile(const std::string& json_text, const std::string& source);
std::string sensor_profile_to_json(const SensorProfile& profile);

// A built-in name ("imx989-binned") or a JSON file path.
SensorProfile make_sensor_profile(const std::string& name_or_path);

}  // namespace ispsim::sensor
