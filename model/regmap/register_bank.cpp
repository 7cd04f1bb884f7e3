#include "model/regmap/register_bank.hpp"

#include <cstdio>

#include "model/common/error.hpp"

namespace ispsim::regmap {
namespace {

std::string describe(const BlockInfo& block, uint32_t address) {
  char text[64];
  std::snprintf(text, sizeof text, "0x%08X", address);
  return block.name + " register at " + text;
}

}  // namespace

RegisterBank::RegisterBank(const BlockInfo& block) : block_(&block) {
  const uint32_t stride = block.data_bits == 32 ? 4 : 2;
  for (const auto& reg : block.registers) {
    for (unsigned i = 0; i < reg.count; ++i) {
      Slot s;
      s.info = &reg;
      for (const auto& f : reg.fields) {
        switch (f.access) {
          case Access::kRW:
            s.rw_mask |= f.mask();
            if (f.timing == Timing::kShadow) s.shadow_mask |= f.mask();
            break;
          case Access::kW1C:
            s.w1c_mask |= f.mask();
            s.hw_mask |= f.mask();
            break;
          case Access::kRO:
            s.hw_mask |= f.mask();
            break;
          case Access::kWO:
            s.wo_mask |= f.mask();
            break;
        }
      }
      index_[block.base + reg.offset + i * stride] = slots_.size();
      slots_.push_back(std::move(s));
    }
  }
  reset();
}

const RegisterBank::Slot& RegisterBank::slot(uint32_t address) const {
  auto it = index_.find(address);
  if (it == index_.end()) throw RegisterError("no " + describe(*block_, address));
  return slots_[it->second];
}

RegisterBank::Slot& RegisterBank::slot(uint32_t address) {
  return const_cast<Slot&>(static_cast<const RegisterBank*>(this)->slot(address));
}

void RegisterBank::reset() {
  for (auto& s : slots_) {
    const uint32_t reset_value = s.info->reset_value() & ~s.wo_mask;
    s.active = reset_value;
    s.shadow = reset_value & s.shadow_mask;
  }
}

BusStatus RegisterBank::read(uint32_t address, uint32_t& value) const {
  auto it = index_.find(address);
  if (it == index_.end()) return BusStatus::kAddressError;
  const Slot& s = slots_[it->second];
  // Firmware reads back what it wrote, even before a shadowed value takes effect.
  value = (s.active & ~s.shadow_mask & ~s.wo_mask) | (s.shadow & s.shadow_mask);
  return BusStatus::kOk;
}

BusStatus RegisterBank::write(uint32_t address, uint32_t value) {
  auto it = index_.find(address);
  if (it == index_.end()) return BusStatus::kAddressError;
  Slot& s = slots_[it->second];
  const uint32_t immediate_mask = s.rw_mask & ~s.shadow_mask;
  s.active = (s.active & ~immediate_mask) | (value & immediate_mask);
  s.shadow = (s.shadow & ~s.shadow_mask) | (value & s.shadow_mask);
  s.active &= ~(value & s.w1c_mask);
  for (auto& callback : s.callbacks)
    callback(address, value);
  return BusStatus::kOk;
}

uint32_t RegisterBank::active(uint32_t address) const {
  return slot(address).active;
}

void RegisterBank::set_hardware(uint32_t address, regs::Field field, uint32_t value) {
  Slot& s = slot(address);
  if ((field.mask() & ~s.hw_mask) != 0)
    throw RegisterError("hardware may only set RO/W1C fields; " + describe(*block_, address));
  s.active = (s.active & ~field.mask()) | field(value);
}

void RegisterBank::raise(uint32_t address, uint32_t w1c_bits) {
  Slot& s = slot(address);
  s.active |= w1c_bits & s.w1c_mask;
}

void RegisterBank::commit_shadow() {
  for (auto& s : slots_)
    s.active = (s.active & ~s.shadow_mask) | (s.shadow & s.shadow_mask);
}

void RegisterBank::on_write(uint32_t address, WriteCallback callback) {
  slot(address).callbacks.push_back(std::move(callback));
}

}  // namespace ispsim::regmap
