#include "model/hw/statistics_unit.hpp"

#include <algorithm>
#include "model/hw/burst_channel.hpp"

namespace ispsim::hw {

using sc_core::sc_time;
namespace isp = regs::isp;

StatisticsUnit::StatisticsUnit(sc_core::sc_module_name name, const SocConfig& config,
                               IrqController& irq, regmap::RegisterBank& bank)
    : sc_core::sc_module(name),
      to_memory("to_memory"),
      config_(config),
      clock_(config.isp_clock_hz),
      irq_(irq),
      bank_(bank) {
  SC_METHOD(complete_buffer);
  sensitive << written_event_;
  dont_initialize();
}

void StatisticsUnit::complete_buffer() {
  const uint32_t frames = bank_.active(isp::STATS_STATUS, isp::STATS_STATUS_FRAME_COUNT);
  bank_.set_hardware(isp::STATS_STATUS, isp::STATS_STATUS_FRAME_COUNT, (frames + 1) & 0xFFFF);
  irq_.raise_at(regs::irq_bit::kStatsDone, sc_core::sc_time_stamp());
}

sc_time StatisticsUnit::put(StreamBeat& beat, const sc_time& arrival) {
  switch (beat.kind) {
    case BeatKind::kFrameStart:
      gathering_ = params_ != nullptr && params_->stats.enable;
      if (gathering_)
        statistics_.begin(params_->frame.frame_width, params_->frame.frame_height,
                          params_->frame.cfa_phase, params_->stats);
      break;
    case BeatKind::kLine:
      if (gathering_) statistics_.add_row(beat.line, beat.pixels.plane(0));
      break;
    case BeatKind::kFrameEnd:
      if (gathering_) {
        gathering_ = false;
        write_to_memory(arrival);
      }
      break;
  }
  return next_->put(beat, arrival);
}

void StatisticsUnit::write_to_memory(const sc_time& start) {
  std::vector<uint8_t> bytes = statistics_.memory_image();
  const uint64_t base = params_->stats.base;
  BurstChannel channel(config_.dma_max_outstanding);
  sc_time issue = start;
  const auto outcome =
      channel.transfer_buffer(to_memory, tlm::TLM_WRITE_COMMAND, base, bytes.data(), bytes.size(),
                              static_cast<size_t>(config_.dma_burst_bytes), clock_.time(1), issue,
                              [](size_t) { return sc_core::SC_ZERO_TIME; });
  if (!outcome.ok) {
    bank_.raise(isp::STATS_STATUS, isp::STATS_STATUS_BUS_ERR.mask());
    bank_.set_hardware(isp::STATS_ERR_ADDR, isp::STATS_ERR_ADDR_ADDRESS,
                       static_cast<uint32_t>(outcome.failed_address));
    irq_.raise_at(regs::irq_bit::kDmaError, issue);
    return;
  }
  const sc_time last_completion = outcome.last_completion;
  written_event_.notify(last_completion - sc_core::sc_time_stamp());
}

}  // namespace ispsim::hw
