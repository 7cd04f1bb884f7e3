#pragma once
#include <CLI/CLI.hpp>

namespace ispsim::app {
// `ispsim sensor`: the sensor alone, programmed through its CCI registers as firmware would,
// writing DNG (one per HDR exposure), headerless raw dumps and ground-truth images.
void add_sensor_command(CLI::App& root, int& exit_code);
}  // namespace ispsim::app
