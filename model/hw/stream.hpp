#pragma once
// Pixel data between SoC blocks moves a line per transaction. A sink is told when a beat is
// available and answers when it took it; the difference is back-pressure (stall). Times run ahead
// of sc_time_stamp() (temporal decoupling): no process runs per pixel or per line inside the ISP.
#include <cstdint>
#include <systemc>
#include <vector>

#include "model/blocks/row_buffer.hpp"

namespace ispsim::hw {

enum class BeatKind { kFrameStart, kLine, kFrameEnd };

struct StreamBeat {
  BeatKind kind = BeatKind::kLine;
  uint32_t frame = 0;
  int line = 0;         // row in its plane
  int exposure = 0;     // staggered HDR: which of the frame's exposures (receiver's channel)
  int width = 0;        // pixels (chroma lines: CbCr pairs)
  int channels = 1;     // planes of a pixel line; 2 for a chroma line (interleaved in plane 0)
  bool chroma = false;  // an NV12 CbCr line
  blocks::PlanarLine pixels;  // the kernels' line layout: planar, padded
  // Samples of an output line as the memory takes them: width x channels from plane 0.
  int packed_samples() const { return chroma ? 2 * width : width; }
};

class StreamSink : public virtual sc_core::sc_interface {
 public:
  // `arrival`: when the beat's first sample is available. Returns when the sink took it.
  virtual sc_core::sc_time put(StreamBeat& beat, const sc_core::sc_time& arrival) = 0;
};

// Cycles <-> time in one clock domain. Times are computed from cycle counts each time (not
// cycles * a rounded period), so long frames do not accumulate rounding error.
class ClockDomain {
 public:
  explicit ClockDomain(double hz) : hz_(hz) {}
  double hz() const { return hz_; }
  sc_core::sc_time time(uint64_t cycles) const {
    return sc_core::sc_time(static_cast<double>(cycles) / hz_, sc_core::SC_SEC);
  }
  uint64_t cycles(const sc_core::sc_time& t) const {
    return static_cast<uint64_t>(t.to_seconds() * hz_ + 0.5);
  }

 private:
  double hz_;
};

}  // namespace ispsim::hw
