#pragma once
// The generic streaming schedules every block of the pipeline list gets unless it brings its
// own: pointwise (a line in, a line out) and windowed (a (2r+1)-row window through a line
// ring, borders mirrored in streaming order exactly as the reference does). Both call the
// block's kernel and know nothing else of its arithmetic.
#include <algorithm>
#include <memory>
#include <type_traits>

#include "model/blocks/pipeline.hpp"
#include "model/hw/streaming_block.hpp"

namespace ispsim::hw {

template <typename Block>
class PointwiseSchedule : public StreamingBlock {
 public:
  PointwiseSchedule(const BlockTiming& timing, const typename Block::Params& params,
                    const blocks::FrameSettings& frame)
      : StreamingBlock(Block::kDescriptor.name, timing), params_(params), frame_(frame) {}

 protected:
  void process_line(StreamBeat& in, std::vector<StreamBeat>& outputs) override {
    StreamBeat out = line_like(in, blocks::plane_count(Block::kDescriptor.output));
    const blocks::ConstRowRef row = in.pixels.cref();
    Block::process_row(params_, blocks::RowWindow{&row, 1}, out.pixels.ref(),
                       blocks::RowContext{in.line, in.width, frame_.cfa_phase});
    outputs.push_back(std::move(out));
  }
  uint64_t line_buffer_bytes() const override {
    return Block::kDescriptor.line_buffer_bytes(max_line_width());
  }

 private:
  const typename Block::Params& params_;
  const blocks::FrameSettings& frame_;
};

template <typename Block>
class WindowedSchedule : public StreamingBlock {
 public:
  static constexpr int kRows = Block::kDescriptor.window_rows;
  static constexpr int kRadius = Block::kDescriptor.window_radius();

  WindowedSchedule(const BlockTiming& timing, const typename Block::Params& params,
                   const blocks::FrameSettings& frame)
      : StreamingBlock(Block::kDescriptor.name, timing), params_(params), frame_(frame) {
    ring_.resize(kRows, 0, 1);
  }

 protected:
  void frame_start(const StreamBeat& beat) override {
    rows_in_ = 0;
    next_out_ = 0;
    frame_number_ = beat.frame;
  }
  void process_line(StreamBeat& in, std::vector<StreamBeat>& outputs) override {
    width_ = in.width;
    std::swap(ring_.line(rows_in_), in.pixels);
    ++rows_in_;
    // Row y needs y + radius; until the frame ends its height is unknown, so only the top
    // border is mirrored here and the bottom rows wait for the frame end.
    const int ready = rows_in_ - 1 - kRadius;
    if (ready >= 0 && ready == next_out_) output_line(next_out_++, rows_in_ + kRadius, outputs);
  }
  void finish_frame(std::vector<StreamBeat>& outputs) override {
    const int height = rows_in_;
    if (height < kRadius + 1) return;  // the ISP flagged and dropped such a frame
    while (next_out_ < height)
      output_line(next_out_++, height, outputs);
  }
  uint64_t line_buffer_bytes() const override {
    return Block::kDescriptor.line_buffer_bytes(max_line_width());
  }

 private:
  void output_line(int y, int frame_height, std::vector<StreamBeat>& outputs) {
    blocks::ConstRowRef window[kRows];
    blocks::gather_window(
        y, kRadius, frame_height,
        [this](int row) -> blocks::PlanarLine& { return ring_.line(row); }, window);
    StreamBeat out;
    out.frame = frame_number_;
    out.line = y;
    out.width = width_;
    out.channels = blocks::plane_count(Block::kDescriptor.output);
    out.pixels.resize(width_, out.channels);
    Block::process_row(params_, blocks::RowWindow{window, kRows}, out.pixels.ref(),
                       blocks::RowContext{y, width_, frame_.cfa_phase});
    outputs.push_back(std::move(out));
  }

  const typename Block::Params& params_;
  const blocks::FrameSettings& frame_;
  blocks::LineRing ring_;
  int rows_in_ = 0;
  int next_out_ = 0;
  int width_ = 0;
  uint32_t frame_number_ = 0;
};

// Whether a block brings its own schedule (`using Schedule = ...`).
template <typename B, typename = void>
struct HasOwnSchedule : std::false_type {};
template <typename B>
struct HasOwnSchedule<B, std::void_t<typename B::Schedule>> : std::true_type {};

template <typename Block>
std::unique_ptr<StreamingBlock> make_schedule(const BlockTiming& timing,
                                              const typename Block::Params& params,
                                              const blocks::FrameSettings& frame) {
  if constexpr (HasOwnSchedule<Block>::value)
    return std::make_unique<typename Block::Schedule>(timing, params, frame);
  else if constexpr (Block::kDescriptor.schedule == blocks::ScheduleKind::kWindowed)
    return std::make_unique<WindowedSchedule<Block>>(timing, params, frame);
  else
    return std::make_unique<PointwiseSchedule<Block>>(timing, params, frame);
}

}  // namespace ispsim::hw
