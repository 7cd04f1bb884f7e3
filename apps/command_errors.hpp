#pragma once
// Every subcommand ends the same way on bad input: one line naming what is wrong, exit code 2.
#include <exception>
#include <iostream>
#include <new>

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

}  // namespace ispsim::app
