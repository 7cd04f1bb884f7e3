#pragma once
// The ISP pipeline as data, generated from the pipeline list (pipeline.def): the parameters of
// every block for one frame, their decoding from the registers, the blocks' descriptors in
// order, and a way to visit the blocks generically.
#include <string>
#include <vector>

#include "model/blocks/block.hpp"
#include "model/blocks/pipeline_blocks.hpp"  // generated: each listed block's header
#include "model/stats/isp_stats.hpp"

namespace ispsim {

struct IspParams {
  blocks::FrameSettings frame;
#define ISPSIM_PIPELINE_BLOCK(name, Type) blocks::Type::Params name;
#include "model/blocks/pipeline.def"
#undef ISPSIM_PIPELINE_BLOCK
  stats::StatsParams stats;  // the statistics unit beside the pipeline
};

// Every block's parameters and the frame's, from the active register values; each block's
// prepare step (e.g. the gamma table) included.
IspParams decode_isp_params(const blocks::RegisterReader& read_active);

// Runs the blocks' per-frame preparation on hand-made parameters (decode does it already).
void prepare_isp_params(IspParams& params);

namespace blocks {

// Descriptors in pipeline order.
const std::vector<BlockDescriptor>& pipeline_descriptors();
// The named block's descriptor; throws ModelError for a name not in the pipeline.
const BlockDescriptor& pipeline_descriptor(const std::string& name);
// Smallest frame side every windowed block can mirror its borders in.
int pipeline_min_frame_size();

// Calls visit(Type{}, params.name) for each block in pipeline order.
template <typename Params, typename Visitor>
void for_each_block(Params& params, Visitor&& visit) {
#define ISPSIM_PIPELINE_BLOCK(name, Type) visit(Type{}, params.name);
#include "model/blocks/pipeline.def"
#undef ISPSIM_PIPELINE_BLOCK
}

// Whether a block has a per-frame prepare step.
template <typename B, typename = void>
struct HasPrepare : std::false_type {};
template <typename B>
struct HasPrepare<B, std::void_t<decltype(B::prepare(std::declval<typename B::Params&>()))>>
    : std::true_type {};

}  // namespace blocks
}  // namespace ispsim
