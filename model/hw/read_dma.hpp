#pragma once
// Read DMA: streams a raw frame from memory into the ISP, as ISPs reprocess stored raws
// (memory-to-memory). START takes BASE, STRIDE and FRAME_SIZE; the DMA fetches each line in bursts
// into one of `read_dma_line_buffers` line buffers, ahead of the ISP, and hands it over when its
// last burst has arrived and the ISP takes it (back-pressure holds the buffer). A bus error stops
// the frame (the ISP gets its frame end early and flags the short frame) and raises DMA_ERR with
// rdma.ERR_ADDR when the failing read returns; impossible settings raise it at START.
#include <tlm_utils/simple_initiator_socket.h>
#include <systemc>
#include <tlm>
#include <vector>

#include "model/hw/burst_channel.hpp"
#include "model/hw/control_blocks.hpp"
#include "model/hw/stream.hpp"
#include "model/params/read_dma_params.hpp"

namespace ispsim::hw {

class ReadDma : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(ReadDma);
  sc_core::sc_port<StreamSink> to_isp;
  tlm_utils::simple_initiator_socket<ReadDma> to_memory;
  regmap::RegisterBank bank;
  RegisterTarget target;

  ReadDma(sc_core::sc_module_name name, const SocConfig& config, IrqController& irq,
          SignalTrace& trace);
  // When the last frame started (START).
  const sc_core::sc_time& last_frame_start() const { return frame_start_time_; }
  // Its line-buffer SRAM: read_dma_line_buffers lines of 16-bit words at the widest line.
  uint64_t line_buffer_bytes() const {
    return uint64_t{2} * config_.max_line_width * config_.read_dma_line_buffers;
  }

 private:
  void start();
  void stream_frames();
  bool read_line(int line, sc_core::sc_time issue, sc_core::sc_time& ready);
  void fail(uint64_t address, const sc_core::sc_time& when);
  void end_frame(const sc_core::sc_time& when, bool failed);
  void finish_frame();

  const SocConfig& config_;
  ClockDomain clock_;
  IrqController& irq_;
  ReadDmaParams params_;
  BurstChannel channel_;
  std::vector<uint8_t> bytes_;
  StreamBeat beat_;
  sc_core::sc_event start_event_, frame_end_event_;
  sc_core::sc_time frame_start_time_, frame_end_time_;
  bool failed_ = false;
  uint64_t failed_address_ = 0;
  sc_core::sc_time request_free_at_;  // the request channel takes one burst per ISP clock
  uint32_t frame_ = 0;
  SignalTrace& trace_;
  int trace_busy_;
};

}  // namespace ispsim::hw
