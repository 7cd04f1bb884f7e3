#include "model/hw/soc_top.hpp"

#include "model/common/error.hpp"

namespace ispsim::hw {

namespace {
const SocConfig& validated(const SocConfig& config) {
  validate(config);
  return config;
}
}  // namespace

SocTop::SocTop(sc_core::sc_module_name name, const SocConfig& soc_config)
    : sc_core::sc_module(name),
      config(validated(soc_config)),
      irq("irq", config, trace),
      cci("cci", config, irq),
      csi2rx("csi2rx", config, irq, trace),
      rdma("rdma", config, irq, trace),
      isp("isp", config, irq),
      dma("dma", config, irq, trace),
      interconnect("interconnect", config.interconnect_latency_ns),
      memory("memory", config),
      cpu("cpu", config, irq) {
  csi2rx.to_isp.bind(isp.in);
  rdma.to_isp.bind(isp.in);
  isp.out.bind(dma.in);

  cpu.bus.bind(interconnect.from_initiators);
  dma.to_memory.bind(interconnect.from_initiators);
  rdma.to_memory.bind(interconnect.from_initiators);
  isp.statistics.to_memory.bind(interconnect.from_initiators);
  // Address map: the order of map() calls follows the order of bindings.
  const auto map_block = [this](RegisterTarget& target, const char* block) {
    interconnect.to_targets.bind(target.socket);
    interconnect.map(regmap::block(block).base, regmap::block(block).size);
  };
  map_block(isp.target, "isp");
  map_block(dma.target, "dma");
  map_block(csi2rx.target, "csi2rx");
  map_block(rdma.target, "rdma");
  map_block(cci.target, "cci");
  map_block(irq.target, "irq");
  interconnect.to_targets.bind(memory.socket);
  interconnect.map(config.memory_base, config.memory_bytes);
}

void SocTop::run_program(Cpu::Program program) {
  cpu.load(std::move(program));
  while (!cpu.finished() && sc_core::sc_get_status() != sc_core::SC_STOPPED) {
    sc_core::sc_start();
    if (sc_core::sc_pending_activity() == false && !cpu.finished()) break;
  }
  cpu.rethrow_if_failed();
  if (!cpu.finished())
    throw ModelError("simulation ran out of events before the CPU's program finished");
}

}  // namespace ispsim::hw
