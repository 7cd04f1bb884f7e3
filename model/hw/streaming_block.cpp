#include "model/hw/streaming_block.hpp"

#include <algorithm>

namespace ispsim::hw {

using sc_core::sc_time;

StreamingBlock::StreamingBlock(sc_core::sc_module_name name, const BlockTiming& timing)
    : sc_core::sc_module(name), out("out"), timing_(timing), free_at_(sc_core::SC_ZERO_TIME) {}

uint64_t StreamingBlock::line_cycles(int width) const {
  const uint64_t ppc = static_cast<uint64_t>(timing_.pixels_per_clock);
  return (static_cast<uint64_t>(width) + ppc - 1) / ppc + timing_.line_overhead_cycles;
}

sc_time StreamingBlock::emit(std::vector<StreamBeat>& outputs, sc_time first_available,
                             uint64_t cycles_per_output) {
  sc_time available = first_available;
  sc_time released = first_available;
  for (auto& beat : outputs) {
    const sc_time accepted = out->put(beat, available);
    if (accepted > available) stall_cycles_ += timing_.clock->cycles(accepted - available);
    released = std::max(accepted, available);
    available = released + timing_.clock->time(cycles_per_output);
  }
  outputs.clear();
  return released;
}

sc_time StreamingBlock::put(StreamBeat& beat, const sc_time& arrival) {
  const sc_time start = std::max(arrival, free_at_);
  const sc_time latency = timing_.clock->time(timing_.latency_cycles);
  switch (beat.kind) {
    case BeatKind::kFrameStart: {
      frame_start(beat);
      out->put(beat, start + latency);
      free_at_ = start;
      break;
    }
    case BeatKind::kLine: {
      last_width_ = beat.width;
      const uint64_t cycles = line_cycles(beat.width);
      busy_cycles_ += cycles;
      process_line(beat, outputs_);
      // Beats from one input line leave together, on parallel ports (luma and chroma).
      const sc_time released = emit(outputs_, start + latency, 0);
      // The block's output register holds a line until the next block takes it.
      free_at_ = std::max(start + timing_.clock->time(cycles), released - latency);
      break;
    }
    case BeatKind::kFrameEnd: {
      finish_frame(outputs_);
      const uint64_t cycles = line_cycles(last_width_);
      busy_cycles_ += cycles * outputs_.size();
      sc_time end = start;
      if (!outputs_.empty()) {
        const size_t flushed = outputs_.size();
        const sc_time released = emit(outputs_, start + latency, cycles);
        end = std::max(start + timing_.clock->time(cycles * flushed), released);
      }
      out->put(beat, end + latency);
      free_at_ = end;
      break;
    }
  }
  return start;
}

StreamBeat StreamingBlock::line_like(const StreamBeat& in, int planes) {
  StreamBeat out;
  out.frame = in.frame;
  out.line = in.line;
  out.width = in.width;
  out.channels = planes;
  out.pixels.resize(in.width, planes);
  return out;
}

BlockStats StreamingBlock::stats() const {
  return {basename(), busy_cycles_, stall_cycles_, line_buffer_bytes()};
}

}  // namespace ispsim::hw
