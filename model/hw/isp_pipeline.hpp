#pragma once
// The ISP: its register file and its blocks wired in pipeline order. At frame start the shadow
// registers commit and the kernels' parameters are decoded once for the whole frame.
#include <memory>

#include "model/hw/control_blocks.hpp"
#include "model/hw/isp_blocks.hpp"

namespace ispsim::hw {

class IspPipeline : public sc_core::sc_module, public StreamSink {
 public:
  sc_core::sc_export<StreamSink> in;
  sc_core::sc_port<StreamSink> out;
  regmap::RegisterBank bank;
  RegisterTarget target;

  IspPipeline(sc_core::sc_module_name name, const SocConfig& config, IrqController& irq);
  sc_core::sc_time put(StreamBeat& beat, const sc_core::sc_time& arrival) override;
  std::vector<BlockStats> block_stats() const;
  const IspParams& params() const { return params_; }

 private:
  void flag_size_error(const sc_core::sc_time& when);

  const SocConfig& config_;
  IrqController& irq_;
  ClockDomain clock_;
  IspParams params_;
  GammaTable gamma_table_{};
  PointwiseBlock black_level_;
  PointwiseBlock white_balance_;
  DemosaicBlock demosaic_;
  PointwiseBlock color_matrix_;
  PointwiseBlock gamma_;
  CscBlock csc_;
  bool dropping_ = true;
  bool size_error_ = false;
  int lines_in_ = 0;
};

}  // namespace ispsim::hw
