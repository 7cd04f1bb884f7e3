#pragma once
// The "iq" section of report.json: image-quality figures measured on the charts the scene says
// it has, in the output image (and, for noise and dynamic range, in the linear raw frame).
#include <nlohmann/json.hpp>

#include <vector>

#include "model/blocks/hdr_merge/hdr_merge.hpp"
#include "model/image/image.hpp"
#include "sensor_sim/scene.hpp"

namespace ispsim::app {

struct RawFrameInfo {
  const Image16* raw = nullptr;  // 1-channel RGGB, as the sensor delivered it
  double black_level = 0;
  double white_level = 4095;
  // Staggered HDR: the merge's linear signal on the Gr sites (exposure 0's codes above black,
  // signed), which dynamic range is measured on instead, and where it clips.
  const ImageF* hdr_green = nullptr;
  double hdr_white_level = 0;
};

// The HDR merge's linear signal (before its compander) on the Gr sites of an RGGB frame whose
// exposures, longest first, are `exposures` at `link_bits`, with the merge's frame settings.
// `wide`: the receiver kept the link's depth.
ImageF hdr_merged_green(const std::vector<const Image16*>& exposures, int link_bits, bool wide,
                        const blocks::HdrMerge::Params& merge);

nlohmann::json measure_scene_iq(const Image8& output_rgb, const RawFrameInfo& raw,
                                const sensor::ChartLayout& layout);

// The layout as a frame that shows only `window` of the scene sees it (a readout mode that crops
// the array): the charts re-placed in its coordinates, those not wholly inside left out.
sensor::ChartLayout layout_in_window(const sensor::ChartLayout& layout,
                                     const sensor::NormRect& window);

}  // namespace ispsim::app
