#include "model/blocks/csc/csc_schedule.hpp"

#include <cstring>

namespace ispsim::hw {

using blocks::Csc;

CscSchedule::CscSchedule(const BlockTiming& timing, const Csc::Params& params,
                         const blocks::FrameSettings& frame)
    : StreamingBlock(Csc::kDescriptor.name, timing), params_(params), frame_(frame) {}

void CscSchedule::frame_start(const StreamBeat& beat) {
  holding_ = false;
  frame_number_ = beat.frame;
}

void CscSchedule::emit_chroma(const blocks::PlanarLine& second, std::vector<StreamBeat>& outputs) {
  StreamBeat chroma;
  chroma.frame = frame_number_;
  chroma.chroma = true;
  chroma.width = Csc::chroma_width(width_);
  chroma.channels = 2;
  chroma.line = held_line_ / 2;
  uv_.resize(static_cast<size_t>(chroma.width) * 2);
  Csc::subsample_chroma(held_.cref(), second.cref(), width_, uv_.data());
  chroma.pixels.resize(chroma.width * 2, 1);
  std::copy(uv_.begin(), uv_.end(), chroma.pixels.plane(0));
  outputs.push_back(std::move(chroma));
  holding_ = false;
}

void CscSchedule::process_line(StreamBeat& in, std::vector<StreamBeat>& outputs) {
  width_ = in.width;
  current_.resize(width_, 3);
  const blocks::ConstRowRef rgb = in.pixels.cref();
  Csc::process_row(params_, blocks::RowWindow{&rgb, 1}, current_.ref(),
                   blocks::RowContext{in.line, width_, frame_.cfa_phase});
  StreamBeat luma = line_like(in, 1);
  std::memcpy(luma.pixels.plane(0), current_.plane(0), sizeof(uint16_t) * width_);
  outputs.push_back(std::move(luma));
  if (!holding_) {
    std::swap(held_, current_);
    held_line_ = in.line;
    holding_ = true;
    return;
  }
  emit_chroma(current_, outputs);
}

void CscSchedule::finish_frame(std::vector<StreamBeat>& outputs) {
  if (holding_) emit_chroma(held_, outputs);
}

uint64_t CscSchedule::line_buffer_bytes() const {
  return Csc::kDescriptor.line_buffer_bytes(max_line_width());
}

}  // namespace ispsim::hw
