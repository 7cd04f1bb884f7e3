#pragma once
// A camera module's factory calibration, done on the simulated module as a module maker does it
// on a real one: flat-field and dark captures through the sensor, measured by the firmware's
// calibration routines (firmware/blocks/lens_shading, firmware/blocks/defect_pixel). Only the
// raw frames are used, never the sensor's truth.
#include <string>
#include <vector>

#include "firmware/blocks/bayer_nr/bayer_nr.hpp"
#include "firmware/blocks/defect_pixel/defect_pixel.hpp"
#include "firmware/blocks/lens_shading/lens_shading.hpp"
#include "sensor_sim/readout_modes.hpp"
#include "sensor_sim/sensor_profile.hpp"

namespace ispsim::platform {

struct CalibrationOptions {
  int shading_width = 1024, shading_height = 768;  // the flat field for lens shading
  uint64_t seed = 1;
  // The dark frame's exposure: long, so hot pixels stand out by their dark current (2000 e-/s
  // is 500 e- here, about 60 codes at base gain).
  double dark_exposure_s = 0.25;
  bool shading = true, defects = true, noise = true;  // what to calibrate (a bypassed block
                                                      // needs nothing)
  int noise_width = 256, noise_height = 192;          // the flat fields for the noise model
};

struct ModuleCalibration {
  // Lens shading tables: one flat field under daylight (6500 K), exposed to about half of the
  // range at the centre. The simulated lens's colour shading does not change with the light,
  // so one table is all a calibration of it can find. The grid spans the field of view, so one
  // small capture serves every output size.
  std::vector<fw::blocks::LensShadingTable> shading;
  // The unit's static defects, worst first, in the frame geometry calibrated (where defect
  // pixels land depends on the mode and size): a dark frame with the lens capped and a flat
  // field at that geometry, exposed as the shading's.
  std::vector<fw::blocks::FoundDefect> defects;
  // The sensor's noise (variance = shot x signal + read, in 12-bit codes above black) at analogue
  // gains 1, 4, 16 and 64 (those the sensor has): two flat fields at each of two levels (about 10%
  // and 50% of the range), the variance from the difference of the two.
  std::vector<fw::blocks::NoiseModel> noise;
};

// What `options` asks for: lens shading, and the defects of `mode` at width x height (none
// without a mode).
ModuleCalibration calibrate_module(const sensor::SensorProfile& profile,
                                   const sensor::ReadoutMode* mode = nullptr, int width = 0,
                                   int height = 0, const CalibrationOptions& options = {});

// What a calibration was measured for: a module's unit in one frame geometry.
struct CalibrationKey {
  std::string profile;
  uint64_t unit_seed = 0;
  std::string mode;
  int width = 0, height = 0;
  bool operator==(const CalibrationKey& o) const {
    return profile == o.profile && unit_seed == o.unit_seed && mode == o.mode && width == o.width &&
           height == o.height;
  }
  std::string describe() const;  // "imx989-binned unit 0x1989, mode binned 4096x3072"
};

// The calibration kept in a file, as a module keeps it in its memory: JSON holding the key and
// every table. Throws ModelError naming the file when it cannot be written.
void save_module_calibration(const std::string& path, const CalibrationKey& key,
                             const ModuleCalibration& module);
// Throws ModelError naming the file and the reason when it cannot be read, is not a
// calibration, or was measured for another key.
ModuleCalibration load_module_calibration(const std::string& path, const CalibrationKey& key);

}  // namespace ispsim::platform
