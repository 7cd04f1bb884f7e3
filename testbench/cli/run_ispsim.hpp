#pragma once
// The ispsim command as the CLI tests run it: its exit code and everything it printed.
#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace ispsim::test {

struct CommandResult {
  int exit_code;
  std::string output;  // stdout and stderr
};

inline CommandResult ispsim(const std::string& args) {
  const std::string command = std::string(ISPSIM_BINARY) + " " + args + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  std::string output;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe))
    output.append(buffer, n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

}  // namespace ispsim::test
