#include "apps/cmd_regmap.hpp"

#include <fstream>
#include <iostream>
#include <memory>

#include "model/regmap/register_table.hpp"

namespace ispsim::app {

void add_regmap_command(CLI::App& root, int& exit_code) {
  auto* cmd = root.add_subcommand("regmap", "Print the register reference (Markdown)");
  auto out = std::make_shared<std::string>();
  cmd->add_option("--out", *out, "Write to FILE instead of standard output");
  cmd->callback([out, &exit_code] {
    const std::string text = regmap::register_reference_markdown();
    if (out->empty()) {
      std::cout << text;
      return;
    }
    std::ofstream file(*out);
    if (!(file << text)) {
      std::cerr << "ispsim regmap: error: cannot write '" << *out << "'\n";
      exit_code = 2;
    }
  });
}

}  // namespace ispsim::app
