#include "firmware/register_names.hpp"

#include <cstring>

#include "model/regmap/regmap.hpp"

namespace ispsim::fw {
namespace {

struct BlockEntry {
  const char* block;
  const char* bus;  // "SOC" or "CCI"
};

struct RegisterEntry {
  const char* block;
  const char* name;
  uint32_t address;
  unsigned count;
};

#define ISPSIM_BLOCK(block, base, size, bits, bus, title) {#block, #bus},
#define ISPSIM_REG(block, reg, offset, count, title)
#define ISPSIM_FIELD(block, reg, field, lsb, width, access, reset, format, timing, title)
constexpr BlockEntry kBlocks[] = {
#include "model/regmap/regmap.def"
};
#undef ISPSIM_BLOCK
#undef ISPSIM_REG

#define ISPSIM_BLOCK(block, base, size, bits, bus, title)
#define ISPSIM_REG(block, reg, offset, count, title) {#block, #reg, regs::block::reg, count},
constexpr RegisterEntry kRegisters[] = {
#include "model/regmap/regmap.def"
};
#undef ISPSIM_BLOCK
#undef ISPSIM_REG
#undef ISPSIM_FIELD

bool on_cci_bus(const char* block) {
  for (const BlockEntry& entry : kBlocks)
    if (std::strcmp(entry.block, block) == 0) return std::strcmp(entry.bus, "CCI") == 0;
  return false;
}

std::string lookup(uint32_t address, bool cci) {
  for (const RegisterEntry& reg : kRegisters) {
    if (on_cci_bus(reg.block) != cci) continue;
    if (address < reg.address || address >= reg.address + 4 * reg.count) continue;
    const uint32_t offset = address - reg.address;
    if (offset % 4 != 0) continue;
    std::string name = cci ? reg.name : std::string(reg.block) + "." + reg.name;
    if (reg.count > 1) name += "[" + std::to_string(offset / 4) + "]";
    return name;
  }
  return {};
}

}  // namespace

std::string soc_register_name(uint32_t address) {
  return lookup(address, false);
}

std::string sensor_register_name(uint16_t cci_address) {
  return lookup(cci_address, true);
}

}  // namespace ispsim::fw
