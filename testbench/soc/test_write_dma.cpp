// The write DMA alone at the hardware's widest lines (4096 and 8192 pixels, far over 2 KiB): every
// NV12 byte lands at the address the layout formula gives, padding past the line stays untouched,
// and no burst crosses a line's end. One test case per process (SystemC elaborates once).
#include <gtest/gtest.h>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "model/hw/bus_targets.hpp"
#include "model/hw/write_dma.hpp"
#include "testbench/soc/nv12_in_memory.hpp"
#include "testbench/test_frames.hpp"

namespace ispsim {
namespace {

namespace dma = regs::dma;

// Between the DMA and the memory: records every write and gives the test debug access to memory.
class BusRecorder : public sc_core::sc_module {
 public:
  struct Write {
    uint64_t address;
    unsigned length;
  };
  tlm_utils::simple_target_socket<BusRecorder> from_dma;
  tlm_utils::simple_initiator_socket<BusRecorder> to_memory;
  std::vector<Write> writes;

  explicit BusRecorder(sc_core::sc_module_name name)
      : sc_core::sc_module(name), from_dma("from_dma"), to_memory("to_memory") {
    from_dma.register_b_transport(this, &BusRecorder::b_transport);
  }
  std::vector<uint8_t> peek(uint64_t address, size_t bytes) {
    std::vector<uint8_t> data(bytes);
    debug(tlm::TLM_READ_COMMAND, address, data);
    return data;
  }
  void poke(uint64_t address, std::vector<uint8_t> data) {
    debug(tlm::TLM_WRITE_COMMAND, address, data);
  }

 private:
  void b_transport(tlm::tlm_generic_payload& payload, sc_core::sc_time& delay) {
    if (payload.is_write()) writes.push_back({payload.get_address(), payload.get_data_length()});
    to_memory->b_transport(payload, delay);
  }
  void debug(tlm::tlm_command command, uint64_t address, std::vector<uint8_t>& data) {
    tlm::tlm_generic_payload payload;
    payload.set_command(command);
    payload.set_address(address);
    payload.set_data_ptr(data.data());
    payload.set_data_length(static_cast<unsigned>(data.size()));
    ASSERT_EQ(to_memory->transport_dbg(payload), data.size());
  }
};

// Streams an NV12 frame into the DMA as the ISP's last block does: a luma line per beat, a CbCr
// line after each odd luma line (and after the last one of an odd height).
class DmaBench : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(DmaBench);
  DmaBench(sc_core::sc_module_name name, const hw::SocConfig& soc_config)
      : sc_core::sc_module(name),
        config(soc_config),
        irq("irq", config, trace),
        dma("dma", config, irq, trace),
        recorder("recorder"),
        memory("memory", config),
        irq_bus("irq_bus"),
        dma_bus("dma_bus") {
    dma.to_memory.bind(recorder.from_dma);
    recorder.to_memory.bind(memory.socket);
    irq_bus.bind(irq.target.socket);
    dma_bus.bind(dma.target.socket);
    SC_THREAD(stream);
  }

  void run(const Nv12Frame& frame, uint32_t y_base, uint32_t uv_base, uint32_t stride) {
    dma.bank.write(dma::Y_BASE, dma::Y_BASE_ADDRESS(y_base));
    dma.bank.write(dma::UV_BASE, dma::UV_BASE_ADDRESS(uv_base));
    dma.bank.write(dma::STRIDE, dma::STRIDE_BYTES(stride));
    dma.bank.write(dma::CTRL, dma::CTRL_ENABLE(1));
    frame_ = &frame;
    sc_core::sc_start();
  }

  const hw::SocConfig config;
  hw::SignalTrace trace;
  hw::IrqController irq;
  hw::WriteDma dma;
  BusRecorder recorder;
  hw::Lpddr memory;
  tlm_utils::simple_initiator_socket<DmaBench> irq_bus;  // register ports, unused here
  tlm_utils::simple_initiator_socket<DmaBench> dma_bus;

