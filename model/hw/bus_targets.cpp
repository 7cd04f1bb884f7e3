#include "model/hw/bus_targets.hpp"

#include <algorithm>
#include <cstring>

namespace ispsim::hw {

using sc_core::sc_time;

RegisterTarget::RegisterTarget(sc_core::sc_module_name name, regmap::RegisterBank& bank,
                               double access_ns)
    : sc_core::sc_module(name),
      socket("socket"),
      bank_(bank),
      access_time_(access_ns, sc_core::SC_NS) {
  socket.register_b_transport(this, &RegisterTarget::b_transport);
  socket.register_transport_dbg(this, &RegisterTarget::transport_dbg);
}

void RegisterTarget::b_transport(tlm::tlm_generic_payload& payload, sc_time& delay) {
  delay += access_time_;
  transport_dbg(payload);
}

unsigned int RegisterTarget::transport_dbg(tlm::tlm_generic_payload& payload) {
  const uint64_t address = payload.get_address();
  if (payload.get_data_length() != 4 || (address & 3) != 0 || payload.get_byte_enable_ptr()) {
    payload.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return 0;
  }
  uint32_t value = 0;
  regmap::BusStatus status;
  if (payload.is_read()) {
    status = bank_.read(static_cast<uint32_t>(address), value);
    std::memcpy(payload.get_data_ptr(), &value, 4);
  } else {
    std::memcpy(&value, payload.get_data_ptr(), 4);
    status = bank_.write(static_cast<uint32_t>(address), value);
  }
  payload.set_response_status(status == regmap::BusStatus::kOk ? tlm::TLM_OK_RESPONSE
                                                               : tlm::TLM_ADDRESS_ERROR_RESPONSE);
  return status == regmap::BusStatus::kOk ? 4 : 0;
}

// ---------------------------------------------------------------------------------------------
Lpddr::Lpddr(sc_core::sc_module_name name, const SocConfig& config)
    : sc_core::sc_module(name),
      socket("socket"),
      base_(config.memory_base),
      memory_(config.memory_bytes),
      bandwidth_(config.memory_bandwidth_bytes_per_s),
      latency_(config.memory_latency_ns, sc_core::SC_NS) {
  socket.register_b_transport(this, &Lpddr::b_transport);
  socket.register_transport_dbg(this, &Lpddr::transport_dbg);
}

bool Lpddr::in_range(uint64_t address, uint64_t length) const {
  return address >= base_ && memory_.contains(address - base_, length);
}

void Lpddr::b_transport(tlm::tlm_generic_payload& payload, sc_time& delay) {
  const uint64_t length = payload.get_data_length();
  if (!in_range(payload.get_address(), length)) {
    payload.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  const sc_time now = sc_core::sc_time_stamp();
  const sc_time occupancy(static_cast<double>(length) / bandwidth_, sc_core::SC_SEC);
  const sc_time start = reserve_bus(now + delay, occupancy);
  delay = start + occupancy + latency_ - now;
  stats_.busy_s += occupancy.to_seconds();
  ++stats_.transactions;
  (payload.is_read() ? stats_.bytes_read : stats_.bytes_written) += length;
  transport_dbg(payload);
}

// Initiators run ahead of simulated time by different amounts, so requests do not arrive in time
// order: a request takes the first gap on the data bus at or after its arrival, not the end of
// the last one booked.
sc_time Lpddr::reserve_bus(const sc_time& arrival, const sc_time& occupancy) {
  const sc_time now = sc_core::sc_time_stamp();
  while (!bus_busy_.empty() && bus_busy_.begin()->second <= now)
    bus_busy_.erase(bus_busy_.begin());
  sc_time start = arrival;
  auto next = bus_busy_.upper_bound(start);
  if (next != bus_busy_.begin() && std::prev(next)->second > start) start = std::prev(next)->second;
  while (next != bus_busy_.end() && next->first < start + occupancy) {
    start = std::max(start, next->second);
    ++next;
  }
  // Book [start, start + occupancy), merged with a booking that ends or starts exactly there.
  sc_time end = start + occupancy;
  auto after = bus_busy_.find(end);
  if (after != bus_busy_.end()) {
    end = after->second;
    bus_busy_.erase(after);
  }
  auto before = bus_busy_.lower_bound(start);
  if (before != bus_busy_.begin() && std::prev(before)->second == start)
    std::prev(before)->second = end;
  else
    bus_busy_.emplace(start, end);
  return start;
}

unsigned int Lpddr::transport_dbg(tlm::tlm_generic_payload& payload) {
  const uint64_t length = payload.get_data_length();
  if (!in_range(payload.get_address(), length)) {
    payload.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return 0;
  }
  const uint64_t offset = payload.get_address() - base_;
  if (payload.is_read())
    memory_.read(offset, payload.get_data_ptr(), length);
  else if (payload.is_write())
    memory_.write(offset, payload.get_data_ptr(), length);
  payload.set_response_status(tlm::TLM_OK_RESPONSE);
  return static_cast<unsigned int>(length);
}

// ---------------------------------------------------------------------------------------------
Interconnect::Interconnect(sc_core::sc_module_name name, double hop_latency_ns)
    : sc_core::sc_module(name),
      from_initiators("from_initiators"),
      to_targets("to_targets"),
      hop_latency_(hop_latency_ns, sc_core::SC_NS) {
  from_initiators.register_b_transport(this, &Interconnect::b_transport);
  from_initiators.register_transport_dbg(this, &Interconnect::transport_dbg);
}

void Interconnect::map(uint64_t base, uint64_t size) {
  windows_.push_back({base, size});
}

int Interconnect::route(uint64_t address) const {
  for (size_t i = 0; i < windows_.size(); ++i)
    if (address >= windows_[i].base && address - windows_[i].base < windows_[i].size)
      return static_cast<int>(i);
  return -1;
}

void Interconnect::b_transport(int, tlm::tlm_generic_payload& payload, sc_time& delay) {
  delay += hop_latency_;
  const int target = route(payload.get_address());
  if (target < 0) {
    payload.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  to_targets[target]->b_transport(payload, delay);
}

unsigned int Interconnect::transport_dbg(int, tlm::tlm_generic_payload& payload) {
  const int target = route(payload.get_address());
  if (target < 0) {
    payload.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return 0;
  }
  return to_targets[target]->transport_dbg(payload);
}

}  // namespace ispsim::hw
