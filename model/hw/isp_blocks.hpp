#pragma once
// The ISP's blocks as streaming modules. Each calls its bit-exact kernel from model/kernels; what
// is here is the schedule: line buffers, borders in streaming order, and when lines come out.
#include <deque>
#include <functional>

#include "model/hw/streaming_block.hpp"
#include "model/params/isp_params.hpp"

namespace ispsim::hw {

// A block whose output line depends only on the same input line (black level, white balance,
// colour matrix, gamma): no line buffer.
class PointwiseBlock : public StreamingBlock {
 public:
  using LineKernel = std::function<void(const StreamBeat& in, StreamBeat& out)>;
  PointwiseBlock(sc_core::sc_module_name name, const BlockTiming& timing, int out_channels,
                 LineKernel kernel);

 protected:
  void process_line(StreamBeat& in, std::vector<StreamBeat>& outputs) override;

 private:
  int out_channels_;
  LineKernel kernel_;
};

// Demosaic: a 5-row window. Output line y leaves when input line y+2 arrives; the top and bottom
// borders are mirrored (reflect-101) from the lines held, exactly as the reference does.
class DemosaicBlock : public StreamingBlock {
 public:
  DemosaicBlock(sc_core::sc_module_name name, const BlockTiming& timing, const IspParams& params);

 protected:
  void frame_start(const StreamBeat& beat) override;
  void process_line(StreamBeat& in, std::vector<StreamBeat>& outputs) override;
  void finish_frame(std::vector<StreamBeat>& outputs) override;
  uint64_t line_buffer_bytes() const override;

 private:
  void output_line(int y, int frame_height, std::vector<StreamBeat>& outputs);
  const std::vector<uint16_t>& held_row(int row) const;

  const IspParams& params_;
  std::deque<std::vector<uint16_t>> rows_;  // most recent input rows, oldest first
  int first_held_row_ = 0;
  int rows_in_ = 0;
  int next_out_ = 0;
  int width_ = 0;
  uint32_t frame_ = 0;
  int max_width_seen_ = 0;
};

// RGB (10-bit) to YCbCr and NV12: a Y line per input line; a CbCr line per pair of lines, from
// a one-line chroma buffer.
class CscBlock : public StreamingBlock {
 public:
  CscBlock(sc_core::sc_module_name name, const BlockTiming& timing, const IspParams& params);

 protected:
  void frame_start(const StreamBeat& beat) override;
  void process_line(StreamBeat& in, std::vector<StreamBeat>& outputs) override;
  void finish_frame(std::vector<StreamBeat>& outputs) override;
  uint64_t line_buffer_bytes() const override;

 private:
  void emit_chroma(const uint8_t* row1, std::vector<StreamBeat>& outputs);

  const IspParams& params_;
  std::vector<uint8_t> held_ycbcr_;  // the even line waiting for its pair
  std::vector<uint8_t> current_ycbcr_;
  bool holding_ = false;
  int held_line_ = 0;
  int width_ = 0;
  int max_width_seen_ = 0;
  uint32_t frame_ = 0;
};

}  // namespace ispsim::hw
