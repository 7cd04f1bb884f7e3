#include "model/hw/read_dma.hpp"

#include <algorithm>

namespace ispsim::hw {

using sc_core::sc_time;
namespace rdma = regs::rdma;

ReadDma::ReadDma(sc_core::sc_module_name name, const SocConfig& config, IrqController& irq,
                 SignalTrace& trace)
    : sc_core::sc_module(name),
      to_isp("to_isp"),
      to_memory("to_memory"),
      bank(regmap::block("rdma")),
      target("target", bank, config.register_access_ns),
      config_(config),
      clock_(config.isp_clock_hz),
      irq_(irq),
      channel_(config.dma_max_outstanding),
      trace_(trace),
      trace_busy_(trace.add_signal("rdma", "busy")) {
  SC_THREAD(stream_frames);
  SC_METHOD(finish_frame);
  sensitive << frame_end_event_;
  dont_initialize();
  bank.on_write(rdma::CTRL, [this](uint32_t, uint32_t value) {
    if (rdma::CTRL_START.get(value)) start();
  });
}

void ReadDma::start() {
  if (bank.active(rdma::STATUS, rdma::STATUS_BUSY)) return;  // a START while busy is ignored
  params_ = decode_read_dma_params([this](uint32_t a) { return bank.active(a); });
  if (!params_.valid(config_.max_line_width)) {
    bank.raise(rdma::STATUS, rdma::STATUS_CONFIG_ERR.mask());
    irq_.raise_at(regs::irq_bit::kDmaError, sc_core::sc_time_stamp());
    return;
  }
  bank.set_hardware(rdma::STATUS, rdma::STATUS_BUSY, 1);
  start_event_.notify(sc_core::SC_ZERO_TIME);
}

// The frame stops at a failing read: the status shows it, and the interrupt fires, when that
// read's response comes back.
void ReadDma::fail(uint64_t address, const sc_time& when) {
  failed_address_ = address;
  end_frame(when, true);
}

void ReadDma::end_frame(const sc_time& when, bool failed) {
  failed_ = failed;
  frame_end_time_ = when;
  frame_end_event_.notify(when - sc_core::sc_time_stamp());
}

// Fetches one line into beat_, its bursts one per ISP clock from `issue`; `ready` is when the
// last one arrived. False after a bus error (already reported).
bool ReadDma::read_line(int line, sc_time issue, sc_time& ready) {
  const uint64_t address = params_.line_address(line);
  bytes_.resize(params_.line_bytes());
  issue = std::max(issue, request_free_at_);
  const auto outcome =
      channel_.transfer_buffer(to_memory, tlm::TLM_READ_COMMAND, address, bytes_.data(),
                               bytes_.size(), static_cast<size_t>(config_.dma_burst_bytes),
                               clock_.time(1), issue, [](size_t) { return sc_core::SC_ZERO_TIME; });
  if (!outcome.ok) {
    fail(outcome.failed_address, issue);
    return false;
  }
  ready = outcome.last_completion;
  request_free_at_ = issue;
  beat_.kind = BeatKind::kLine;
  beat_.line = line;
  beat_.width = params_.width;
  beat_.pixels.resize(params_.width, 1);
  read_dma_line(bytes_.data(), params_.width, beat_.pixels.plane(0));
  return true;
}

void ReadDma::stream_frames() {
  for (;;) {
    sc_core::wait(start_event_);
    frame_start_time_ = sc_core::sc_time_stamp();
    trace_.record(trace_busy_, frame_start_time_, 1);
    channel_.reset();
    request_free_at_ = frame_start_time_;
    beat_ = StreamBeat();
    beat_.kind = BeatKind::kFrameStart;
    beat_.frame = frame_;
    const sc_time started = to_isp->put(beat_, frame_start_time_);
    // A line buffer refills once the ISP has taken the line it held.
    std::vector<sc_time> buffer_free_at(static_cast<size_t>(config_.read_dma_line_buffers),
                                        started);
    sc_time taken = started;
    bool whole = true;
    for (int line = 0; line < params_.height && whole; ++line) {
      sc_time& buffer = buffer_free_at[static_cast<size_t>(line) % buffer_free_at.size()];
      sc_time ready;
      whole = read_line(line, buffer, ready);
      if (whole) buffer = taken = to_isp->put(beat_, ready);
    }
    // A stopped frame ends short, as a receiver's frame that lost lines: the ISP flags its size
    // and finishes it.
    beat_.kind = BeatKind::kFrameEnd;
    to_isp->put(beat_, whole ? taken : std::max(taken, frame_end_time_));
    if (whole) end_frame(taken, false);
    ++frame_;
  }
}

void ReadDma::finish_frame() {
  bank.set_hardware(rdma::STATUS, rdma::STATUS_BUSY, 0);
  trace_.record(trace_busy_, frame_end_time_, 0);
  if (failed_) {
    bank.raise(rdma::STATUS, rdma::STATUS_BUS_ERR.mask());
    bank.set_hardware(rdma::ERR_ADDR, rdma::ERR_ADDR_ADDRESS,
                      static_cast<uint32_t>(failed_address_));
    irq_.raise_at(regs::irq_bit::kDmaError, frame_end_time_);
    return;
  }
  const uint32_t frames = bank.active(rdma::STATUS, rdma::STATUS_FRAME_COUNT);
  bank.set_hardware(rdma::STATUS, rdma::STATUS_FRAME_COUNT, (frames + 1) & 0xFFFF);
}

}  // namespace ispsim::hw
