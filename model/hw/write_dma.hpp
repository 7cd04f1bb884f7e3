#pragma once
// Write DMA: takes Y and CbCr lines from the ISP and writes them to memory as NV12 in bursts,
// with a bounded number of writes in flight. A bus error stops the frame and raises DMA_ERR, as
// hardware would; the frame-done interrupt fires when the last write completes.
#include <tlm_utils/simple_initiator_socket.h>
#include <systemc>
#include <tlm>

#include "model/hw/burst_channel.hpp"
#include "model/hw/control_blocks.hpp"
#include "model/hw/stream.hpp"
#include "model/params/dma_params.hpp"

namespace ispsim::hw {

class WriteDma : public sc_core::sc_module, public StreamSink {
 public:
  SC_HAS_PROCESS(WriteDma);
  sc_core::sc_export<StreamSink> in;
  tlm_utils::simple_initiator_socket<WriteDma> to_memory;
  regmap::RegisterBank bank;
  RegisterTarget target;

  WriteDma(sc_core::sc_module_name name, const SocConfig& config, IrqController& irq,
           SignalTrace& trace);
  sc_core::sc_time put(StreamBeat& beat, const sc_core::sc_time& arrival) override;
  const sc_core::sc_time& last_frame_done() const { return frame_done_time_; }
  uint64_t frames_done() const { return frames_done_; }

 private:
  sc_core::sc_time write_line(const StreamBeat& beat, const sc_core::sc_time& arrival);
  void fail(uint32_t status_bit, uint64_t address, const sc_core::sc_time& when);
  void complete_frame();

  const SocConfig& config_;
  ClockDomain clock_;
  IrqController& irq_;
  DmaParams params_;
  bool active_ = false;
  int frame_width_ = 0;
  uint64_t frame_bytes_ = 0;
  sc_core::sc_time line_buffer_free_at_[2];  // one line buffer and channel per plane: Y, CbCr
  sc_core::sc_time last_completion_;
  // Per plane, as each plane's channel has its own outstanding-write budget.
  BurstChannel channels_[2];
  std::vector<uint8_t> bytes_;
  sc_core::sc_event frame_done_event_;
  sc_core::sc_time frame_done_time_;
  uint64_t frames_done_ = 0;
  SignalTrace& trace_;
  int trace_busy_;
};

}  // namespace ispsim::hw
