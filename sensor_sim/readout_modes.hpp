#pragma once
// The sensor's readout modes: how each output frame is formed from the native Quad Bayer array
// (twice the binned profile's size each way), and its line time, frame length and frame rate.
// The modes are data of the sensor profile (SensorProfile::modes, JSON "modes"); the built-in
// IMX989-class table is imx989_readout_modes() in sensor_profile.cpp.
//
// Profiles: the built-in profile (sensor_profile.hpp) describes the 2x2-binned 3.2 um pixel, the
// one most frames use. native_pixel_profile() derives the 1.6 um native pixel from it and
// binned_profile_from_native() goes back; a test keeps the two consistent.
#include <cstdint>
#include <string>
#include <vector>

#include "model/image/image.hpp"
#include "sensor_sim/pixel_array.hpp"
#include "sensor_sim/scene.hpp"
#include "sensor_sim/sensor_profile.hpp"

namespace ispsim::sensor {

// The native array of a binned profile: every binned pixel is a 2x2 same-colour cell.
inline int native_width_px(const SensorProfile& binned) {
  return 2 * binned.array_width_px;
}
inline int native_height_px(const SensorProfile& binned) {
  return 2 * binned.array_height_px;
}

// The built-in IMX989-class profile's modes, for the few places that have no profile at hand
// (a FrameSetup's default mode, the CLI's --mode help). Code 0 (binned) is the reset default.
const std::vector<ReadoutMode>& readout_modes();
// The lookups return references into profile.modes: keep the profile alive while using them.
// Throws ModelError naming the profile and listing its mode names when `name` is not one.
const ReadoutMode& find_readout_mode(const SensorProfile& profile, const std::string& name);
// nullptr when no mode of the profile has this SENSOR_MODE code.
const ReadoutMode* readout_mode_for_code(const SensorProfile& profile, uint16_t code);
// A temporary profile would leave the returned mode dangling.
const ReadoutMode& find_readout_mode(const SensorProfile&& profile, const std::string&) = delete;
const ReadoutMode* readout_mode_for_code(const SensorProfile&& profile, uint16_t) = delete;

// Throws ModelError naming the mode and field when profile.modes cannot describe the sensor:
// no modes, duplicate names or register codes, no binned mode at code 0 (SENSOR_MODE's reset
// value), a crop outside the native array or off the 4-pixel cell grid, an output size that is
// not the crop after binning and scaling, non-positive or 16-bit-overflowing timing, a frame
// shorter than its readout plus 8 lines of blanking (the register map's minimum), a pixel clock
// other than the profile's (LINE_LENGTH_PCK is timed with it), or a reference_fps more than 1%
// from the rate the timing gives.
void validate_readout_modes(const SensorProfile& profile);

// Rolling shutter: exposure window of output row `row` relative to the frame start (the first
// row's readout), for an exposure of `exposure_s`. Row r is read out r x line time later (for
// scaled modes an output row is read with its last source row); its exposure ends there.
struct RowExposure {
  double start_s, end_s;
};
RowExposure row_exposure(const ReadoutMode& mode, double exposure_s, int row);
// Time from the first to the last row's readout (the rolling-shutter skew).
double rolling_shutter_skew_s(const ReadoutMode& mode);

// The native 1.6 um pixel of a binned profile: a quarter of the area, well and dark current; the
// same read noise (binning sums charge on a shared floating diffusion and reads it once); PRNU
// and dark non-uniformity x2 (a binned pixel averages 4 independent ones); the conversion chain
// runs at 4x the binned gain so a native well spans the ADC as a binned one does (an estimate:
// Sony publishes neither). binned_profile_from_native() inverts it.
SensorProfile native_pixel_profile(const SensorProfile& binned);
SensorProfile binned_profile_from_native(const SensorProfile& native);

// Part of a mode's output frame, in output pixels (a window keeps tests and previews fast).
// Offsets must be multiples of 4 (full resolution) or 2; width/height 0 mean the whole frame.
struct OutputWindow {
  int x = 0, y = 0, width = 0, height = 0;
};

// Renders one frame of `mode` from the binned profile. settings.width/height/cfa are set from
// the mode and window; exposure, gains, temperature, test pattern and dcg_ratio are used as
// given (DCG only for binned formations). The result's code range is raw_format(profile', s).
Image16 render_mode_frame(const Scene& scene, const SensorProfile& binned, const ReadoutMode& mode,
                          const SensorSettings& settings, uint64_t seed, uint32_t frame_index,
                          const RenderOptions& options = {}, const OutputWindow& window = {});

// The code range of render_mode_frame's output.
RawFormat mode_raw_format(const SensorProfile& binned, const ReadoutMode& mode,
                          const SensorSettings& settings);

}  // namespace ispsim::sensor
