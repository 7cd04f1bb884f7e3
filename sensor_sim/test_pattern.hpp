#pragma once
// The sensor's test pattern generator: replaces the pixel array output, no noise, no gain.
#include "model/image/image.hpp"
#include "sensor_sim/pixel_array.hpp"

namespace ispsim::sensor {

// 1: flat mid grey, half-way between black and white level on every channel.
// 2: eight vertical 100% bars, each CFA channel at white level where the bar's colour contains it,
// at black level where it does not.
void render_test_pattern(const SensorProfile& profile, const SensorSettings& settings,
                         Image16& frame);

}  // namespace ispsim::sensor
