#include "model/reference/frame_blocks.hpp"

#include "model/common/error.hpp"

namespace ispsim {

std::vector<blocks::PlanarLine> to_lines(const Image16& frame) {
  std::vector<blocks::PlanarLine> lines(static_cast<size_t>(frame.height()));
  for (int y = 0; y < frame.height(); ++y) {
    blocks::PlanarLine& line = lines[static_cast<size_t>(y)];
    line.resize(frame.width(), frame.channels());
    frame_row_to_line(frame, y, line);
  }
  return lines;
}

Image16 from_lines(const std::vector<blocks::PlanarLine>& lines) {
  Image16 frame(lines[0].width(), static_cast<int>(lines.size()), lines[0].planes());
  for (int y = 0; y < frame.height(); ++y)
    for (int c = 0; c < frame.channels(); ++c)
      for (int x = 0; x < frame.width(); ++x)
        frame.at(x, y, c) = lines[static_cast<size_t>(y)].plane(c)[x];
  return frame;
}

std::vector<std::string> pipeline_block_names() {
  std::vector<std::string> names;
  for (const auto& d : blocks::pipeline_descriptors())
    names.push_back(d.name);
  return names;
}

std::string pipeline_block_list() {
  std::string list;
  for (const auto& name : pipeline_block_names())
    list += (list.empty() ? "" : ", ") + name;
  return list;
}

Image16 frame_after_block(const Image16& raw, const IspParams& input_params,
                          const std::string& block) {
  blocks::pipeline_descriptor(block);  // throws naming the blocks there are
  check_isp_input(raw, input_params);
  IspParams params = input_params;
  prepare_isp_params(params);
  Image16 frame = raw;
  bool done = false;
  blocks::for_each_block(params, [&](auto kind, const auto& block_params) {
    using Block = decltype(kind);
    if (done) return;
    frame = run_block_on_frame<Block>(block_params, frame, params.frame.cfa_phase);
    done = block == Block::kDescriptor.name;
  });
  return frame;
}

}  // namespace ispsim
