#include "model/regmap/register_table.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "model/common/error.hpp"

namespace ispsim::regmap {
namespace {

std::vector<BlockInfo> build_table() {
  std::vector<BlockInfo> blocks;
  auto find_block = [&blocks](const char* name) -> BlockInfo& {
    for (auto& b : blocks)
      if (b.name == name) return b;
    throw RegisterError(std::string("regmap.def: field or register names unknown block ") + name);
  };
  auto find_reg = [&](const char* block_name, const char* reg) -> RegisterInfo& {
    for (auto& r : find_block(block_name).registers)
      if (r.name == reg) return r;
    throw RegisterError(std::string("regmap.def: field names unknown register ") + block_name +
                        "." + reg);
  };
  constexpr Access RO = Access::kRO, RW = Access::kRW, W1C = Access::kW1C, WO = Access::kWO;
  constexpr Timing SHADOW = Timing::kShadow, IMMEDIATE = Timing::kImmediate;
  constexpr Bus SOC = Bus::kSoc, CCI = Bus::kCci;
#define ISPSIM_BLOCK(block, base, size, bits, bus, title) \
  blocks.push_back(BlockInfo{#block, base, size, bits, bus, title, {}});
#define ISPSIM_REG(block, reg, offset, count, title) \
  find_block(#block).registers.push_back(RegisterInfo{#reg, offset, count, title, {}});
#define ISPSIM_FIELD(block, reg, field, lsb, width, access, reset, format, timing, title) \
  find_reg(#block, #reg)                                                                  \
      .fields.push_back(FieldInfo{#field, lsb, width, access, reset, format, timing, title});
#include "model/regmap/regmap.def"
#undef ISPSIM_BLOCK
#undef ISPSIM_REG
#undef ISPSIM_FIELD
  (void)RO, (void)RW, (void)W1C, (void)WO, (void)SHADOW, (void)IMMEDIATE, (void)SOC, (void)CCI;
  return blocks;
}

std::string hex(uint32_t value, int digits) {
  char text[16];
  std::snprintf(text, sizeof text, "0x%0*X", digits, value);
  return text;
}

}  // namespace

uint32_t RegisterInfo::reset_value() const {
  uint32_t value = 0;
  for (const auto& f : fields)
    value |= (f.reset << f.lsb) & f.mask();
  return value;
}

const RegisterInfo* BlockInfo::find(const std::string& reg_name) const {
  for (const auto& r : registers)
    if (r.name == reg_name) return &r;
  return nullptr;
}

const std::vector<BlockInfo>& all_blocks() {
  static const std::vector<BlockInfo> blocks = build_table();
  return blocks;
}

const BlockInfo& block(const std::string& name) {
  for (const auto& b : all_blocks())
    if (b.name == name) return b;
  throw RegisterError("unknown register block '" + name + "'");
}

const char* to_string(Access access) {
  switch (access) {
    case Access::kRO:
      return "RO";
    case Access::kRW:
      return "RW";
    case Access::kW1C:
      return "W1C";
    case Access::kWO:
      return "WO";
  }
  return "?";
}

std::string register_reference_markdown() {
  std::ostringstream md;
  md << "# Register reference\n\n"
     << "Generated from `model/regmap/regmap.def` by `ispsim regmap`; do not edit by hand.\n"
     << "Access: RO read-only status, RW read/write, W1C write 1 to clear, WO self-clearing "
        "command.\n"
     << "Timing: `shadow` fields are written to a shadow copy and take effect at the next frame "
        "start;\n"
     << "`immediate` fields take effect at once.\n";
  for (const auto& b : all_blocks()) {
    md << "\n## " << b.name << ": " << b.title << "\n\n";
    if (b.bus == Bus::kSoc)
      md << "Base address " << hex(b.base, 8) << ", " << b.data_bits << "-bit registers.\n\n";
    else
      md << "On the sensor's CCI bus (reached through the `cci` block); addresses are 16-bit CCI "
            "register addresses, "
         << b.data_bits << "-bit registers.\n\n";
    md << "| address | register | field | bits | access | reset | format | timing | description |\n"
       << "|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& r : b.registers) {
      const uint32_t address = b.base + r.offset;
      std::string where = hex(address, b.bus == Bus::kSoc ? 8 : 4);
      std::string name = r.name;
      if (r.count > 1) {
        where += " + 4*i";
        name += "[" + std::to_string(r.count) + "]";
      }
      md << "| " << where << " | **" << name << "** | | | | " << hex(r.reset_value(), 8)
         << " | | | " << r.title << " |\n";
      for (const auto& f : r.fields) {
        const std::string bits =
            f.width == 1 ? std::to_string(f.lsb)
                         : std::to_string(f.lsb + f.width - 1) + ":" + std::to_string(f.lsb);
        md << "| | | " << f.name << " | " << bits << " | " << to_string(f.access) << " | "
           << hex(f.reset, 1) << " | " << f.format << " | "
           << (f.timing == Timing::kShadow ? "shadow" : "immediate") << " | " << f.title << " |\n";
      }
    }
  }
  return md.str();
}

}  // namespace ispsim::regmap
