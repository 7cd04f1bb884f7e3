#pragma once
// What a block's firmware encoder produces: the register writes that program its tuning, in
// order. The ISP driver writes them block by block in pipeline order.
#include <cstdint>
#include <vector>

namespace ispsim::fw {

struct RegisterWrite {
  uint32_t address;
  uint32_t value;
};
using RegisterWrites = std::vector<RegisterWrite>;

// Throws FirmwareError: "tuning <field> = <value> outside <range>".
[[noreturn]] void throw_bad_tuning(const char* field, double value, const char* range);

}  // namespace ispsim::fw
