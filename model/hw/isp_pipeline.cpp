#include "model/hw/isp_pipeline.hpp"

#include <algorithm>

#include "model/blocks/pipeline_schedules.hpp"  // generated: blocks' own schedules
#include "model/hw/block_schedules.hpp"

namespace ispsim::hw {

using sc_core::sc_time;
namespace isp = regs::isp;

IspPipeline::IspPipeline(sc_core::sc_module_name name, const SocConfig& config, IrqController& irq)
    : sc_core::sc_module(name),
      in("in"),
      out("out"),
      bank(regmap::block("isp")),
      target("target", bank, config.register_access_ns),
      statistics("statistics", config, irq, bank),
      config_(config),
      irq_(irq),
      clock_(config.isp_clock_hz) {
  blocks::for_each_block(params_, [&](auto block, const auto& block_params) {
    using Block = decltype(block);
    const blocks::BlockDescriptor& d = Block::kDescriptor;
    const BlockTiming timing{&clock_,
                             d.pixels_per_clock > 0 ? d.pixels_per_clock : config.pixels_per_clock,
                             config.line_overhead_cycles, d.latency_cycles, config.max_line_width};
    blocks_.push_back(make_schedule<Block>(timing, block_params, params_.frame));
  });
  in.bind(*this);
  statistics.watch(params_);
  for (size_t i = 0; i + 1 < blocks_.size(); ++i) {
    if (blocks_[i]->stats().name == stats::kTapBlock) {
      blocks_[i]->out.bind(statistics);
      statistics.set_next(*blocks_[i + 1]);
    } else {
      blocks_[i]->out.bind(*blocks_[i + 1]);
    }
  }
  blocks_.back()->out.bind(out);
  bank.set_hardware(isp::HW_CONFIG, isp::HW_CONFIG_PIXELS_PER_CLOCK,
                    static_cast<uint32_t>(config.pixels_per_clock));
  bank.set_hardware(isp::HW_CONFIG, isp::HW_CONFIG_MAX_WIDTH,
                    static_cast<uint32_t>(config.max_line_width));
}

IspPipeline::~IspPipeline() = default;

void IspPipeline::flag_size_error(const sc_time& when) {
  if (size_error_) return;
  size_error_ = true;
  bank.raise(isp::STATUS, isp::STATUS_SIZE_ERR.mask());
  irq_.raise_at(regs::irq_bit::kSizeError, when);
}

sc_time IspPipeline::put(StreamBeat& beat, const sc_time& arrival) {
  switch (beat.kind) {
    case BeatKind::kFrameStart: {
      bank.commit_shadow();
      params_ = decode_isp_params([this](uint32_t a) { return bank.active(a); });
      size_error_ = false;
      lines_in_ = 0;
      exposures_ = blocks::HdrMerge::input_exposures(params_.hdr_merge);
      for (auto& rows : waiting_)
        rows.clear();
      dropping_ = !params_.frame.enable;
      const int min_size = blocks::pipeline_min_frame_size();
      if (!dropping_ &&
          (params_.frame.frame_width < min_size || params_.frame.frame_height < min_size ||
           params_.frame.frame_width > config_.max_line_width)) {
        flag_size_error(arrival);  // the line buffers cannot take such a frame
        dropping_ = true;
      }
      if (dropping_) return arrival;
      bank.set_hardware(isp::STATUS, isp::STATUS_BUSY, 1);
      return blocks_.front()->put(beat, arrival);
    }
    case BeatKind::kLine: {
      if (dropping_ || beat.exposure >= exposures_) return arrival;
      if (beat.width != params_.frame.frame_width) {
        flag_size_error(arrival);
        return arrival;
      }
      if (beat.exposure < exposures_ - 1) {
        waiting_[static_cast<size_t>(beat.exposure)].push_back(std::move(beat));
        uint64_t lines = 0;
        for (const auto& rows : waiting_)
          lines += rows.size();
        // Sized for the widest code the receiver passes (RAW14, WIDE).
        const uint64_t line_bytes = (static_cast<uint64_t>(params_.frame.frame_width) * 14 + 7) / 8;
        exposure_buffer_bytes_ = std::max(exposure_buffer_bytes_, lines * line_bytes);
        return arrival;
      }
      if (exposures_ > 1 && !gather_exposures(beat)) return arrival;
      if (lines_in_ >= params_.frame.frame_height) {
        flag_size_error(arrival);
        return arrival;
      }
      ++lines_in_;
      return blocks_.front()->put(beat, arrival);
    }
    case BeatKind::kFrameEnd: {
      if (dropping_) return arrival;
      if (lines_in_ != params_.frame.frame_height) flag_size_error(arrival);
      const sc_time taken = blocks_.front()->put(beat, arrival);
      bank.set_hardware(isp::STATUS, isp::STATUS_BUSY, 0);
      const uint32_t frames = bank.active(isp::STATUS, isp::STATUS_FRAME_COUNT);
      bank.set_hardware(isp::STATUS, isp::STATUS_FRAME_COUNT, (frames + 1) & 0xFFFF);
      return taken;
    }
  }
  return arrival;
}

bool IspPipeline::gather_exposures(StreamBeat& beat) {
  blocks::PlanarLine line(beat.width, exposures_);
  for (int k = 0; k + 1 < exposures_; ++k) {
    auto& rows = waiting_[static_cast<size_t>(k)];
    while (!rows.empty() && rows.front().line < beat.line)  // its partner row was lost
      rows.pop_front();
    if (rows.empty() || rows.front().line != beat.line) return false;
    std::copy_n(rows.front().pixels.plane(0), beat.width, line.plane(k));
    rows.pop_front();
  }
  std::copy_n(beat.pixels.plane(0), beat.width, line.plane(exposures_ - 1));
  beat.pixels = std::move(line);
  return true;
}

std::vector<BlockStats> IspPipeline::block_stats() const {
  std::vector<BlockStats> stats;
  for (const auto& block : blocks_)
    stats.push_back(block->stats());
  return stats;
}

}  // namespace ispsim::hw
