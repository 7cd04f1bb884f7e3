#include "model/hw/write_dma.hpp"

#include <algorithm>

namespace ispsim::hw {

using sc_core::sc_time;
namespace dma = regs::dma;

WriteDma::WriteDma(sc_core::sc_module_name name, const SocConfig& config, IrqController& irq,
                   SignalTrace& trace)
    : sc_core::sc_module(name),
      in("in"),
      to_memory("to_memory"),
      bank(regmap::block("dma")),
      target("target", bank, config.register_access_ns),
      config_(config),
      clock_(config.isp_clock_hz),
      irq_(irq),
      channels_{BurstChannel(config.dma_max_outstanding), BurstChannel(config.dma_max_outstanding)},
      trace_(trace),
      trace_busy_(trace.add_signal("dma", "busy")) {
  in.bind(*this);
  SC_METHOD(complete_frame);
  sensitive << frame_done_event_;
  dont_initialize();
}

void WriteDma::fail(uint32_t status_bit, uint64_t address, const sc_time& when) {
  active_ = false;
  bank.raise(dma::STATUS, status_bit);
  bank.set_hardware(dma::ERR_ADDR, dma::ERR_ADDR_ADDRESS, static_cast<uint32_t>(address));
  bank.set_hardware(dma::STATUS, dma::STATUS_BUSY, 0);
  irq_.raise_at(regs::irq_bit::kDmaError, when);
  trace_.record(trace_busy_, when, 0);
}

sc_time WriteDma::write_line(const StreamBeat& beat, const sc_time& arrival) {
  const uint64_t address = beat.chroma ? params_.chroma_line_address(beat.line, frame_width_)
                                       : params_.luma_line_address(beat.line, frame_width_);
  const uint16_t* samples = beat.pixels.plane(0);
  bytes_.assign(samples, samples + beat.packed_samples());
  const int plane = beat.chroma ? 1 : 0;
  sc_time& line_buffer_free_at = line_buffer_free_at_[plane];
  BurstChannel& channel = channels_[plane];
  const sc_time taken = std::max(arrival, line_buffer_free_at);
  sc_time issue = taken;
  // The line streams in at the ISP's rate (pixels_per_clock bytes per clock in either plane):
  // a burst can go out only once its last byte is in the line buffer.
  const uint64_t bytes_per_clock = static_cast<uint64_t>(config_.pixels_per_clock);
  const auto outcome = channel.transfer_buffer(
      to_memory, tlm::TLM_WRITE_COMMAND, address, bytes_.data(), bytes_.size(),
      static_cast<size_t>(config_.dma_burst_bytes), clock_.time(1), issue, [&](size_t filled) {
        return taken + clock_.time((filled + bytes_per_clock - 1) / bytes_per_clock);
      });
  if (!outcome.ok) {
    fail(dma::STATUS_BUS_ERR.mask(), outcome.failed_address, issue);
    return taken;
  }
  last_completion_ = std::max(last_completion_, outcome.last_completion);
  frame_bytes_ += bytes_.size();
  line_buffer_free_at = issue;
  return taken;
}

sc_time WriteDma::put(StreamBeat& beat, const sc_time& arrival) {
  switch (beat.kind) {
    case BeatKind::kFrameStart:
      bank.commit_shadow();
      params_ = decode_dma_params([this](uint32_t a) { return bank.active(a); });
      active_ = params_.enable;
      frame_width_ = 0;
      frame_bytes_ = 0;
      channels_[0].reset();
      channels_[1].reset();
      last_completion_ = arrival;
      if (active_) {
        bank.set_hardware(dma::STATUS, dma::STATUS_BUSY, 1);
        trace_.record(trace_busy_, arrival, 1);
      }
      return arrival;
    case BeatKind::kLine:
      if (!active_) return arrival;
      if (!beat.chroma) frame_width_ = beat.width;
      if (params_.effective_stride(frame_width_) == 0) {
        fail(dma::STATUS_CONFIG_ERR.mask(), params_.luma_base, arrival);
        return arrival;
      }
      return write_line(beat, arrival);
    case BeatKind::kFrameEnd:
      if (!active_) return arrival;
      active_ = false;
      frame_done_time_ = std::max(arrival, last_completion_);
      frame_done_event_.notify(frame_done_time_ - sc_core::sc_time_stamp());
      return arrival;
  }
  return arrival;
}

void WriteDma::complete_frame() {
  bank.set_hardware(dma::STATUS, dma::STATUS_BUSY, 0);
  bank.set_hardware(dma::FRAME_BYTES, dma::FRAME_BYTES_BYTES, static_cast<uint32_t>(frame_bytes_));
  ++frames_done_;
  trace_.record(trace_busy_, frame_done_time_, 0);
  irq_.raise_at(regs::irq_bit::kFrameDone, frame_done_time_);
}

}  // namespace ispsim::hw
