#include "sensor_sim/readout_modes.hpp"

#include <algorithm>
#include <memory>

#include "model/common/error.hpp"
#include "sensor_sim/remosaic.hpp"

namespace ispsim::sensor {
namespace {

constexpr double kPixelClockHz = 480e6;  // as LINE_LENGTH_PCK's register description

// Line lengths and frame lengths chosen to give the reference table's rates: full resolution
// 2496 pck = 5.2 us per native row, 8013 rows -> 24.0 fps and 32 ms skew (table: ~5.1-5.3 us,
// ~32 ms); binned and 4K 5000 pck x 3200 lines -> 30.0 fps (the register reset values); 1080p
// reads the 2160 binned rows of the 4K window in 1800 pck (3.75 us) x 2222 -> 120.0 fps; 720p
// reads them in 922 pck x 2168 -> 240.1 fps.
std::vector<ReadoutMode> make_modes() {
  using F = ModeFormation;
  return {
      {"binned", 0, F::kBinned, 4096, 3072, 0, 0, 8192, 6144, 1, 5000, 3200, kPixelClockHz, 30},
      {"full", 1, F::kFullRemosaic, 8192, 6144, 0, 0, 8192, 6144, 1, 2496, 8013, kPixelClockHz, 24},
      {"full-quad", 2, F::kFullQuad, 8192, 6144, 0, 0, 8192, 6144, 1, 2496, 8013, kPixelClockHz,
       24},
      // 4K UHD: the central 7680 x 4320 native window (16:9), binned.
      {"4k", 3, F::kCropBinned, 3840, 2160, 256, 912, 7680, 4320, 1, 5000, 3200, kPixelClockHz, 30},
      {"1080p", 4, F::kCropBinnedScaled, 1920, 1080, 256, 912, 7680, 4320, 2, 1800, 2222,
       kPixelClockHz, 120},
      {"720p", 5, F::kCropBinnedScaled, 1280, 720, 256, 912, 7680, 4320, 3, 922, 2168,
       kPixelClockHz, 240},
  };
}

// A window of a scene sampled on a larger grid: what a crop mode sees (a narrower field of view).
class WindowScene : public Scene {
 public:
  WindowScene(const Scene& base, int grid_width, int grid_height, int x0, int y0)
      : base_(base), grid_width_(grid_width), grid_height_(grid_height), x0_(x0), y0_(y0) {}
  std::string name() const override { return base_.name(); }
  void sample_row(int y, int width, int /*height*/, float* rgb) const override {
    std::vector<float> full(3 * static_cast<size_t>(grid_width_));
    base_.sample_row(y + y0_, grid_width_, grid_height_, full.data());
    std::copy_n(full.data() + 3 * x0_, 3 * width, rgb);
  }

