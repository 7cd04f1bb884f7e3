#pragma once
// Bus slaves: a block's register file, the LPDDR memory, and the interconnect that routes to them.
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

#include <cstdint>
#include <map>
#include <vector>

#include "model/hw/soc_config.hpp"
#include "model/memory/paged_memory.hpp"
#include "model/regmap/register_bank.hpp"

namespace ispsim::hw {

// A register bank on the bus: 32-bit aligned single-word accesses only (anything else gets a
// burst error response, an unmapped offset an address error), each costing register_access_ns.
class RegisterTarget : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<RegisterTarget> socket;
  RegisterTarget(sc_core::sc_module_name name, regmap::RegisterBank& bank, double access_ns);

 private:
  void b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& payload);
  regmap::RegisterBank& bank_;
  sc_core::sc_time access_time_;
};

struct MemoryStats {
  uint64_t bytes_read = 0;
  uint64_t bytes_written = 0;
  uint64_t transactions = 0;
  double busy_s = 0.0;  // time the data bus was occupied
};

// LPDDR: a byte array (allocated page by page as it is written, reading zero elsewhere) behind a
// bandwidth- and latency-limited port. Transfers serialise on the
// data bus (bytes / bandwidth each); the access latency adds to each completion but overlaps
// with other transfers, as with many outstanding requests. Bank and page effects are not
// modelled.
class Lpddr : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<Lpddr> socket;
  Lpddr(sc_core::sc_module_name name, const SocConfig& config);
  const MemoryStats& stats() const { return stats_; }
  uint64_t base() const { return base_; }
  uint64_t size() const { return memory_.size(); }
  uint64_t resident_bytes() const { return memory_.resident_bytes(); }

 private:
  void b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& payload);
  bool in_range(uint64_t address, uint64_t length) const;
  sc_core::sc_time reserve_bus(const sc_core::sc_time& arrival, const sc_core::sc_time& occupancy);

  uint64_t base_;
  PagedMemory memory_;
  double bandwidth_;
  sc_core::sc_time latency_;
  std::map<sc_core::sc_time, sc_core::sc_time> bus_busy_;  // booked [start, end), disjoint
  MemoryStats stats_;
};

// Routes by address; an address no target claims gets an address error response (a bus error
// for the initiator), never a crash.
class Interconnect : public sc_core::sc_module {
 public:
  tlm_utils::multi_passthrough_target_socket<Interconnect> from_initiators;
  tlm_utils::multi_passthrough_initiator_socket<Interconnect> to_targets;

  Interconnect(sc_core::sc_module_name name, double hop_latency_ns);
  // Next bound target socket (in binding order) answers [base, base + size).
  void map(uint64_t base, uint64_t size);

 private:
  void b_transport(int initiator, tlm::tlm_generic_payload& payload, sc_core::sc_time& delay);
  unsigned int transport_dbg(int initiator, tlm::tlm_generic_payload& payload);
  int route(uint64_t address) const;

  struct Window {
    uint64_t base, size;
  };
  std::vector<Window> windows_;
  sc_core::sc_time hop_latency_;
};

}  // namespace ispsim::hw
