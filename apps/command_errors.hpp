#pragma once
// Every subcommand ends the same way on bad input: one line naming what is wrong, exit code 2.
#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <new>
#include <string>

#include "model/common/error.hpp"

namespace ispsim::app {

// Runs a subcommand's body (returning its exit code); an ispsim or standard-library error
// (files, memory) becomes "ispsim NAME: error: ..." on stderr and exit code 2.
template <typename Body>
int run_command(const char* name, Body&& body) {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    std::cerr << "ispsim " << name << ": error: out of memory\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "ispsim " << name << ": error: " << e.what() << "\n";
    return 2;
  }
}

// A 64-bit seed as typed: digits only, within range (a minus sign or an overflow would
// otherwise wrap silently into another seed).
inline const CLI::Validator kSeedValidator(
    [](std::string& text) {
      errno = 0;
      char* end = nullptr;
      std::strtoull(text.c_str(), &end, 10);
      const bool digits =
          !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
      if (!digits || errno == ERANGE || *end != '\0')
        return "'" + text + "' is not a whole number from 0 to 18446744073709551615";
      return std::string();
    },
    "SEED");

}  // namespace ispsim::app
