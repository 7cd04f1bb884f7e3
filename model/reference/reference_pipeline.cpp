#include "model/reference/reference_pipeline.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <exception>
#include <functional>
#include <string>

#include "model/common/error.hpp"
#include "model/common/row_bands.hpp"

namespace ispsim {
namespace {

using blocks::ConstRowRef;
using blocks::LineRing;
using blocks::PlanarLine;
using blocks::RowContext;
using blocks::RowRef;
using blocks::RowWindow;

using RowKernel = std::function<void(const RowWindow&, const RowRef&, const RowContext&)>;

// One block in a band: its kernel bound to the frame's parameters and the ring of its most
// recent output rows.
struct Stage {
  blocks::BlockDescriptor descriptor;
  RowKernel kernel;
  LineRing output;
  int next_row = 0;  // the next row it will compute
};

}  // namespace

// Rows [first_row, end_row) of the output, pulled through every stage. Stage 0 is the raw input
// copied into padded lines; stage k > 0 is the pipeline's block k-1.
struct ReferencePipeline::Band {
  std::vector<Stage> stages;
  std::vector<ConstRowRef> window;
  const Image16* raw = nullptr;
  int width = 0, height = 0, cfa_phase = 0;
  // The statistics of this band's own rows [stats_first, stats_end) at the tap stage (rows a
  // band computes for its neighbours' windows belong to them); stats_stage 0 when off.
  size_t stats_stage = 0;
  int stats_first = 0, stats_end = 0;
  stats::Accumulator statistics;

  const PlanarLine& produce(size_t s, int y) {
    Stage& stage = stages[s];
    while (stage.next_row <= y)
      compute(s, stage.next_row++);
    return stage.output.line(y);
  }

  void compute(size_t s, int y) {
    Stage& stage = stages[s];
    PlanarLine& out = stage.output.line(y);
    if (s == 0) return frame_row_to_line(*raw, y, out);
    const int radius = stage.descriptor.window_radius();
    produce(s - 1, std::min(y + radius, height - 1));
    window.resize(static_cast<size_t>(stage.descriptor.window_rows));
    LineRing& input = stages[s - 1].output;
    blocks::gather_window(
        y, radius, height, [&input](int row) -> PlanarLine& { return input.line(row); },
        window.data());
    stage.kernel(RowWindow{window.data(), stage.descriptor.window_rows}, out.ref(),
                 RowContext{y, width, cfa_phase});
    if (s == stats_stage && y >= stats_first && y < stats_end) statistics.add_row(y, out.plane(0));
  }

  void configure(const Image16& input, const IspParams& params, KernelPath path) {
    raw = &input;
    width = input.width();
    height = input.height();
    cfa_phase = params.frame.cfa_phase;
    stages.resize(1);
    stages[0].descriptor = blocks::BlockDescriptor{"input",
                                                   blocks::PixelFormat::kRawExposures,
                                                   blocks::PixelFormat::kRawExposures,
                                                   blocks::ScheduleKind::kPointwise,
                                                   1,
                                                   0,
                                                   0,
                                                   0,
                                                   0,
                                                   {}};
    blocks::for_each_block(params, [&](auto block, const auto& block_params) {
      using Block = decltype(block);
      // A bypassed block that passes its lines through leaves them to the next one (the
      // statistics' tap stays: the statistics read its output).
      if (block_params.bypass && blocks::bypass_passes_lines_through(Block::kDescriptor) &&
          std::string(Block::kDescriptor.name) != stats::kTapBlock)
        return;
      Stage stage;
      stage.descriptor = Block::kDescriptor;
      if (path == KernelPath::kSimd)
        stage.kernel = [&block_params](const RowWindow& in, const RowRef& out,
                                       const RowContext& row) {
          Block::process_row(block_params, in, out, row);
        };
      else
        stage.kernel = [&block_params](const RowWindow& in, const RowRef& out,
                                       const RowContext& row) {
          Block::process_row_scalar(block_params, in, out, row);
        };
      stages.push_back(std::move(stage));
    });
    stats_stage = 0;
    if (params.stats.enable) {
      for (size_t s = 1; s < stages.size(); ++s)
        if (std::string(stages[s].descriptor.name) == stats::kTapBlock) stats_stage = s;
      statistics.begin(width, height, cfa_phase, params.stats);
    }
    // Each stage keeps as many rows as the next one's window; the last keeps a pair for 4:2:0.
    for (size_t s = 0; s < stages.size(); ++s) {
      const int keep = s + 1 < stages.size() ? stages[s + 1].descriptor.window_rows : 2;
      stages[s].output.resize(keep, width, blocks::plane_count(stages[s].descriptor.output));
    }
  }

