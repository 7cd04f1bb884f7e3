#include "model/hw/trace.hpp"

#include <algorithm>
#include <fstream>
#include <map>

#include "model/common/error.hpp"

namespace ispsim::hw {
namespace {

std::string vcd_id(int index) {
  std::string id;
  do {
    id += static_cast<char>('!' + index % 94);
    index /= 94;
  } while (index > 0);
  return id;
}

std::string vcd_value(uint64_t value, int width, const std::string& id) {
  if (width == 1) return std::string(value ? "1" : "0") + id;
  std::string bits;
  for (int b = width - 1; b >= 0; --b)
    bits += ((value >> b) & 1) ? '1' : '0';
  return "b" + bits + " " + id;
}

}  // namespace

int SignalTrace::add_signal(const std::string& scope, const std::string& name, int width) {
  signals_.push_back({scope, name, width});
  return static_cast<int>(signals_.size()) - 1;
}

void SignalTrace::record(int signal, const sc_core::sc_time& when, uint64_t value) {
  if (!enabled_) return;
  changes_.push_back({static_cast<uint64_t>(when.to_seconds() * 1e12 + 0.5), signal, value});
}

void SignalTrace::write_vcd(const std::string& path) const {
  std::ofstream vcd(path);
  if (!vcd) throw ModelError("cannot write waveform file '" + path + "'");
  vcd << "$date ispsim $end\n$version ispsim SystemC model $end\n$timescale 1ps $end\n";
  std::map<std::string, std::vector<int>> by_scope;
  for (int i = 0; i < static_cast<int>(signals_.size()); ++i)
    by_scope[signals_[i].scope].push_back(i);
  vcd << "$scope module soc $end\n";
  for (const auto& [scope, ids] : by_scope) {
    vcd << "$scope module " << scope << " $end\n";
    for (int i : ids)
      vcd << "$var wire " << signals_[i].width << " " << vcd_id(i) << " " << signals_[i].name
          << " $end\n";
    vcd << "$upscope $end\n";
  }
  vcd << "$upscope $end\n$enddefinitions $end\n$dumpvars\n";
  for (int i = 0; i < static_cast<int>(signals_.size()); ++i)
    vcd << vcd_value(0, signals_[i].width, vcd_id(i)) << "\n";
  vcd << "$end\n";
  std::vector<Change> sorted = changes_;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Change& a, const Change& b) { return a.time_ps < b.time_ps; });
  uint64_t current = ~0ull;
  for (const auto& c : sorted) {
    if (c.time_ps != current) {
      vcd << "#" << c.time_ps << "\n";
      current = c.time_ps;
    }
    vcd << vcd_value(c.value, signals_[c.signal].width, vcd_id(c.signal)) << "\n";
  }
  if (!vcd) throw ModelError("error while writing waveform file '" + path + "'");
}

}  // namespace ispsim::hw
