// ispsim: the camera-pipeline virtual prototype's command-line tool.
#include <CLI/CLI.hpp>
#include <systemc>

#include <cstdlib>
#include <iostream>

#include "apps/cmd_iq.hpp"
#include "apps/cmd_regmap.hpp"
#include "apps/cmd_run.hpp"
#include "apps/cmd_sensor.hpp"

namespace {
// libsystemc's main() prints a banner before sc_main unless this is set; a static initialiser is
// the only code that runs before it. Users of the CLI want its output, not the banner.
const bool kQuietSystemC = setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "DISABLE", 0) == 0;
}  // namespace

// libsystemc provides main() and calls sc_main.
int sc_main(int argc, char* argv[]) {
  sc_core::sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", sc_core::SC_DO_NOTHING);
  CLI::App app{"ispsim: virtual prototype of a flagship phone camera (sensor, ISP, firmware)"};
  app.require_subcommand(1);
  int exit_code = 0;
  ispsim::app::add_run_command(app, exit_code);
  ispsim::app::add_regmap_command(app, exit_code);
  ispsim::app::add_sensor_command(app, exit_code);
  ispsim::app::add_iq_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return exit_code;
}