  // Output rows [first, end): every stage starts where the windows after it first reach.
  void run(int first, int end, Nv12Frame& frame) {
    stats_first = first;
    stats_end = end;
    int reach = 0;
    for (size_t s = stages.size(); s-- > 0;) {
      stages[s].next_row = std::max(0, first - reach);
      reach += stages[s].descriptor.window_radius();
    }
    const size_t last = stages.size() - 1;
    const int chroma_stride = 2 * blocks::Csc::chroma_width(width);
    for (int y = first; y < end; ++y) {
      const PlanarLine& ycbcr = produce(last, y);
      blocks::Csc::pack_luma(ycbcr.plane(0), &frame.luma[static_cast<size_t>(y) * width], width);
      const bool pair_complete = (y & 1) == 1;
      const bool odd_last_row = y == height - 1 && (y & 1) == 0;
      if (!pair_complete && !odd_last_row) continue;
      const PlanarLine& upper = odd_last_row ? ycbcr : stages[last].output.line(y - 1);
      blocks::Csc::subsample_chroma(upper.cref(), ycbcr.cref(), width,
                                    &frame.chroma[static_cast<size_t>(y / 2) * chroma_stride]);
    }
  }
};

ReferencePipeline::ReferencePipeline(int threads, KernelPath path)
    : threads_(std::max(1, threads)), path_(path) {
  for (int t = 0; t < threads_; ++t)
    bands_.push_back(std::make_unique<Band>());
}

ReferencePipeline::~ReferencePipeline() = default;

void frame_row_to_line(const Image16& frame, int y, blocks::PlanarLine& line) {
  const int channels = frame.channels(), width = frame.width();
  const uint16_t* samples = frame.row(y);
  if (channels == 1) {
    std::memcpy(line.plane(0), samples, sizeof(uint16_t) * static_cast<size_t>(width));
    return;
  }
  for (int c = 0; c < channels; ++c)
    for (int x = 0; x < width; ++x)
      line.plane(c)[x] = samples[x * channels + c];
}

void check_isp_input(const Image16& raw, const IspParams& params) {
  const int exposures = blocks::HdrMerge::input_exposures(params.hdr_merge);
  if (raw.channels() != exposures || raw.empty())
    throw ModelError("ISP input: expected a raw frame of " + std::to_string(exposures) +
                     (exposures == 1 ? " channel" : " channels (the HDR merge's exposures)") +
                     ", got " + std::to_string(raw.channels()) + " channels, " +
                     std::to_string(raw.width()) + "x" + std::to_string(raw.height()));
  const int min_size = blocks::pipeline_min_frame_size();
  if (raw.width() < min_size || raw.height() < min_size)
    throw ModelError("ISP input: frame " + std::to_string(raw.width()) + "x" +
                     std::to_string(raw.height()) + " is smaller than " + std::to_string(min_size) +
                     "x" + std::to_string(min_size));
}

void ReferencePipeline::run(const Image16& raw, const IspParams& input_params, Nv12Frame& out) {
  check_isp_input(raw, input_params);
  IspParams params = input_params;
  prepare_isp_params(params);
  const int w = raw.width(), h = raw.height();
  out.width = w;
  out.height = h;
  out.luma.resize(static_cast<size_t>(w) * h);
  out.chroma.resize(static_cast<size_t>(2 * blocks::Csc::chroma_width(w)) * ((h + 1) / 2));
  // Bands start on even rows so a chroma pair never straddles two bands.
  const int bands = std::min(threads_, (h + 1) / 2);
  std::vector<int> starts;
  for (int b = 0; b <= bands; ++b)
    starts.push_back(std::min(h, (static_cast<int>(static_cast<int64_t>(h) * b / bands) + 1) & ~1));
  starts.back() = h;
  for (int b = 0; b < bands; ++b)
    bands_[static_cast<size_t>(b)]->configure(raw, params, path_);
  // One row band per pipeline band: run_row_bands gives each its own thread.
  run_row_bands(bands, bands, [&](int first, int end) {
    for (int b = first; b < end; ++b)
      bands_[static_cast<size_t>(b)]->run(starts[b], starts[b + 1], out);
  });
  has_statistics_ = params.stats.enable;
  if (!has_statistics_) return;
  statistics_ = bands_[0]->statistics;
  for (int b = 1; b < bands; ++b)
    statistics_.merge(bands_[static_cast<size_t>(b)]->statistics);
}

Nv12Frame run_reference_pipeline(const Image16& raw, const IspParams& params) {
  ReferencePipeline pipeline;
  Nv12Frame out;
  pipeline.run(raw, params, out);
  return out;
}

Image8 nv12_to_rgb8(const Nv12Frame& frame) {
  // BT.709 limited range inverse (Rec. ITU-R BT.709-6, Kr 0.2126, Kb 0.0722), tabulated once per
  // code value so the per-pixel work is three table reads and adds.
  struct Tables {
    std::array<double, 256> luma{}, r_cr{}, g_cb{}, g_cr{}, b_cb{};
  };
  static const Tables t = [] {
    Tables tables;
    for (int code = 0; code < 256; ++code) {
      const double chroma = (code - 128) / 224.0;
      tables.luma[code] = (code - 16) / 219.0 * 255.0;
      tables.r_cr[code] = 1.5748 * chroma * 255.0;
      tables.g_cb[code] = -0.187324 * chroma * 255.0;
      tables.g_cr[code] = -0.468124 * chroma * 255.0;
      tables.b_cb[code] = 1.8556 * chroma * 255.0;
    }
    return tables;
  }();
  const size_t chroma_bytes =
      static_cast<size_t>(2 * blocks::Csc::chroma_width(frame.width)) * ((frame.height + 1) / 2);
  if (frame.width <= 0 || frame.height <= 0 ||
      frame.luma.size() != static_cast<size_t>(frame.width) * frame.height ||
      frame.chroma.size() != chroma_bytes)
    throw ModelError("NV12 frame of " + std::to_string(frame.width) + "x" +
                     std::to_string(frame.height) + " holds " + std::to_string(frame.luma.size()) +
                     " luma and " + std::to_string(frame.chroma.size()) + " chroma bytes");
  auto to_byte = [](double value) {
    return static_cast<uint8_t>(value <= 0.0 ? 0 : (value >= 255.0 ? 255 : value + 0.5));
  };
  Image8 out(frame.width, frame.height, 3);
  const int cw = blocks::Csc::chroma_width(frame.width);
  // Small frames on one thread: starting threads costs more than the rows.
  const int bands =
      frame.width * static_cast<int64_t>(frame.height) >= (1 << 20) ? host_threads() : 1;
  run_row_bands(frame.height, bands, [&](int y0, int y1) {
    for (int y = y0; y < y1; ++y) {
      const uint8_t* uv = &frame.chroma[static_cast<size_t>(y / 2) * 2 * cw];
      const uint8_t* luma = &frame.luma[static_cast<size_t>(y) * frame.width];
      uint8_t* rgb = out.row(y);
      for (int x = 0; x < frame.width; ++x) {
        const double l = t.luma[luma[x]];
        const uint8_t cb = uv[2 * (x / 2)], cr = uv[2 * (x / 2) + 1];
        rgb[3 * x] = to_byte(l + t.r_cr[cr]);
        rgb[3 * x + 1] = to_byte(l + t.g_cb[cb] + t.g_cr[cr]);
        rgb[3 * x + 2] = to_byte(l + t.b_cb[cb]);
      }
    }
  });
  return out;
}

}  // namespace ispsim
