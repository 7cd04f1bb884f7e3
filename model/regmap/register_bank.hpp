#pragma once
// Model-side register file of one block, built from the register description (as VCML's
// typed registers): bus reads and writes with RO/RW/W1C/WO semantics, write callbacks for side
// effects, and a shadow copy of SHADOW fields that moves to the active copy at frame start
// (as NVDLA's double-buffered register groups), so firmware can program frame N+1 during frame N.
#include <cstdint>
#include <functional>
#include <unordered_map>
#include <vector>

#include "model/regmap/register_table.hpp"
#include "model/regmap/regmap.hpp"

namespace ispsim::regmap {

enum class BusStatus { kOk, kAddressError };

class RegisterBank {
 public:
  using WriteCallback = std::function<void(uint32_t address, uint32_t written_value)>;

  explicit RegisterBank(const BlockInfo& block);

  const BlockInfo& block() const { return *block_; }
  bool contains(uint32_t address) const { return index_.count(address) != 0; }

  // Bus side: addresses are absolute (block base + offset). Unmapped or misaligned: kAddressError.
  BusStatus read(uint32_t address, uint32_t& value) const;
  BusStatus write(uint32_t address, uint32_t value);

  // Hardware side.
  uint32_t active(uint32_t address) const;  // the value the hardware acts on
  uint32_t active(uint32_t address, regs::Field field) const { return field.get(active(address)); }
  void set_hardware(uint32_t address, regs::Field field, uint32_t value);  // RO/W1C fields
  void raise(uint32_t address, uint32_t w1c_bits);                         // latch W1C status bits
  void commit_shadow();                                                    // frame start
  void reset();
  void on_write(uint32_t address, WriteCallback callback);

 private:
  struct Slot {
    const RegisterInfo* info;
    uint32_t active = 0;  // hardware and IMMEDIATE bits; committed SHADOW bits
    uint32_t shadow = 0;  // SHADOW bits as last written
    uint32_t rw_mask = 0, shadow_mask = 0, w1c_mask = 0, wo_mask = 0, hw_mask = 0;
    std::vector<WriteCallback> callbacks;
  };
  const Slot& slot(uint32_t address) const;
  Slot& slot(uint32_t address);

  const BlockInfo* block_;
  std::vector<Slot> slots_;
  std::unordered_map<uint32_t, size_t> index_;
};

}  // namespace ispsim::regmap