 private:
  const Scene& base_;
  int grid_width_, grid_height_, x0_, y0_;
};

// Same-colour average of scale x scale Bayer samples: output phase (px, py) of block (bx, by)
// averages source (2 s bx + px + 2i, 2 s by + py + 2j), i, j < s, which share its colour.
Image16 bayer_downscale(const Image16& in, int scale) {
  Image16 out(in.width() / scale, in.height() / scale, 1);
  for (int y = 0; y < out.height(); ++y)
    for (int x = 0; x < out.width(); ++x) {
      const int sx = 2 * scale * (x >> 1) + (x & 1), sy = 2 * scale * (y >> 1) + (y & 1);
      int sum = 0;
      for (int j = 0; j < scale; ++j)
        for (int i = 0; i < scale; ++i)
          sum += in.at(sx + 2 * i, sy + 2 * j);
      out.at(x, y) = static_cast<uint16_t>((sum + scale * scale / 2) / (scale * scale));
    }
  return out;
}

std::string swap_suffix(std::string name, const std::string& from, const std::string& to) {
  if (name.size() >= from.size() && name.compare(name.size() - from.size(), from.size(), from) == 0)
    return name.substr(0, name.size() - from.size()) + to;
  return name + to;
}

}  // namespace

int ReadoutMode::read_rows() const {
  return full_resolution() ? crop_height : crop_height / 2;
}

const std::vector<ReadoutMode>& readout_modes() {
  static const std::vector<ReadoutMode> modes = make_modes();
  return modes;
}

const ReadoutMode& find_readout_mode(const std::string& name) {
  std::string names;
  for (const ReadoutMode& mode : readout_modes()) {
    if (mode.name == name) return mode;
    names += (names.empty() ? "" : ", ") + mode.name;
  }
  throw ModelError("sensor mode '" + name + "' is not one of: " + names);
}

const ReadoutMode* readout_mode_for_code(uint16_t code) {
  for (const ReadoutMode& mode : readout_modes())
    if (mode.register_code == code) return &mode;
  return nullptr;
}

RowExposure row_exposure(const ReadoutMode& mode, double exposure_s, int row) {
  const double end = (row * mode.scale_factor + mode.scale_factor - 1) * mode.line_time_s();
  return {end - exposure_s, end};
}

double rolling_shutter_skew_s(const ReadoutMode& mode) {
  return (mode.read_rows() - 1) * mode.line_time_s();
}

SensorProfile native_pixel_profile(const SensorProfile& b) {
  SensorProfile n = b;
  n.name = swap_suffix(b.name, "-binned", "-native");
  n.array_width_px = 2 * b.array_width_px;
  n.array_height_px = 2 * b.array_height_px;
  n.pixel_pitch_um = b.pixel_pitch_um / 2;
  n.full_well_electrons = b.full_well_electrons / 4;
  n.conversion_gain_uv_per_electron = b.conversion_gain_uv_per_electron * 4;
  n.dark_current_e_per_s = b.dark_current_e_per_s / 4;
  n.dark_current_nonuniformity = b.dark_current_nonuniformity * 2;
  n.prnu_fraction = b.prnu_fraction * 2;
  // One defective photodiode makes its binned pixel defective.
  n.hot_pixel_density = b.hot_pixel_density / 4;
  n.dead_pixel_density = b.dead_pixel_density / 4;
  update_derived_fields(n);
  return n;
}

SensorProfile binned_profile_from_native(const SensorProfile& n) {
  SensorProfile b = n;
  b.name = swap_suffix(n.name, "-native", "-binned");
  b.array_width_px = n.array_width_px / 2;
  b.array_height_px = n.array_height_px / 2;
  b.pixel_pitch_um = n.pixel_pitch_um * 2;
  b.full_well_electrons = n.full_well_electrons * 4;
  b.conversion_gain_uv_per_electron = n.conversion_gain_uv_per_electron / 4;
  b.dark_current_e_per_s = n.dark_current_e_per_s * 4;
  b.dark_current_nonuniformity = n.dark_current_nonuniformity / 2;
  b.prnu_fraction = n.prnu_fraction / 2;
  b.hot_pixel_density = n.hot_pixel_density * 4;
  b.dead_pixel_density = n.dead_pixel_density * 4;
  update_derived_fields(b);
  return b;
}

RawFormat mode_raw_format(const SensorProfile& binned, const ReadoutMode& mode,
                          const SensorSettings& settings) {
  SensorSettings s = settings;
  if (mode.full_resolution()) s.dcg_ratio = 0;
  return raw_format(binned, s);
}

Image16 render_mode_frame(const Scene& scene, const SensorProfile& binned, const ReadoutMode& mode,
                          const SensorSettings& settings, uint64_t seed, uint32_t frame_index,
                          const RenderOptions& options, const OutputWindow& window) {
  const bool full = mode.full_resolution();
  const int step = full ? 4 : 2;
  const int out_w = window.width ? window.width : mode.output_width;
  const int out_h = window.height ? window.height : mode.output_height;
  if (window.x % step || window.y % step || out_w % step || out_h % step || window.x < 0 ||
      window.y < 0 || window.x + out_w > mode.output_width || window.y + out_h > mode.output_height)
    throw ModelError("sensor window " + std::to_string(out_w) + "x" + std::to_string(out_h) + "+" +
                     std::to_string(window.x) + "+" + std::to_string(window.y) +
                     " must lie inside mode " + mode.name + " on multiples of " +
                     std::to_string(step));
  // The grid the pixel array is rendered on (native or binned pixels) and the region of it.
  const int divisor = full ? 1 : 2;
  const int grid_w = kNativeWidth / divisor, grid_h = kNativeHeight / divisor;
  const int region_x = mode.crop_x / divisor + window.x * mode.scale_factor;
  const int region_y = mode.crop_y / divisor + window.y * mode.scale_factor;
  SensorSettings s = settings;
  s.width = out_w * mode.scale_factor;
  s.height = out_h * mode.scale_factor;
  s.cfa = full ? CfaLayout::kQuadBayer : CfaLayout::kBayer;
  if (full) s.dcg_ratio = 0;
  // The rendered region stands for its own size at the sensor, so blur and pixel pitch stay true
  // (shading is then centred on the region: exact for the centred full and crop frames only).
  SensorProfile profile = full ? native_pixel_profile(binned) : binned;
  profile.array_width_px = s.width;
  profile.array_height_px = s.height;
  std::unique_ptr<WindowScene> cropped;
  if (s.width != grid_w || s.height != grid_h)
    cropped = std::make_unique<WindowScene>(scene, grid_w, grid_h, region_x, region_y);
  const Scene& seen = cropped ? static_cast<const Scene&>(*cropped) : scene;
  Image16 raw = render_raw_frame(seen, profile, s, seed, frame_index, options);
  if (mode.formation == ModeFormation::kFullRemosaic && s.test_pattern == 0) {
    const RawFormat format = raw_format(profile, s);
    apply_quad_sensitivity_correction(raw, profile, format, region_x, region_y);
    return remosaic_quad_to_bayer(raw, format);
  }
  if (mode.scale_factor > 1) return bayer_downscale(raw, mode.scale_factor);
  return raw;
}

}  // namespace ispsim::sensor
