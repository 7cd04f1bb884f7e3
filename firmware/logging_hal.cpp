#include "firmware/logging_hal.hpp"

#include <cstdio>

#include "firmware/register_names.hpp"

namespace ispsim::fw {
namespace {

std::string register_line(char direction, uint32_t address, uint32_t value) {
  char text[64];
  std::snprintf(text, sizeof text, "%c 0x%08X = 0x%08X", direction, static_cast<unsigned>(address),
                static_cast<unsigned>(value));
  const std::string name = soc_register_name(address);
  return name.empty() ? std::string(text) : std::string(text) + "  " + name;
}

std::string memory_line(const char* what, uint64_t address, size_t bytes) {
  char text[80];
  std::snprintf(text, sizeof text, "%s 0x%08llX %zu bytes", what,
                static_cast<unsigned long long>(address), bytes);
  return text;
}

}  // namespace

LoggingHal::LoggingHal(Hal& inner, bool keep_lines) : inner_(inner), keep_lines_(keep_lines) {}

void LoggingHal::append(double time_us, const std::string& text) {
  if (!keep_lines_) return;
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "%.3f us ", time_us);
  lines_.push_back(stamp + text);
}

uint32_t LoggingHal::read32(uint32_t address) {
  const double issued_us = inner_.now_us();
  ++register_accesses_;
  const uint32_t value = inner_.read32(address);
  append(issued_us, register_line('R', address, value));
  return value;
}

void LoggingHal::write32(uint32_t address, uint32_t value) {
  const double issued_us = inner_.now_us();
  ++register_accesses_;
  append(issued_us, register_line('W', address, value));
  inner_.write32(address, value);
}

bool LoggingHal::wait_irq(double timeout_us) {
  const double issued_us = inner_.now_us();
  const bool raised = inner_.wait_irq(timeout_us);
  char text[80];
  std::snprintf(text, sizeof text, "wait_irq(%.0f us) -> %s at %.3f us", timeout_us,
                raised ? "irq" : "timeout", inner_.now_us());
  append(issued_us, text);
  return raised;
}

void LoggingHal::read_memory(uint64_t address, void* destination, size_t bytes) {
  append(inner_.now_us(), memory_line("M read", address, bytes));
  inner_.read_memory(address, destination, bytes);
}

void LoggingHal::write_memory(uint64_t address, const void* source, size_t bytes) {
  append(inner_.now_us(), memory_line("M write", address, bytes));
  inner_.write_memory(address, source, bytes);
}

}  // namespace ispsim::fw
