#pragma once
// Whole frames through single blocks, outside any schedule: the block tests run a kernel over a
// frame this way, and `ispsim run --dump-after` shows a frame as it leaves a block. The borders
// are mirrored as the schedules mirror them; the bits are those of the streaming pipeline.
#include <string>
#include <vector>

#include "model/blocks/pipeline.hpp"
#include "model/image/image.hpp"
#include "model/reference/reference_pipeline.hpp"

namespace ispsim {

// A frame with `channels` interleaved samples per pixel as planar lines, and back.
std::vector<blocks::PlanarLine> to_lines(const Image16& frame);
Image16 from_lines(const std::vector<blocks::PlanarLine>& lines);

// One block over a whole frame (interleaved channels in and out).
template <typename Block>
Image16 run_block_on_frame(const typename Block::Params& params, const Image16& input,
                           int cfa_phase, KernelPath path = KernelPath::kSimd) {
  constexpr blocks::BlockDescriptor d = Block::kDescriptor;
  std::vector<blocks::PlanarLine> in = to_lines(input);
  const int w = input.width(), h = input.height(), r = d.window_radius();
  std::vector<blocks::PlanarLine> out(static_cast<size_t>(h));
  std::vector<blocks::ConstRowRef> window(static_cast<size_t>(d.window_rows));
  for (int y = 0; y < h; ++y) {
    blocks::gather_window(
        y, r, h, [&in](int row) -> blocks::PlanarLine& { return in[static_cast<size_t>(row)]; },
        window.data());
    out[static_cast<size_t>(y)].resize(w, blocks::plane_count(d.output));
    const blocks::RowWindow win{window.data(), d.window_rows};
    const blocks::RowContext ctx{y, w, cfa_phase};
    if (path == KernelPath::kSimd)
      Block::process_row(params, win, out[static_cast<size_t>(y)].ref(), ctx);
    else
      Block::process_row_scalar(params, win, out[static_cast<size_t>(y)].ref(), ctx);
  }
  return from_lines(out);
}

// The frame as it leaves the block named `block` when `raw` (the ISP's input: a channel per
// exposure the HDR merge takes, see check_isp_input) runs through
// the pipeline with `params`: the CFA mosaic for raw blocks, three channels after the demosaic
// (12-bit RGB, 10-bit after the tone curve, 8-bit YCbCr at full resolution after the colour
// space converter), in the output's own codes (blocks::sample_bits). Throws ModelError naming
// the blocks when `block` is not one of them.
Image16 frame_after_block(const Image16& raw, const IspParams& params, const std::string& block);

// The pipeline's block names in order, and as one line for messages ("defect_pixel, ...").
std::vector<std::string> pipeline_block_names();
std::string pipeline_block_list();

}  // namespace ispsim
