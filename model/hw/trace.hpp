#pragma once
// Frame-level signal trace written as VCD. Modules record value changes with the (annotated)
// times they compute, so the waveform is exact even though the model runs ahead of the kernel.
#include <cstdint>
#include <string>
#include <systemc>
#include <vector>

namespace ispsim::hw {

class SignalTrace {
 public:
  // Returns a handle for record(). Width in bits (1 for a wire).
  int add_signal(const std::string& scope, const std::string& name, int width = 1);
  void record(int signal, const sc_core::sc_time& when, uint64_t value);
  bool enabled() const { return enabled_; }
  void set_enabled(bool enabled) { enabled_ = enabled; }
  void write_vcd(const std::string& path) const;  // throws ModelError if it cannot write
  size_t change_count() const { return changes_.size(); }

 private:
  struct Signal {
    std::string scope, name;
    int width;
  };
  struct Change {
    uint64_t time_ps;
    int signal;
    uint64_t value;
  };
  bool enabled_ = false;
  std::vector<Signal> signals_;
  std::vector<Change> changes_;
};

}  // namespace ispsim::hw
