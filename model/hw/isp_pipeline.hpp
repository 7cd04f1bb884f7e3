#pragma once
// The ISP: its register file and the blocks of the pipeline list (model/blocks/pipeline.def)
// wired in order, each in its schedule. At frame start the shadow registers commit and every
// block's parameters are decoded once for the whole frame.
#include <memory>
#include <vector>

#include "model/blocks/pipeline.hpp"
#include "model/hw/control_blocks.hpp"
#include "model/hw/statistics_unit.hpp"
#include "model/hw/streaming_block.hpp"

namespace ispsim::hw {

class IspPipeline : public sc_core::sc_module, public StreamSink {
 public:
  sc_core::sc_export<StreamSink> in;
  sc_core::sc_port<StreamSink> out;
  regmap::RegisterBank bank;
  RegisterTarget target;
  StatisticsUnit statistics;  // taps the stream after green balance; its DMA port goes to memory

  IspPipeline(sc_core::sc_module_name name, const SocConfig& config, IrqController& irq);
  ~IspPipeline() override;
  sc_core::sc_time put(StreamBeat& beat, const sc_core::sc_time& arrival) override;
  // Per block, in pipeline order; find one by its name.
  std::vector<BlockStats> block_stats() const;
  const IspParams& params() const { return params_; }

 private:
  void flag_size_error(const sc_core::sc_time& when);

  const SocConfig& config_;
  IrqController& irq_;
  ClockDomain clock_;
  IspParams params_;
  std::vector<std::unique_ptr<StreamingBlock>> blocks_;
  bool dropping_ = true;
  bool size_error_ = false;
  int lines_in_ = 0;
};

}  // namespace ispsim::hw
