// Image files as scenes (PNG/TIFF here, OpenEXR in scene_exr.cpp) and the name -> scene factory.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "model/common/error.hpp"
#include "model/image/image_io.hpp"
#include "sensor_sim/scene.hpp"
#include "sensor_sim/scene_builtins.hpp"

namespace ispsim::sensor {
namespace {

// sRGB electro-optical transfer function, IEC 61966-2-1:1999 (code value 0..1 -> linear).
double srgb_to_linear(double v) {
  return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}

// Resampling taps along one axis from `source_size` samples to `target_size` samples, pixel
// centres aligned. Upscaling (or same size) is bilinear; downscaling averages the source over the
// target pixel's footprint (box filter with exact fractional coverage), so fine detail averages
// out instead of aliasing.
struct Taps {
  std::vector<int> first;     // per target sample: index into source/weight of its first tap
  std::vector<int> count;     // per target sample: number of taps
  std::vector<int> source;    // per tap: source index
  std::vector<float> weight;  // per tap: weight (they sum to 1 per target sample)
};

void append_taps(int i, int target_size, int source_size, Taps& taps) {
  taps.first.push_back(static_cast<int>(taps.source.size()));
  const double scale = static_cast<double>(source_size) / target_size;
  if (scale <= 1.0) {
    const double centre = (i + 0.5) * scale - 0.5;
    const int below = static_cast<int>(std::floor(centre));
    const double frac = centre - below;
    taps.source.push_back(std::clamp(below, 0, source_size - 1));
    taps.weight.push_back(static_cast<float>(1.0 - frac));
    taps.source.push_back(std::clamp(below + 1, 0, source_size - 1));
    taps.weight.push_back(static_cast<float>(frac));
    taps.count.push_back(2);
    return;
  }
  const double lo = i * scale, hi = (i + 1) * scale;
  const int j0 = static_cast<int>(std::floor(lo));
  const int j1 = std::min(source_size, static_cast<int>(std::ceil(hi)));
  for (int j = j0; j < j1; ++j) {
    const double cover = std::min<double>(j + 1, hi) - std::max<double>(j, lo);
    taps.source.push_back(j);
    taps.weight.push_back(static_cast<float>(cover / scale));
  }
  taps.count.push_back(j1 - j0);
}

// An image file, decoded once to linear RGB at its own resolution and resampled per row.
class ImageScene final : public Scene {
 public:
  ImageScene(std::string path, int width, int height, std::vector<float> linear_rgb)
      : path_(std::move(path)),
        width_(width),
        height_(height),
        linear_rgb_(std::move(linear_rgb)) {}

  std::string name() const override { return path_; }

  void sample_row(int y, int width, int height, float* rgb) const override {
    Taps vertical;
    append_taps(y, height, height_, vertical);
    std::vector<float> source_row(3 * static_cast<size_t>(width_), 0.0f);
    for (int t = 0; t < vertical.count[0]; ++t) {
      const float w = vertical.weight[t];
      const float* src = linear_rgb_.data() + 3 * static_cast<size_t>(vertical.source[t]) * width_;
      for (size_t k = 0; k < source_row.size(); ++k)
        source_row[k] += w * src[k];
    }
    Taps horizontal;
    horizontal.first.reserve(width);
    horizontal.count.reserve(width);
    for (int x = 0; x < width; ++x)
      append_taps(x, width, width_, horizontal);
    for (int x = 0; x < width; ++x) {
      float sum[3] = {0.0f, 0.0f, 0.0f};
      const int first = horizontal.first[x];
      for (int t = first; t < first + horizontal.count[x]; ++t) {
        const float* src = source_row.data() + 3 * static_cast<size_t>(horizontal.source[t]);
        const float w = horizontal.weight[t];
        for (int c = 0; c < 3; ++c)
          sum[c] += w * src[c];
      }
      for (int c = 0; c < 3; ++c)
        rgb[3 * x + c] = sum[c];
    }
  }

