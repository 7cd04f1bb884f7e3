#include "firmware/blocks/register_writes.hpp"

#include <cstdio>

#include "firmware/hal.hpp"

namespace ispsim::fw {

void throw_bad_tuning(const char* field, double value, const char* range) {
  char text[160];
  std::snprintf(text, sizeof text, "tuning %s = %g outside %s", field, value, range);
  throw FirmwareError(text);
}

}  // namespace ispsim::fw
