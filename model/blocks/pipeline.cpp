#include "model/blocks/pipeline.hpp"

#include <algorithm>

#include "model/common/error.hpp"

namespace ispsim {

IspParams decode_isp_params(const blocks::RegisterReader& read_active) {
  namespace isp = regs::isp;
  IspParams p;
  const uint32_t ctrl = read_active(isp::CTRL);
  p.frame.enable = isp::CTRL_ENABLE.get(ctrl) != 0;
  p.frame.cfa_phase = static_cast<int>(isp::CTRL_CFA_PHASE.get(ctrl));
  const uint32_t size = read_active(isp::FRAME_SIZE);
  p.frame.frame_width = static_cast<int>(isp::FRAME_SIZE_WIDTH.get(size));
  p.frame.frame_height = static_cast<int>(isp::FRAME_SIZE_HEIGHT.get(size));
  blocks::for_each_block(p, [&](auto block, auto& params) {
    using Block = decltype(block);
    params = Block::decode(read_active, p.frame);
  });
  p.stats = stats::decode_stats_params(read_active);
  prepare_isp_params(p);
  return p;
}

void prepare_isp_params(IspParams& params) {
  blocks::for_each_block(params, [](auto block, auto& block_params) {
    using Block = decltype(block);
    if constexpr (blocks::HasPrepare<Block>::value) Block::prepare(block_params);
  });
}

namespace blocks {

const std::vector<BlockDescriptor>& pipeline_descriptors() {
  static const std::vector<BlockDescriptor> descriptors = {
#define ISPSIM_PIPELINE_BLOCK(name, Type) Type::kDescriptor,
#include "model/blocks/pipeline.def"
#undef ISPSIM_PIPELINE_BLOCK
  };
  return descriptors;
}

const BlockDescriptor& pipeline_descriptor(const std::string& name) {
  for (const auto& d : pipeline_descriptors())
    if (name == d.name) return d;
  std::string names;  // only for the message
  for (const auto& d : pipeline_descriptors())
    names += (names.empty() ? "" : ", ") + std::string(d.name);
  throw ModelError("no ISP block '" + name + "' (the blocks: " + names + ")");
}

int pipeline_min_frame_size() {
  int size = 1;
  for (const auto& d : pipeline_descriptors())
    size = std::max(size, d.window_radius() + 1);
  return size;
}

}  // namespace blocks
}  // namespace ispsim
