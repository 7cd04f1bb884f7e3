#include "model/hw/isp_pipeline.hpp"

namespace ispsim::hw {

using sc_core::sc_time;
namespace isp = regs::isp;

namespace {
// Pipeline depth of each block in ISP clocks (register stages of its datapath).
constexpr int kBlackLevelLatency = 2;
constexpr int kWhiteBalanceLatency = 2;
constexpr int kDemosaicLatency = 6;
constexpr int kColorMatrixLatency = 4;
constexpr int kGammaLatency = 3;
constexpr int kCscLatency = 4;
}  // namespace

IspPipeline::IspPipeline(sc_core::sc_module_name name, const SocConfig& config, IrqController& irq)
    : sc_core::sc_module(name),
      in("in"),
      out("out"),
      bank(regmap::block("isp")),
      target("target", bank, config.register_access_ns),
      config_(config),
      irq_(irq),
      clock_(config.isp_clock_hz),
      black_level_(
          "black_level",
          {&clock_, config.pixels_per_clock, config.line_overhead_cycles, kBlackLevelLatency}, 1,
          [this](const StreamBeat& i, StreamBeat& o) {
            black_level_line(i.samples.data(), o.samples.data(), i.width, i.line,
                             params_.black_level);
          }),
      white_balance_(
          "white_balance",
          {&clock_, config.pixels_per_clock, config.line_overhead_cycles, kWhiteBalanceLatency}, 1,
          [this](const StreamBeat& i, StreamBeat& o) {
            white_balance_line(i.samples.data(), o.samples.data(), i.width, i.line,
                               params_.white_balance);
          }),
      demosaic_("demosaic",
                {&clock_, config.pixels_per_clock, config.line_overhead_cycles, kDemosaicLatency},
                params_),
      color_matrix_(
          "color_matrix",
          {&clock_, config.pixels_per_clock, config.line_overhead_cycles, kColorMatrixLatency}, 3,
          [this](const StreamBeat& i, StreamBeat& o) {
            color_matrix_line(i.samples.data(), o.samples.data(), i.width, params_.color_matrix);
          }),
      gamma_("gamma",
             {&clock_, config.pixels_per_clock, config.line_overhead_cycles, kGammaLatency}, 3,
             [this](const StreamBeat& i, StreamBeat& o) {
               gamma_line(i.samples.data(), o.samples.data(), i.width, gamma_table_);
             }),
      csc_("csc", {&clock_, config.pixels_per_clock, config.line_overhead_cycles, kCscLatency},
           params_) {
  in.bind(*this);
  black_level_.out.bind(white_balance_);
  white_balance_.out.bind(demosaic_);
  demosaic_.out.bind(color_matrix_);
  color_matrix_.out.bind(gamma_);
  gamma_.out.bind(csc_);
  csc_.out.bind(out);
  bank.set_hardware(isp::HW_CONFIG, isp::HW_CONFIG_PIXELS_PER_CLOCK,
                    static_cast<uint32_t>(config.pixels_per_clock));
  bank.set_hardware(isp::HW_CONFIG, isp::HW_CONFIG_MAX_WIDTH,
                    static_cast<uint32_t>(config.max_line_width));
}

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
      gamma_table_ = expand_gamma(params_.gamma);
      size_error_ = false;
      lines_in_ = 0;
      dropping_ = !params_.enable;
      if (!dropping_ &&
          (params_.frame_width < kDemosaicMinSize || params_.frame_height < kDemosaicMinSize ||
           params_.frame_width > config_.max_line_width)) {
        flag_size_error(arrival);  // the line buffers cannot take such a frame
        dropping_ = true;
      }
      if (dropping_) return arrival;
      bank.set_hardware(isp::STATUS, isp::STATUS_BUSY, 1);
      return black_level_.put(beat, arrival);
    }
    case BeatKind::kLine: {
      if (dropping_) return arrival;
      if (beat.width != params_.frame_width || lines_in_ >= params_.frame_height) {
        flag_size_error(arrival);
        return arrival;
      }
      ++lines_in_;
      return black_level_.put(beat, arrival);
    }
    case BeatKind::kFrameEnd: {
      if (dropping_) return arrival;
      if (lines_in_ != params_.frame_height) flag_size_error(arrival);
      const sc_time taken = black_level_.put(beat, arrival);
      bank.set_hardware(isp::STATUS, isp::STATUS_BUSY, 0);
      const uint32_t frames = bank.active(isp::STATUS, isp::STATUS_FRAME_COUNT);
      bank.set_hardware(isp::STATUS, isp::STATUS_FRAME_COUNT, (frames + 1) & 0xFFFF);
      return taken;
    }
  }
  return arrival;
}

std::vector<BlockStats> IspPipeline::block_stats() const {
  return {black_level_.stats(),  white_balance_.stats(), demosaic_.stats(),
          color_matrix_.stats(), gamma_.stats(),         csc_.stats()};
}

}  // namespace ispsim::hw
