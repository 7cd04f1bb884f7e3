#pragma once
// The ISP's 3A statistics unit in the SoC: a tap on the raw stream leaving the green balance
// block (it takes nothing from the stream's time: the lines go on as they come) and a DMA
// channel that writes the frame's statistics to memory at frame end, in bursts on the
// interconnect, then raises STATS_DONE. A bus error stops the buffer and raises DMA_ERR with
// isp.STATS_STATUS.BUS_ERR and STATS_ERR_ADDR set, as the frame DMA reports its own.
#include <tlm_utils/simple_initiator_socket.h>
#include <systemc>
#include <tlm>

#include "model/blocks/pipeline.hpp"
#include "model/hw/control_blocks.hpp"
#include "model/hw/soc_config.hpp"
#include "model/hw/stream.hpp"
#include "model/regmap/register_bank.hpp"
#include "model/stats/isp_stats.hpp"

namespace ispsim::hw {

class StatisticsUnit : public sc_core::sc_module, public StreamSink {
 public:
  SC_HAS_PROCESS(StatisticsUnit);
  tlm_utils::simple_initiator_socket<StatisticsUnit> to_memory;

  // `bank`: the ISP's registers (STATS_*); `next`: where the tapped lines go on.
  StatisticsUnit(sc_core::sc_module_name name, const SocConfig& config, IrqController& irq,
                 regmap::RegisterBank& bank);
  void set_next(StreamSink& next) { next_ = &next; }
  // The ISP's settings of the frame in progress (decoded at each frame start).
  void watch(const IspParams& params) { params_ = &params; }
  sc_core::sc_time put(StreamBeat& beat, const sc_core::sc_time& arrival) override;
  const stats::Accumulator& statistics() const { return statistics_; }

 private:
  void write_to_memory(const sc_core::sc_time& start);
  void complete_buffer();  // when the last burst has landed: count it, raise STATS_DONE

  const SocConfig& config_;
  ClockDomain clock_;
  IrqController& irq_;
  regmap::RegisterBank& bank_;
  StreamSink* next_ = nullptr;
  const IspParams* params_ = nullptr;
  bool gathering_ = false;
  stats::Accumulator statistics_;
  sc_core::sc_event written_event_;
};

}  // namespace ispsim::hw
