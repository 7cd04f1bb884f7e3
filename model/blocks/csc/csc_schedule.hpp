#pragma once
// The CSC block's own SystemC schedule: a Y line leaves for every RGB line; a CbCr line leaves
// for every pair of lines, from a one-line chroma buffer (an odd frame's last line pairs with
// itself at the frame end).
#include "model/blocks/csc/csc.hpp"
#include "model/hw/streaming_block.hpp"

namespace ispsim::hw {

class CscSchedule : public StreamingBlock {
 public:
  CscSchedule(const BlockTiming& timing, const blocks::Csc::Params& params,
              const blocks::FrameSettings& frame);

 protected:
  void frame_start(const StreamBeat& beat) override;
  void process_line(StreamBeat& in, std::vector<StreamBeat>& outputs) override;
  void finish_frame(std::vector<StreamBeat>& outputs) override;
  uint64_t line_buffer_bytes() const override;

 private:
  void emit_chroma(const blocks::PlanarLine& second, std::vector<StreamBeat>& outputs);

  const blocks::Csc::Params& params_;
  const blocks::FrameSettings& frame_;
  blocks::PlanarLine held_;     // the even line waiting for its pair
  blocks::PlanarLine current_;  // YCbCr of the line just in
  std::vector<uint8_t> uv_;
  bool holding_ = false;
  int held_line_ = 0;
  int width_ = 0;
  uint32_t frame_number_ = 0;
};

}  // namespace ispsim::hw
