#include "sensor_sim/readout_modes.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <sstream>
#include <utility>

#include "model/common/error.hpp"
#include "sensor_sim/remosaic.hpp"

namespace ispsim::sensor {
namespace {

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

std::string number_text(double value) {
  std::ostringstream text;
  text << value;
  return text.str();
}

std::string swap_suffix(std::string name, const std::string& from, const std::string& to) {
  if (name.size() >= from.size() && name.compare(name.size() - from.size(), from.size(), from) == 0)
    return name.substr(0, name.size() - from.size()) + to;
  return name + to;
}

}  // namespace

const std::vector<ReadoutMode>& readout_modes() {
  static const std::vector<ReadoutMode> modes = imx989_readout_modes();
  return modes;
}

const ReadoutMode& find_readout_mode(const SensorProfile& profile, const std::string& name) {
  std::string names;
  for (const ReadoutMode& mode : profile.modes) {
    if (mode.name == name) return mode;
    names += (names.empty() ? "" : ", ") + mode.name;
  }
  throw ModelError("sensor mode '" + name + "' is not one of profile " + profile.name +
                   "'s modes: " + names);
}

const ReadoutMode* readout_mode_for_code(const SensorProfile& profile, uint16_t code) {
  for (const ReadoutMode& mode : profile.modes)
    if (mode.register_code == code) return &mode;
  return nullptr;
}

void validate_readout_modes(const SensorProfile& profile) {
  if (profile.modes.empty())
    throw ModelError("sensor profile field 'modes' must list at least one readout mode");
  const int native_w = native_width_px(profile), native_h = native_height_px(profile);
  bool has_reset_mode = false;
  for (size_t i = 0; i < profile.modes.size(); ++i) {
    const ReadoutMode& m = profile.modes[i];
    const auto fail = [&](const std::string& field, const std::string& what) {
      throw ModelError("sensor profile mode '" + m.name + "' (modes[" + std::to_string(i) +
                       "]): field '" + field + "' " + what);
    };
    const auto got = [](double value) { return " (got " + number_text(value) + ")"; };
    if (m.name.empty()) fail("name", "must not be empty");
    for (size_t j = 0; j < i; ++j) {
      if (profile.modes[j].name == m.name)
        fail("name", "repeats mode " + std::to_string(j) + "'s name");
      if (profile.modes[j].register_code == m.register_code)
        fail("register_code",
             "repeats mode '" + profile.modes[j].name + "''s code" + got(m.register_code));
    }
    if (m.register_code == 0) {
      if (m.formation != ModeFormation::kBinned)
        fail("formation", "must be binned for register_code 0 (SENSOR_MODE's reset value)");
      has_reset_mode = true;
    }
    // The window: on the 4-pixel Quad Bayer cell grid and inside the native array.
    const std::pair<const char*, int> crop[] = {{"crop_x", m.crop_x},
                                                {"crop_y", m.crop_y},
                                                {"crop_width", m.crop_width},
                                                {"crop_height", m.crop_height}};
    for (const auto& [field, value] : crop)
      if (value < 0 || value % 4) fail(field, "must be a non-negative multiple of 4" + got(value));
    if (m.crop_width == 0) fail("crop_width", "must be positive (got 0)");
    if (m.crop_height == 0) fail("crop_height", "must be positive (got 0)");
    if (m.crop_x + m.crop_width > native_w)
      fail("crop_width", "runs past the native array width " + std::to_string(native_w) +
                             " from crop_x " + std::to_string(m.crop_x) + got(m.crop_width));
    if (m.crop_y + m.crop_height > native_h)
      fail("crop_height", "runs past the native array height " + std::to_string(native_h) +
                              " from crop_y " + std::to_string(m.crop_y) + got(m.crop_height));
    const bool whole_array = m.formation == ModeFormation::kBinned || m.full_resolution();
    if (whole_array &&
        (m.crop_x || m.crop_y || m.crop_width != native_w || m.crop_height != native_h))
      fail("crop_width", "must cover the whole " + std::to_string(native_w) + "x" +
                             std::to_string(native_h) + " native array for this formation");
    const bool scaled = m.formation == ModeFormation::kCropBinnedScaled;
    if (scaled ? m.scale_factor < 2 : m.scale_factor != 1)
      fail("scale_factor", std::string(scaled ? "must be 2 or more" : "must be 1") +
                               " for this formation" + got(m.scale_factor));
    // Output = crop / 2 (binning, unless full resolution) / scale, with whole Bayer quads
    // (whole 4x4 tiles at full resolution, as OutputWindow needs).
    const int divisor = (m.full_resolution() ? 1 : 2) * std::max(1, m.scale_factor);
    const int step = m.full_resolution() ? 4 : 2;
    const int formed_w = m.crop_width / divisor, formed_h = m.crop_height / divisor;
    if (m.crop_width % (divisor * step) || m.output_width != formed_w)
      fail("output_width", "must be crop_width " + std::to_string(m.crop_width) + " / " +
                               std::to_string(divisor) + " in whole multiples of " +
                               std::to_string(step) + got(m.output_width));
    if (m.crop_height % (divisor * step) || m.output_height != formed_h)
      fail("output_height", "must be crop_height " + std::to_string(m.crop_height) + " / " +
                                std::to_string(divisor) + " in whole multiples of " +
                                std::to_string(step) + got(m.output_height));
    // Timing: LINE_LENGTH_PCK and FRAME_LENGTH_LINES are 16-bit registers.
    if (m.line_length_pck <= 0 || m.line_length_pck > 65535)
      fail("line_length_pck", "must be 1..65535" + got(m.line_length_pck));
    if (m.frame_length_lines < m.read_rows() + 8 || m.frame_length_lines > 65535)
      fail("frame_length_lines", "must be " + std::to_string(m.read_rows() + 8) +
                                     "..65535 (rows read + 8 lines of blanking)" +
                                     got(m.frame_length_lines));
    if (!(m.pixel_clock_hz == profile.pixel_clock_hz))
      fail("pixel_clock_hz", "must equal the profile's pixel_clock_hz " +
                                 number_text(profile.pixel_clock_hz) + got(m.pixel_clock_hz));
    if (!(m.reference_fps > 0) || std::abs(m.fps() / m.reference_fps - 1) > 0.01)
      fail("reference_fps", "must be within 1% of the timing's " + std::to_string(m.fps()) +
                                " fps" + got(m.reference_fps));
  }
  if (!has_reset_mode)
    throw ModelError(
        "sensor profile field 'modes' needs a binned mode with register_code 0 (SENSOR_MODE's "
        "reset value)");
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
  const int grid_w = native_width_px(binned) / divisor;
  const int grid_h = native_height_px(binned) / divisor;
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
    correct_and_remosaic_in_place(raw, profile, format, region_x, region_y, options.threads);
    return raw;
  }
  if (mode.scale_factor > 1) return bayer_downscale(raw, mode.scale_factor);
  return raw;
}

}  // namespace ispsim::sensor
