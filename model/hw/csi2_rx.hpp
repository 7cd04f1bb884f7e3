#pragma once
// CSI-2 receiver: checks each packet header's ECC (corrects one bit, drops uncorrectable
// packets) and each long packet's CRC, counts errors in its status registers, unpacks RAW12 and
// hands lines to the ISP through a small line FIFO: of one virtual channel, or of up to three
// (CHANNELS: staggered HDR exposures, each line tagged with its exposure; the frame starts with
// the first channel's frame start and ends with the last one's frame end). If the ISP falls
// behind the sensor (which cannot be stalled), the FIFO overflows: the line is lost and
// RX_OVERFLOW raised. RAW10 and RAW14 lines are brought to the ISP's 12 bits (shifted) on the way
// in, unless WIDE keeps the link's depth. Line start/end short packets are checked like any
// header and otherwise ignored: lines are counted from long packets.
#include <array>
#include <deque>
#include <systemc>
#include <vector>

#include "model/hw/control_blocks.hpp"
#include "model/hw/stream.hpp"

namespace ispsim::hw {

class Csi2PacketSink : public virtual sc_core::sc_interface {
 public:
  // `arrival`: when the packet's last byte arrived.
  virtual void receive(std::vector<uint8_t>& packet, const sc_core::sc_time& arrival) = 0;
};

class Csi2Rx : public sc_core::sc_module, public Csi2PacketSink {
 public:
  sc_core::sc_export<Csi2PacketSink> from_sensor;
  sc_core::sc_port<StreamSink> to_isp;
  regmap::RegisterBank bank;
  RegisterTarget target;

  Csi2Rx(sc_core::sc_module_name name, const SocConfig& config, IrqController& irq,
         SignalTrace& trace);
  void receive(std::vector<uint8_t>& packet, const sc_core::sc_time& arrival) override;
  const sc_core::sc_time& last_frame_start() const { return frame_start_time_; }
  uint64_t line_fifo_bytes() const { return line_fifo_bytes_; }

 private:
  void count(uint32_t counter_register);
  void forward_line(std::vector<uint8_t>& packet, int word_count, int bits, int exposure,
                    const sc_core::sc_time& arrival);

  IrqController& irq_;
  int fifo_lines_;
  std::deque<sc_core::sc_time> fifo_taken_at_;  // when the ISP takes each queued line
  bool in_frame_ = false;
  uint32_t frame_ = 0;
  std::array<int, 4> line_{};  // next line per channel
  sc_core::sc_time frame_start_time_;
  uint64_t line_fifo_bytes_ = 0;
  SignalTrace& trace_;
  int trace_frame_valid_;
};

}  // namespace ispsim::hw
