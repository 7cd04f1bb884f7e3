#include "apps/system/module_calibration.hpp"

#include <algorithm>
#include <cmath>

#include "model/common/row_bands.hpp"
#include "sensor_sim/sensor_control.hpp"
#include "sensor_sim/sensor_readout.hpp"

namespace ispsim::platform {
namespace {

// The median of the frame's central 1/8 x 1/8, in codes above black.
double centre_level(const Image16& raw, double black) {
  std::vector<uint16_t> centre;
  for (int y = raw.height() * 7 / 16; y < raw.height() * 9 / 16; ++y)
    for (int x = raw.width() * 7 / 16; x < raw.width() * 9 / 16; ++x)
      centre.push_back(raw.at(x, y));
  auto middle = centre.begin() + static_cast<std::ptrdiff_t>(centre.size() / 2);
  std::nth_element(centre.begin(), middle, centre.end());
  return *middle - black;
}

}  // namespace

std::vector<fw::blocks::LensShadingTable> calibrate_module_shading(
    const sensor::SensorProfile& profile, const ShadingCalibration& options) {
  const auto flat = sensor::make_builtin_scene("flat");
  sensor::FrameSetup setup;
  setup.settings.width = options.width;
  setup.settings.height = options.height;
  setup.exposure_s[0] = setup.settings.exposure_s;
  sensor::RenderOptions render;
  render.threads = host_threads();
  const sensor::RawFormat format = sensor::raw_format(profile, setup.settings);
  const double to_link = std::ldexp(1.0, setup.link_bits - format.bits);
  const double black = format.black_level_dn * to_link;
  const double white = format.white_level_dn * to_link;
  // Meter once, then expose the centre to half of the range, as a calibration station does.
  Image16 raw =
      std::move(sensor::render_exposures(*flat, profile, setup, options.seed, 0, render).front());
  const double metered = centre_level(raw, black);
  if (metered > 0) {
    setup.settings.exposure_s *= std::clamp(0.5 * (white - black) / metered, 0.01, 100.0);
    setup.exposure_s[0] = setup.settings.exposure_s;
    raw =
        std::move(sensor::render_exposures(*flat, profile, setup, options.seed, 1, render).front());
  }
  fw::RawView field;
  field.samples = raw.data();
  field.width = raw.width();
  field.height = raw.height();
  field.cfa_phase = 0;  // the sensor's RGGB
  field.black_level = black;
  field.white_level = white;
  fw::blocks::LensShadingTable daylight;
  daylight.cct_k = 6500;
  daylight.gain = fw::blocks::calibrate_lens_shading(field);
  return {daylight};
}

}  // namespace ispsim::platform
