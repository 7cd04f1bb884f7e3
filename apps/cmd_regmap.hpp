#pragma once
#include <CLI/CLI.hpp>

namespace ispsim::app {
// `ispsim regmap [--out FILE]`: the register reference (docs/registers.md) from regmap.def.
void add_regmap_command(CLI::App& root, int& exit_code);
}  // namespace ispsim::app
