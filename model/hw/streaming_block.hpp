#pragma once
// The schedule shared by every ISP block: a line enters when the block is free, takes
// ceil(width / pixels_per_clock) + line_overhead cycles, and its first output appears
// `latency_cycles` later. If the next block is not ready, the block stalls and counts it.
// A subclass supplies only what it does to a line (by calling its kernel) and its line buffers.
#include <cstdint>
#include <string>
#include <systemc>
#include <vector>

#include "model/hw/stream.hpp"

namespace ispsim::hw {

struct BlockStats {
  std::string name;
  uint64_t cycles = 0;        // busy cycles
  uint64_t stall_cycles = 0;  // waiting for the next block
  uint64_t line_buffer_bytes = 0;
};

struct BlockTiming {
  const ClockDomain* clock;
  int pixels_per_clock;
  int line_overhead_cycles;
  int latency_cycles;
  int max_line_width;  // the line buffers are built for this
};

class StreamingBlock : public sc_core::sc_module, public StreamSink {
 public:
  sc_core::sc_port<StreamSink> out;

  StreamingBlock(sc_core::sc_module_name name, const BlockTiming& timing);
  sc_core::sc_time put(StreamBeat& beat, const sc_core::sc_time& arrival) override;
  BlockStats stats() const;
  uint64_t line_cycles(int width) const;

 protected:
  virtual void frame_start(const StreamBeat& /*beat*/) {}
  // Appends 0..n output beats for one input line.
  virtual void process_line(StreamBeat& in, std::vector<StreamBeat>& outputs) = 0;
  // Lines still held in line buffers at the end of the frame.
  virtual void finish_frame(std::vector<StreamBeat>& /*outputs*/) {}
  virtual uint64_t line_buffer_bytes() const { return 0; }
  int max_line_width() const { return timing_.max_line_width; }
  // An output line numbered like `in`, with `planes` planes of its width.
  static StreamBeat line_like(const StreamBeat& in, int planes);

 private:
  // Sends outputs, the first available at `first_available`, each `cycles_per_output` after the
  // previous one was taken (0: all at once, on parallel ports).
  sc_core::sc_time emit(std::vector<StreamBeat>& outputs, sc_core::sc_time first_available,
                        uint64_t cycles_per_output);

  BlockTiming timing_;
  sc_core::sc_time free_at_;
  uint64_t busy_cycles_ = 0;
  uint64_t stall_cycles_ = 0;
  int last_width_ = 0;
  std::vector<StreamBeat> outputs_;
};

}  // namespace ispsim::hw
