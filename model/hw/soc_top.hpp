#pragma once
// The SoC: CPU, CSI-2 receiver, read DMA, ISP, write DMA, CCI master and interrupt controller on
// one interconnect with LPDDR behind it. The ISP takes lines from the receiver (a live sensor) or
// from the read DMA (a raw in memory); the firmware uses one at a time. The sensor is outside the
// SoC: bind it to csi2rx.from_sensor and connect it to the CCI master.
#include "model/hw/cpu.hpp"
#include "model/hw/csi2_rx.hpp"
#include "model/hw/isp_pipeline.hpp"
#include "model/hw/read_dma.hpp"
#include "model/hw/trace.hpp"
#include "model/hw/write_dma.hpp"

namespace ispsim::hw {

class SocTop : public sc_core::sc_module {
 public:
  SocTop(sc_core::sc_module_name name, const SocConfig& config);

  const SocConfig config;
  SignalTrace trace;
  IrqController irq;
  CciMaster cci;
  Csi2Rx csi2rx;
  ReadDma rdma;
  IspPipeline isp;
  WriteDma dma;
  Interconnect interconnect;
  Lpddr memory;
  Cpu cpu;

  // Runs a program on the CPU until it returns; rethrows what it threw. May be called again.
  void run_program(Cpu::Program program);
};

}  // namespace ispsim::hw
