#include "model/hw/csi2_rx.hpp"

#include <algorithm>

#include "model/kernels/csi2.hpp"

namespace ispsim::hw {

using sc_core::sc_time;
namespace rx = regs::csi2rx;

Csi2Rx::Csi2Rx(sc_core::sc_module_name name, const SocConfig& config, IrqController& irq,
               SignalTrace& trace)
    : sc_core::sc_module(name),
      from_sensor("from_sensor"),
      to_isp("to_isp"),
      bank(regmap::block("csi2rx")),
      target("target", bank, config.register_access_ns),
      irq_(irq),
      fifo_lines_(config.rx_fifo_lines),
      trace_(trace),
      trace_frame_valid_(trace.add_signal("csi2rx", "frame_valid")) {
  from_sensor.bind(*this);
  bank.on_write(rx::ERR_CLEAR, [this](uint32_t, uint32_t value) {
    if (!rx::ERR_CLEAR_CLEAR.get(value)) return;
    bank.set_hardware(rx::ECC_CORRECTED, rx::ECC_CORRECTED_TOTAL, 0);
    bank.set_hardware(rx::ECC_ERRORS, rx::ECC_ERRORS_TOTAL, 0);
    bank.set_hardware(rx::CRC_ERRORS, rx::CRC_ERRORS_TOTAL, 0);
  });
}

void Csi2Rx::count(uint32_t counter_register) {
  const regs::Field counter{0, 16};
  const uint32_t value = bank.active(counter_register, counter);
  if (value < 0xFFFF) bank.set_hardware(counter_register, counter, value + 1);
}

void Csi2Rx::receive(std::vector<uint8_t>& packet, const sc_time& arrival) {
  if (!bank.active(rx::CTRL, rx::CTRL_ENABLE) || packet.size() < 4) return;
  switch (csi2::check_and_correct_header(packet.data())) {
    case csi2::EccResult::kOk:
      break;
    case csi2::EccResult::kCorrected:
      count(rx::ECC_CORRECTED);
      break;
    case csi2::EccResult::kUncorrectable:
      count(rx::ECC_ERRORS);
      irq_.raise_at(regs::irq_bit::kCsi2Error, arrival);
      return;
  }
  const csi2::PacketHeader header = csi2::parse_header(packet.data());
  const int first = static_cast<int>(bank.active(rx::CTRL, rx::CTRL_VIRTUAL_CHANNEL));
  const int channels = csi2::forwarded_channels(bank.active(rx::CTRL, rx::CTRL_CHANNELS));
  const int exposure = header.virtual_channel - first;
  if (exposure < 0 || exposure >= channels) return;

  StreamBeat beat;
  beat.frame = frame_;
  if (header.data_type == csi2::kFrameStart) {
    if (exposure != 0) return;  // the frame starts with its first channel's
    in_frame_ = true;
    frame_ = header.word_count;
    line_.fill(0);
    fifo_taken_at_.clear();
    frame_start_time_ = arrival;
    const uint32_t frames = bank.active(rx::STATUS, rx::STATUS_FRAME_COUNT);
    bank.set_hardware(rx::STATUS, rx::STATUS_FRAME_COUNT, (frames + 1) & 0xFFFF);
    irq_.raise_at(regs::irq_bit::kFrameStart, arrival);
    trace_.record(trace_frame_valid_, arrival, 1);
    beat.kind = BeatKind::kFrameStart;
    beat.frame = frame_;
    to_isp->put(beat, arrival);
  } else if (header.data_type == csi2::kFrameEnd && in_frame_ && exposure == channels - 1) {
    in_frame_ = false;
    trace_.record(trace_frame_valid_, arrival, 0);
    beat.kind = BeatKind::kFrameEnd;
    to_isp->put(beat, std::max(arrival, fifo_taken_at_.empty() ? arrival : fifo_taken_at_.back()));
  } else if (header.data_type == bank.active(rx::CTRL, rx::CTRL_DATA_TYPE) && in_frame_ &&
             csi2::raw_bits(header.data_type) != 0) {
    forward_line(packet, header.word_count, csi2::raw_bits(header.data_type), exposure, arrival);
  }
}

void Csi2Rx::forward_line(std::vector<uint8_t>& packet, int word_count, int bits, int exposure,
                          const sc_time& arrival) {
  int& line = line_[static_cast<size_t>(exposure)];
  if (packet.size() != static_cast<size_t>(word_count) + 6) {  // truncated or padded packet
    count(rx::CRC_ERRORS);
    irq_.raise_at(regs::irq_bit::kCsi2Error, arrival);
    ++line;
    return;
  }
  const uint8_t* payload = packet.data() + 4;
  const uint16_t sent_crc =
      static_cast<uint16_t>(packet[4 + word_count] | (packet[5 + word_count] << 8));
  if (csi2::payload_crc(payload, word_count) != sent_crc) {
    // Hardware flags the line and still passes it on; firmware decides what to do.
    count(rx::CRC_ERRORS);
    irq_.raise_at(regs::irq_bit::kCsi2Error, arrival);
  }
  while (!fifo_taken_at_.empty() && fifo_taken_at_.front() <= arrival)
    fifo_taken_at_.pop_front();
  if (static_cast<int>(fifo_taken_at_.size()) >= fifo_lines_) {
    bank.raise(rx::STATUS, rx::STATUS_OVERFLOW.mask());
    irq_.raise_at(regs::irq_bit::kRxOverflow, arrival);
    ++line;
    return;
  }
  StreamBeat beat;
  beat.frame = frame_;
  beat.line = line++;
  beat.exposure = exposure;
  beat.width = static_cast<int>(word_count * 8 / bits);
  beat.pixels.resize(beat.width, 1);
  uint16_t* samples = beat.pixels.plane(0);
  csi2::unpack_raw(bits, payload, beat.width, samples);
  const bool wide = bank.active(rx::CTRL, rx::CTRL_WIDE) != 0;
  for (int x = 0; x < beat.width; ++x)
    samples[x] = csi2::receiver_sample(samples[x], bits, wide);
  line_fifo_bytes_ =
      std::max<uint64_t>(line_fifo_bytes_, static_cast<uint64_t>(fifo_lines_) * word_count);
  fifo_taken_at_.push_back(to_isp->put(beat, arrival));
}

}  // namespace ispsim::hw
