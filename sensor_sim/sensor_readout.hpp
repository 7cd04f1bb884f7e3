#pragma once
// One frame's readout as plain C++, shared by the SystemC sensor and the functional reference:
// each exposure rendered and brought to the link's bit depth, and the order in which rows leave
// the sensor (staggered HDR interleaves the exposures' rows, each exposure on its own virtual
// channel).
#include <utility>
#include <vector>

#include "model/image/image.hpp"
#include "sensor_sim/sensor_control.hpp"

namespace ispsim::sensor {

// Exposure k of the frame, rendered at the ADC's depth and shifted to setup.link_bits (as the
// sensor's output formatter does). Temporal noise of exposure k > 0 uses its own seed stream.
std::vector<Image16> render_exposures(const Scene& scene, const SensorProfile& profile,
                                      const FrameSetup& setup, uint64_t seed, uint32_t frame_index,
                                      const RenderOptions& options = {});

// Rows read out in line slot `slot` (0 .. setup.readout_lines()-1), as (exposure, row) pairs in
// send order.
std::vector<std::pair<int, int>> rows_in_slot(const FrameSetup& setup, int slot);

}  // namespace ispsim::sensor
