// The read DMA alone, between a recording memory and an ISP stand-in that takes lines slowly:
// it fetches at most `read_dma_line_buffers` lines ahead of what the ISP has taken (a buffer
// refills only once its line is gone), and otherwise reads as soon as a buffer is free.
#include <gtest/gtest.h>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <map>
#include <vector>

#include "model/hw/bus_targets.hpp"
#include "model/hw/read_dma.hpp"

namespace ispsim {
namespace {

namespace rdma = regs::rdma;
using sc_core::sc_time;

// Records when each read was issued (the initiator's time: now + the annotated delay).
class ReadRecorder : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<ReadRecorder> from_dma;
  tlm_utils::simple_initiator_socket<ReadRecorder> to_memory;
  std::map<uint64_t, sc_time> issued;  // address -> issue time

  explicit ReadRecorder(sc_core::sc_module_name name)
      : sc_core::sc_module(name), from_dma("from_dma"), to_memory("to_memory") {
    from_dma.register_b_transport(this, &ReadRecorder::b_transport);
  }

 private:
  void b_transport(tlm::tlm_generic_payload& payload, sc_time& delay) {
    if (payload.is_read()) issued.emplace(payload.get_address(), sc_core::sc_time_stamp() + delay);
    to_memory->b_transport(payload, delay);
  }
};

// Takes a line no sooner than `line_time` after the one before (an ISP far slower than DRAM).
class SlowIsp : public sc_core::sc_module, public hw::StreamSink {
 public:
  explicit SlowIsp(sc_core::sc_module_name name) : sc_core::sc_module(name) {}
  sc_time put(hw::StreamBeat& beat, const sc_time& arrival) override {
    if (beat.kind != hw::BeatKind::kLine) return arrival;
    last_ = std::max(arrival, last_ + sc_time(10, sc_core::SC_US));
    taken.push_back(last_);
    return last_;
  }
  std::vector<sc_time> taken;  // per line

 private:
  sc_time last_ = sc_core::SC_ZERO_TIME;
};

struct PrefetchBench : sc_core::sc_module {
  SC_HAS_PROCESS(PrefetchBench);
  explicit PrefetchBench(int line_buffers)
      : sc_core::sc_module("bench"),
        config([&] {
          hw::SocConfig c;
          c.read_dma_line_buffers = line_buffers;
          return c;
        }()),
        irq("irq", config, trace),
        dma("rdma", config, irq, trace),
        recorder("recorder"),
        memory("memory", config),
        isp("isp"),
        irq_bus("irq_bus"),
        dma_bus("dma_bus") {
    dma.to_isp.bind(isp);
    dma.to_memory.bind(recorder.from_dma);
    recorder.to_memory.bind(memory.socket);
    irq_bus.bind(irq.target.socket);  // register ports, unused here
    dma_bus.bind(dma.target.socket);
    SC_THREAD(start);
  }
  // Streams a width x height raw from the start of memory; the line's first read, per line.
  std::vector<sc_time> run(int width, int height) {
    const uint32_t base = static_cast<uint32_t>(config.memory_base);
    width_ = width;
    height_ = height;
    sc_core::sc_start();
    std::vector<sc_time> first_read;
    for (int line = 0; line < height; ++line)
      first_read.push_back(recorder.issued.at(base + 2ull * width * line));
    return first_read;
  }

  const hw::SocConfig config;
  hw::SignalTrace trace;
  hw::IrqController irq;
  hw::ReadDma dma;
  ReadRecorder recorder;
  hw::Lpddr memory;
  SlowIsp isp;
  tlm_utils::simple_initiator_socket<PrefetchBench> irq_bus;
  tlm_utils::simple_initiator_socket<PrefetchBench> dma_bus;

 private:
  // START from a process, as the CPU writes it while the simulation runs.
  void start() {
    dma.bank.write(rdma::BASE, rdma::BASE_ADDRESS(static_cast<uint32_t>(config.memory_base)));
    dma.bank.write(rdma::FRAME_SIZE, rdma::FRAME_SIZE_WIDTH(static_cast<uint32_t>(width_)) |
                                         rdma::FRAME_SIZE_HEIGHT(static_cast<uint32_t>(height_)));
    dma.bank.write(rdma::CTRL, rdma::CTRL_START(1));
  }
  int width_ = 0, height_ = 0;
};

void expect_prefetch_depth(int line_buffers) {
  PrefetchBench bench(line_buffers);
  const int height = 8;
  const std::vector<sc_time> first_read = bench.run(256, height);
  ASSERT_EQ(bench.isp.taken.size(), static_cast<size_t>(height));
  for (int line = 0; line < height; ++line) {
    if (line < line_buffers) {
      // A free buffer from the start: read at once, long before the slow ISP takes anything.
      EXPECT_LT(first_read[line], sc_time(1, sc_core::SC_US)) << "line " << line;
    } else {
      // Its buffer frees when the ISP takes the line `line_buffers` earlier, and not before.
      const sc_time freed = bench.isp.taken[static_cast<size_t>(line - line_buffers)];
      EXPECT_GE(first_read[line], freed) << "line " << line;
      EXPECT_LT(first_read[line], freed + sc_time(1, sc_core::SC_US)) << "line " << line;
    }
  }
}

TEST(ReadDmaPrefetch, TwoLineBuffersFetchTwoLinesAheadOfTheIsp) {
  expect_prefetch_depth(2);
}

TEST(ReadDmaPrefetch, FourLineBuffersFetchFourLinesAhead) {
  expect_prefetch_depth(4);
}

}  // namespace
}  // namespace ispsim
