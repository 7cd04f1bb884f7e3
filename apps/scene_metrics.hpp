#pragma once
// The "iq" section of report.json: image-quality figures measured on the charts the scene says
// it has, in the output image (and, for noise and dynamic range, in the linear raw frame).
#include <nlohmann/json.hpp>

#include "model/image/image.hpp"
#include "sensor_sim/scene.hpp"

namespace ispsim::app {

struct RawFrameInfo {
  const Image16* raw = nullptr;  // 1-channel RGGB, as the sensor delivered it
  double black_level = 0;
  double white_level = 4095;
};

nlohmann::json measure_scene_iq(const Image8& output_rgb, const RawFrameInfo& raw,
                                const sensor::ChartLayout& layout);

}  // namespace ispsim::app