 private:
  void put_line(bool chroma, int line) {
    const int chroma_bytes = 2 * ((frame_->width + 1) / 2);
    const int row_bytes = chroma ? chroma_bytes : frame_->width;
    const auto& plane = chroma ? frame_->chroma : frame_->luma;
    hw::StreamBeat beat;
    beat.line = line;
    beat.chroma = chroma;
    beat.width = chroma ? chroma_bytes / 2 : frame_->width;
    beat.channels = chroma ? 2 : 1;
    beat.pixels.resize(row_bytes, 1);
    std::copy(plane.begin() + static_cast<ptrdiff_t>(line) * row_bytes,
              plane.begin() + static_cast<ptrdiff_t>(line + 1) * row_bytes, beat.pixels.plane(0));
    dma.put(beat, sc_core::sc_time_stamp());
  }
  void stream() {
    const sc_core::sc_time line_time(20, sc_core::SC_US);
    hw::StreamBeat start;
    start.kind = hw::BeatKind::kFrameStart;
    dma.put(start, sc_core::sc_time_stamp());
    for (int y = 0; y < frame_->height; ++y) {
      wait(line_time);
      put_line(false, y);
      if (y % 2 == 1 || y == frame_->height - 1) put_line(true, y / 2);
    }
    hw::StreamBeat end;
    end.kind = hw::BeatKind::kFrameEnd;
    dma.put(end, sc_core::sc_time_stamp());
    wait(line_time * 4);
    sc_core::sc_stop();
  }
  const Nv12Frame* frame_ = nullptr;
};

// Writes `frame` through the DMA and checks memory byte for byte against the formula, and each
// burst against the line it belongs to.
void expect_frame_at_formula_addresses(const Nv12Frame& frame, uint32_t stride) {
  hw::SocConfig config;
  config.memory_bytes = 4u << 20;
  DmaBench bench("bench", config);
  const uint32_t guard = 4096;
  // The Y plane off any 64 KiB boundary, the CbCr plane after a gap: base and offset bits differ.
  const uint32_t y_base = static_cast<uint32_t>(config.memory_base) + 0x10000 + 0x1230;
  const int chroma_rows = test::nv12_chroma_rows(frame);
  const uint32_t uv_base = y_base + stride * static_cast<uint32_t>(frame.height) + 0x2000;
  const test::Nv12Placement at{y_base, uv_base, stride};
  const uint64_t first_address = y_base - guard;
  const size_t bytes = uv_base + uint64_t{stride} * chroma_rows + guard - first_address;
  bench.recorder.poke(first_address, std::vector<uint8_t>(bytes, test::kUnwrittenByte));

  bench.run(frame, y_base, uv_base, stride);

  test::expect_same_memory(bench.recorder.peek(first_address, bytes),
                           test::nv12_memory_image(frame, at, first_address, bytes), first_address);

  // Bursts: at most dma_burst_bytes, inside one line of one plane, and every byte written once.
  const uint32_t chroma_bytes = test::nv12_chroma_row_bytes(frame);
  uint64_t written = 0;
  for (const auto& w : bench.recorder.writes) {
    written += w.length;
    EXPECT_LE(w.length, static_cast<unsigned>(config.dma_burst_bytes))
        << test::hex_address(w.address);
    const bool chroma = w.address >= uv_base;
    const uint64_t plane_offset = w.address - (chroma ? uv_base : y_base);
    const uint64_t line = plane_offset / stride, in_line = plane_offset % stride;
    EXPECT_LT(line, static_cast<uint64_t>(chroma ? chroma_rows : frame.height))
        << test::hex_address(w.address);
    EXPECT_LE(in_line + w.length, chroma ? chroma_bytes : static_cast<uint32_t>(frame.width))
        << "burst at " << test::hex_address(w.address) << " crosses the end of "
        << (chroma ? "CbCr" : "Y") << " line " << line;
  }
  EXPECT_EQ(written, frame.luma.size() + frame.chroma.size());
  EXPECT_EQ(dma::FRAME_BYTES_BYTES.get(bench.dma.bank.active(dma::FRAME_BYTES)), written);
}

// The frame the ISP would send for a random raw frame: the DMA's input.
Nv12Frame nv12_frame(int width, int height) {
  return run_reference_pipeline(test::random_raw(width, height, 4096u + width),
                                test::typical_isp_params(width, height));
}

// Twelve 8192-byte lines span 96 KiB: a line offset cut to 16 bits wraps from line 8 on.
TEST(WriteDmaWideLines, Width8192LandsAtFormulaAddresses) {
  expect_frame_at_formula_addresses(nv12_frame(8192, 12), 8192);
}

TEST(WriteDmaWideLines, Width8192WithPaddedStrideLandsAtFormulaAddresses) {
  expect_frame_at_formula_addresses(nv12_frame(8192, 10), 8192 + 512);
}

TEST(WriteDmaWideLines, Width4096LandsAtFormulaAddresses) {
  expect_frame_at_formula_addresses(nv12_frame(4096, 20), 4096);
}

// A width that is no multiple of the 256-byte burst: each line ends in a short burst.
TEST(WriteDmaWideLines, Width4100WithPaddedStrideEndsLinesInShortBursts) {
  expect_frame_at_formula_addresses(nv12_frame(4100, 9), 4100 + 200);
}

}  // namespace
}  // namespace ispsim
