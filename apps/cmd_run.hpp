#pragma once
#include <CLI/CLI.hpp>

namespace ispsim::app {
// `ispsim run`: one frame through sensor, SoC (or reference) and firmware.
void add_run_command(CLI::App& root, int& exit_code);
}  // namespace ispsim::app
