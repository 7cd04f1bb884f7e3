#pragma once
// Drives the SystemC ISP alone: programs its registers through the bus-side bank, streams a raw
// frame into it line by line and collects the NV12 lines it sends on.
#include <tlm_utils/simple_initiator_socket.h>
#include <systemc>
#include <utility>

#include "model/hw/bus_targets.hpp"
#include "model/hw/isp_pipeline.hpp"
#include "model/reference/reference_pipeline.hpp"

namespace ispsim::test {

class Nv12Collector : public sc_core::sc_module, public hw::StreamSink {
 public:
  explicit Nv12Collector(sc_core::sc_module_name name) : sc_core::sc_module(name) {}
  sc_core::sc_time put(hw::StreamBeat& beat, const sc_core::sc_time& arrival) override {
    if (beat.kind != hw::BeatKind::kLine) return arrival;
    auto& plane = beat.chroma ? frame.chroma : frame.luma;
    auto& next_line = beat.chroma ? next_chroma_line : next_luma_line;
    if (beat.line != next_line) line_order_errors++;  // lines must leave in order, none skipped
    next_line = beat.line + 1;
    const uint16_t* samples = beat.pixels.plane(0);
    plane.insert(plane.end(), samples, samples + beat.packed_samples());
    if (!beat.chroma) frame.height = beat.line + 1;
    if (!beat.chroma) frame.width = beat.width;
    return arrival;
  }
  Nv12Frame frame;
  int next_luma_line = 0, next_chroma_line = 0, line_order_errors = 0;
};

// From an SC_THREAD: a frame start, the lines of `raw` one `line_time` apart, a frame end, then
// four line times for the pipeline to drain.
inline void stream_raw_frame(hw::StreamSink& isp, const Image16& raw,
                             const sc_core::sc_time& line_time) {
  hw::StreamBeat start;
  start.kind = hw::BeatKind::kFrameStart;
  isp.put(start, sc_core::sc_time_stamp());
  for (int y = 0; y < raw.height(); ++y) {
    sc_core::wait(line_time);
    hw::StreamBeat line;
    line.line = y;
    line.width = raw.width();
    line.pixels.resize(raw.width(), 1);
    std::copy(raw.row(y), raw.row(y) + raw.width(), line.pixels.plane(0));
    isp.put(line, sc_core::sc_time_stamp());
  }
  hw::StreamBeat end;
  end.kind = hw::BeatKind::kFrameEnd;
  isp.put(end, sc_core::sc_time_stamp());
  sc_core::wait(line_time * 4);
}

// The SystemC ISP alone, its output bound to a `Sink` of the test's choosing (built from the extra
// constructor arguments); `run_frame` streams a raw frame in, lines a microsecond apart (far
// longer than a line's ISP time), and runs the simulation to its end.
template <typename Sink>
class IspBench : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(IspBench);
  template <typename... SinkArgs>
  IspBench(sc_core::sc_module_name name, const hw::SocConfig& soc_config, SinkArgs&&... sink_args)
      : sc_core::sc_module(name),
        config(soc_config),
        irq("irq", config, trace),
        isp("isp", config, irq),
        sink("sink", std::forward<SinkArgs>(sink_args)...),
        memory("memory", config),
        isp_bus("isp_bus"),
        irq_bus("irq_bus") {
    isp.out.bind(sink);
    isp.statistics.to_memory.bind(memory.socket);
    isp_bus.bind(isp.target.socket);
    irq_bus.bind(irq.target.socket);
    SC_THREAD(stream);
  }

  void write(uint32_t address, uint32_t value) { isp.bank.write(address, value); }
  void run_frame(const Image16& raw) {
    raw_ = &raw;
    sc_core::sc_start();
  }

  const hw::SocConfig config;  // a copy: the models keep a reference to it
  hw::SignalTrace trace;
  hw::IrqController irq;
  hw::IspPipeline isp;
  Sink sink;
  hw::Lpddr memory;                                      // where the statistics DMA writes
  tlm_utils::simple_initiator_socket<IspBench> isp_bus;  // register ports, unused here
  tlm_utils::simple_initiator_socket<IspBench> irq_bus;

 private:
  void stream() {
    stream_raw_frame(isp, *raw_, sc_core::sc_time(1, sc_core::SC_US));
    sc_core::sc_stop();
  }
  const Image16* raw_ = nullptr;
};

// The ISP with an NV12 collector: the frame as the ISP sends it on.
class IspHarness : public IspBench<Nv12Collector> {
 public:
  using IspBench::IspBench;
  Nv12Frame run(const Image16& raw) {
    run_frame(raw);
    return sink.frame;
  }
};

}  // namespace ispsim::test
