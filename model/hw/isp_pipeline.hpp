#pragma once
// The ISP: its register file and the blocks of the pipeline list (model/blocks/pipeline.def)
// wired in order, each in its schedule. At frame start the shadow registers commit and every
// block's parameters are decoded once for the whole frame. With staggered HDR, the input holds
// each earlier exposure's rows until the last exposure's same row arrives (the sensor's line
// offsets) and passes them on together, a plane each, to the HDR merge.
#include <array>
#include <deque>
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
  // The most the exposure buffers held at once: the SRAM staggered HDR needs at these offsets.
  uint64_t exposure_buffer_bytes() const { return exposure_buffer_bytes_; }

 private:
  void flag_size_error(const sc_core::sc_time& when);
  // Takes the waiting rows of `beat`'s row from the earlier exposures into its planes; false if
  // one of them never arrived (the receiver dropped it).
  bool gather_exposures(StreamBeat& beat);

  const SocConfig& config_;
  IrqController& irq_;
  ClockDomain clock_;
  IspParams params_;
  std::vector<std::unique_ptr<StreamingBlock>> blocks_;
  bool dropping_ = true;
  bool size_error_ = false;
  int lines_in_ = 0;
  int exposures_ = 1;  // the frame's exposures the HDR merge takes
  std::array<std::deque<StreamBeat>, blocks::kMaxExposures - 1> waiting_;
  uint64_t exposure_buffer_bytes_ = 0;
};

}  // namespace ispsim::hw
