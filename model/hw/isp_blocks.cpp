#include "model/hw/isp_blocks.hpp"

#include <algorithm>

#include "model/kernels/cfa.hpp"

namespace ispsim::hw {

PointwiseBlock::PointwiseBlock(sc_core::sc_module_name name, const BlockTiming& timing,
                               int out_channels, LineKernel kernel)
    : StreamingBlock(name, timing), out_channels_(out_channels), kernel_(std::move(kernel)) {}

void PointwiseBlock::process_line(StreamBeat& in, std::vector<StreamBeat>& outputs) {
  StreamBeat out_beat;
  out_beat.frame = in.frame;
  out_beat.line = in.line;
  out_beat.width = in.width;
  out_beat.channels = out_channels_;
  out_beat.samples.resize(static_cast<size_t>(in.width) * out_channels_);
  kernel_(in, out_beat);
  outputs.push_back(std::move(out_beat));
}

// ---------------------------------------------------------------------------------------------
DemosaicBlock::DemosaicBlock(sc_core::sc_module_name name, const BlockTiming& timing,
                             const IspParams& params)
    : StreamingBlock(name, timing), params_(params) {}

void DemosaicBlock::frame_start(const StreamBeat& beat) {
  rows_.clear();
  first_held_row_ = 0;
  rows_in_ = 0;
  next_out_ = 0;
  frame_ = beat.frame;
}

const std::vector<uint16_t>& DemosaicBlock::held_row(int row) const {
  return rows_[static_cast<size_t>(row - first_held_row_)];
}

void DemosaicBlock::output_line(int y, int frame_height, std::vector<StreamBeat>& outputs) {
  const uint16_t* window[kDemosaicWindowRows];
  for (int k = 0; k < kDemosaicWindowRows; ++k)
    window[k] = held_row(reflect101(y + k - 2, frame_height)).data();
  StreamBeat out_beat;
  out_beat.frame = frame_;
  out_beat.line = y;
  out_beat.width = width_;
  out_beat.channels = 3;
  out_beat.samples.resize(static_cast<size_t>(width_) * 3);
  demosaic_line(window, width_, y, params_.demosaic, out_beat.samples.data());
  outputs.push_back(std::move(out_beat));
}

void DemosaicBlock::process_line(StreamBeat& in, std::vector<StreamBeat>& outputs) {
  width_ = in.width;
  max_width_seen_ = std::max(max_width_seen_, width_);
  rows_.push_back(std::move(in.samples));
  ++rows_in_;
  if (rows_.size() > kDemosaicWindowRows) {
    rows_.pop_front();
    ++first_held_row_;
  }
  // Row y needs y+2; below that, the frame height is not known yet, so mirroring at the
  // bottom waits for the frame end.
  const int ready = rows_in_ - 3;
  if (ready >= 0 && ready == next_out_) {
    output_line(ready, /*frame_height=*/rows_in_ + 2, outputs);  // no bottom mirroring yet
    ++next_out_;
  }
}

void DemosaicBlock::finish_frame(std::vector<StreamBeat>& outputs) {
  const int height = rows_in_;
  if (height < kDemosaicMinSize) return;  // the ISP flagged and dropped such a frame
  while (next_out_ < height)
    output_line(next_out_++, height, outputs);
}

uint64_t DemosaicBlock::line_buffer_bytes() const {
  // Four 12-bit lines held; the fifth streams through.
  return static_cast<uint64_t>(kDemosaicWindowRows - 1) * max_width_seen_ * 12 / 8;
}

// ---------------------------------------------------------------------------------------------
CscBlock::CscBlock(sc_core::sc_module_name name, const BlockTiming& timing, const IspParams& params)
    : StreamingBlock(name, timing), params_(params) {}

void CscBlock::frame_start(const StreamBeat& beat) {
  holding_ = false;
  frame_ = beat.frame;
}

void CscBlock::emit_chroma(const uint8_t* row1, std::vector<StreamBeat>& outputs) {
  StreamBeat chroma;
  chroma.frame = frame_;
  chroma.chroma = true;
  chroma.width = chroma_width(width_);
  chroma.channels = 2;
  std::vector<uint8_t> uv(static_cast<size_t>(chroma.width) * 2);
  subsample_chroma_420(held_ycbcr_.data(), row1, width_, uv.data());
  chroma.samples.assign(uv.begin(), uv.end());
  chroma.line = held_line_ / 2;
  outputs.push_back(std::move(chroma));
  holding_ = false;
}

void CscBlock::process_line(StreamBeat& in, std::vector<StreamBeat>& outputs) {
  width_ = in.width;
  max_width_seen_ = std::max(max_width_seen_, width_);
  current_ycbcr_.resize(static_cast<size_t>(width_) * 3);
  rgb_to_ycbcr_line(in.samples.data(), current_ycbcr_.data(), width_, params_.csc);
  StreamBeat luma;
  luma.frame = in.frame;
  luma.line = in.line;
  luma.width = width_;
  luma.channels = 1;
  luma.samples.resize(static_cast<size_t>(width_));
  for (int x = 0; x < width_; ++x)
    luma.samples[x] = current_ycbcr_[3 * x];
  outputs.push_back(std::move(luma));
  if (!holding_) {
    held_ycbcr_.swap(current_ycbcr_);
    held_line_ = in.line;
    holding_ = true;
    return;
  }
  emit_chroma(current_ycbcr_.data(), outputs);
}

void CscBlock::finish_frame(std::vector<StreamBeat>& outputs) {
  // An odd frame's last line pairs with itself.
  if (holding_) emit_chroma(held_ycbcr_.data(), outputs);
}

uint64_t CscBlock::line_buffer_bytes() const {
  return static_cast<uint64_t>(max_width_seen_) * 2;  // Cb and Cr of one line, 8 bits each
}

}  // namespace ispsim::hw
