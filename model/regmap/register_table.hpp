#pragma once
// The register description as run-time data, for the model's register banks and the docs.
#include <cstdint>
#include <string>
#include <vector>

namespace ispsim::regmap {

enum class Access { kRO, kRW, kW1C, kWO };
enum class Timing { kImmediate, kShadow };
enum class Bus { kSoc, kCci };

struct FieldInfo {
  std::string name;
  unsigned lsb;
  unsigned width;
  Access access;
  uint32_t reset;
  std::string format;
  Timing timing;
  std::string title;
  uint32_t mask() const { return (width >= 32 ? 0xFFFFFFFFu : ((1u << width) - 1u)) << lsb; }
};

struct RegisterInfo {
  std::string name;
  uint32_t offset;  // from the block base (CCI blocks: the CCI address)
  unsigned count;   // array length; elements are 4 bytes apart
  std::string title;
  std::vector<FieldInfo> fields;
  uint32_t reset_value() const;
};

struct BlockInfo {
  std::string name;
  uint32_t base;
  uint32_t size;
  unsigned data_bits;
  Bus bus;
  std::string title;
  std::vector<RegisterInfo> registers;
  const RegisterInfo* find(const std::string& reg_name) const;
};

const std::vector<BlockInfo>& all_blocks();
const BlockInfo& block(const std::string& name);  // throws RegisterError if unknown

const char* to_string(Access access);

// docs/registers.md, generated; a test compares it with the checked-in copy.
std::string register_reference_markdown();

}  // namespace ispsim::regmap
