#pragma once
// A camera module's factory calibration, done on the simulated module as a module maker does it
// on a real one: flat-field captures through the sensor, measured by the firmware's calibration
// (firmware/blocks/lens_shading). Only the raw frames are used, never the sensor's truth.
#include <vector>

#include "firmware/blocks/lens_shading/lens_shading.hpp"
#include "sensor_sim/sensor_profile.hpp"

namespace ispsim::platform {

struct ShadingCalibration {
  int width = 1024, height = 768;  // the flat field's size (same field of view as any size)
  uint64_t seed = 1;
};

// Lens shading tables of the module: one flat field under daylight (6500 K), exposed to about
// half of the range at the centre. The simulated lens's colour shading does not change with the
// light, so one table is all a calibration of it can find.
std::vector<fw::blocks::LensShadingTable> calibrate_module_shading(
    const sensor::SensorProfile& profile, const ShadingCalibration& options = {});

}  // namespace ispsim::platform
