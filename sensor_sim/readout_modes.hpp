#pragma once
// The sensor's readout modes: how each output frame is formed from the native 8192 x 6144 Quad
// Bayer array, and its line time, frame length and frame rate. Figures from the reference table
// (shared/reference/sensor-and-system.md): full resolution 24 fps at ~5.2 us per line; binned
// 4096 x 3072 30 fps; 3840 x 2160 30 fps; 1920 x 1080 120 fps; 1280 x 720 240 fps.
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

constexpr int kNativeWidth = 8192, kNativeHeight = 6144;

enum class ModeFormation {
  kBinned,            // 2x2 same-colour cells summed in charge, read once: RGGB Bayer
  kFullRemosaic,      // every native pixel, QSC-corrected and remosaiced on-sensor to RGGB Bayer
  kFullQuad,          // every native pixel as Quad Bayer raw (RRGG/RRGG/GGBB/GGBB)
  kCropBinned,        // a window of the array, then 2x2 binning
  kCropBinnedScaled,  // a window, 2x2 binning, then a same-colour average scale_factor:1
};

struct ReadoutMode {
  std::string name;        // as on the command line: full, full-quad, binned, 4k, 1080p, 720p
  uint16_t register_code;  // SENSOR_MODE value
  ModeFormation formation;
  int output_width, output_height;
  // Window of the native array read out (native pixels, multiples of 4 so cells stay whole).
  int crop_x, crop_y, crop_width, crop_height;
  int scale_factor;  // 1, or the kCropBinnedScaled ratio
  // Timing: pixel clocks per line and lines per frame, both with blanking. A line slot reads one
  // row of the formation before scaling (a native row, or a binned row pair).
  int line_length_pck, frame_length_lines;
  double pixel_clock_hz;
  // Reference frame rate this mode is tuned to (for tests and listings).
  double reference_fps;

  double line_time_s() const { return line_length_pck / pixel_clock_hz; }
  double frame_time_s() const { return frame_length_lines * line_time_s(); }
  double fps() const { return 1.0 / frame_time_s(); }
  int read_rows() const;  // rows read per frame (before scaling): the rolling-shutter span
  bool full_resolution() const {
    return formation == ModeFormation::kFullRemosaic || formation == ModeFormation::kFullQuad;
  }
};

// The built-in mode table of the IMX989 class; code 0 (binned) is the reset default.
const std::vector<ReadoutMode>& readout_modes();
// Throws ModelError listing the mode names when `name` is not one.
const ReadoutMode& find_readout_mode(const std::string& name);
// nullptr when no mode has this SENSOR_MODE code.
const ReadoutMode* readout_mode_for_code(uint16_t code);

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