 private:
  std::string path_;
  int width_;
  int height_;
  std::vector<float> linear_rgb_;  // interleaved RGB, width_ x height_
};

[[noreturn]] void throw_unknown_scene(const std::string& name) {
  std::string names;
  for (const std::string& builtin : builtin_scene_names())
    names += (names.empty() ? "" : ", ") + builtin;
  throw ModelError("unknown scene '" + name + "'; built-in scenes: " + names +
                   "; or give a PNG/TIFF/EXR file");
}

}  // namespace

std::vector<std::string> builtin_scene_names() {
  return {"chart", "colorchecker", "edge", "star", "wedge", "flat", "hdr", "lowlight", "dark"};
}

std::unique_ptr<Scene> make_builtin_scene(const std::string& name) {
  if (name == "chart") return make_chart_scene();
  if (name == "colorchecker") return make_colorchecker_scene();
  if (name == "edge") return make_edge_scene();
  if (name == "star") return make_star_scene();
  if (name == "wedge") return make_wedge_scene();
  if (name == "flat") return make_uniform_scene("flat", 0.5f);
  if (name == "hdr") return make_hdr_scene();
  if (name == "lowlight") return make_scaled_scene(make_chart_scene(), "lowlight", 0.01);
  if (name == "dark") return make_uniform_scene("dark", 0.0f);
  throw_unknown_scene(name);
}

std::unique_ptr<Scene> make_image_scene(std::string name, int width, int height,
                                        std::vector<float> linear_rgb) {
  return std::make_unique<ImageScene>(std::move(name), width, height, std::move(linear_rgb));
}

std::unique_ptr<Scene> load_scene_file(const std::string& path, double white_luminance_cd_m2) {
  if (!(white_luminance_cd_m2 > 0) || !std::isfinite(white_luminance_cd_m2))
    throw ModelError("scene file '" + path + "': white luminance must be > 0 cd/m^2 (got " +
                     std::to_string(white_luminance_cd_m2) + ")");
  // Scene value 1.0 is 100 cd/m^2 (scene.hpp).
  const double scale = white_luminance_cd_m2 / 100.0;
  if (is_exr_file(path)) return load_exr_scene(path, scale);
  int bit_depth = 8;
  const Image16 image = read_image(path, &bit_depth);
  if (image.empty() || (image.channels() != 1 && image.channels() != 3))
    throw ImageError("scene file '" + path + "': expected a grey or RGB image with pixels, got " +
                     std::to_string(image.channels()) + " channels");
  // One table entry per code value: 256 or 65536 entries, far cheaper than pow per sample.
  const int max_code = bit_depth == 16 ? 65535 : 255;
  std::vector<float> to_linear(max_code + 1);
  for (int v = 0; v <= max_code; ++v)
    to_linear[v] = static_cast<float>(scale * srgb_to_linear(static_cast<double>(v) / max_code));

  const int channels = image.channels();
  const size_t pixels = static_cast<size_t>(image.width()) * image.height();
  std::vector<float> linear(3 * pixels);
  const uint16_t* samples = image.data();
  for (size_t i = 0; i < pixels; ++i) {
    for (int c = 0; c < 3; ++c) {
      // Grey images replicate to RGB; codes above the nominal range (malformed) are clamped.
      const uint16_t code = samples[i * channels + (channels == 3 ? c : 0)];
      linear[3 * i + c] = to_linear[std::min<int>(code, max_code)];
    }
  }
  return std::make_unique<ImageScene>(path, image.width(), image.height(), std::move(linear));
}

std::unique_ptr<Scene> make_scene(const std::string& name_or_path) {
  const std::vector<std::string> names = builtin_scene_names();
  if (std::find(names.begin(), names.end(), name_or_path) != names.end())
    return make_builtin_scene(name_or_path);
  std::error_code ignored;
  if (!std::filesystem::is_regular_file(name_or_path, ignored)) throw_unknown_scene(name_or_path);
  return load_scene_file(name_or_path);
}

}  // namespace ispsim::sensor
