#pragma once
// A Hal decorator recording every register access, interrupt wait and memory transfer with the
// hardware time it was issued at, for register logs and interrupt timelines.
#include <cstddef>
#include <string>
#include <vector>

#include "firmware/hal.hpp"

namespace ispsim::fw {

class LoggingHal : public Hal {
 public:
  // With `keep_lines` false only the access count is kept (large captures, no log wanted).
  explicit LoggingHal(Hal& inner, bool keep_lines = true);

  uint32_t read32(uint32_t address) override;
  void write32(uint32_t address, uint32_t value) override;
  bool wait_irq(double timeout_us) override;
  void read_memory(uint64_t address, void* destination, size_t bytes) override;
  void write_memory(uint64_t address, const void* source, size_t bytes) override;
  double now_us() const override { return inner_.now_us(); }

  // Lines like "12.345 us W 0x10010100 = 0x00000000  isp.BLC_CTRL".
  const std::vector<std::string>& lines() const { return lines_; }
  size_t register_accesses() const { return register_accesses_; }

 private:
  void append(double time_us, const std::string& text);

  Hal& inner_;
  bool keep_lines_;
  std::vector<std::string> lines_;
  size_t register_accesses_ = 0;
};

}  // namespace ispsim::fw
