#pragma once
// `ispsim iq`: image-quality scores of a test image against a reference image (and, with --chart,
// chart measurements on both).
#include <CLI/CLI.hpp>

namespace ispsim::app {

// Adds the `iq` subcommand to `root`. Its callback prints a table to stdout and sets `exit_code`:
// 0 on success, 2 on any ispsim::Error (message on stderr as "ispsim iq: error: ...").
void add_iq_command(CLI::App& root, int& exit_code);

}  // namespace ispsim::app
