#pragma once
// DNG metadata of a simulated sensor: colour matrix, neutral and levels from its profile.
#include "sensor_sim/pixel_array.hpp"
#include "sensor_sim/raw_output/dng_writer.hpp"

namespace ispsim::app {

// DNG fields for `raw` (at link depth `bits`; `format` is the code range the sensor produced
// before its output formatter) as the sensor with `profile` took it with `settings`.
sensor::DngRaw dng_for(const Image16& raw, int bits, const sensor::RawFormat& format,
                       const sensor::SensorProfile& profile,
                       const sensor::SensorSettings& settings);

}  // namespace ispsim::app
