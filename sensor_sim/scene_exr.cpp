// OpenEXR scenes: linear, high dynamic range, read with the reference OpenEXR library.
#include <ImfArray.h>
#include <ImfRgbaFile.h>

#include <cmath>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "model/common/error.hpp"
#include "sensor_sim/scene_builtins.hpp"

namespace ispsim::sensor {

bool is_exr_file(const std::string& path) {
  // OpenEXR magic number 20000630, little-endian (OpenEXR file layout specification).
  unsigned char magic[4] = {};
  FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) return false;
  const size_t got = std::fread(magic, 1, 4, file);
  std::fclose(file);
  return got == 4 && magic[0] == 0x76 && magic[1] == 0x2f && magic[2] == 0x31 && magic[3] == 0x01;
}

std::unique_ptr<Scene> load_exr_scene(const std::string& path, double scale) {
  int width = 0, height = 0;
  std::vector<float> linear;
  try {
    Imf::RgbaInputFile file(path.c_str());
    const Imath::Box2i window = file.dataWindow();
    width = window.max.x - window.min.x + 1;
    height = window.max.y - window.min.y + 1;
    Imf::Array2D<Imf::Rgba> pixels(height, width);
    file.setFrameBuffer(&pixels[0][0] - window.min.x - window.min.y * width, 1, width);
    file.readPixels(window.min.y, window.max.y);
    // Luminance-only files: RgbaInputFile delivers Y in r, g and b alike.
    linear.resize(3 * static_cast<size_t>(width) * height);
    for (int y = 0; y < height; ++y) {
      for (int x = 0; x < width; ++x) {
        const Imf::Rgba& p = pixels[y][x];
        const float values[3] = {p.r, p.g, p.b};
        for (int c = 0; c < 3; ++c) {
          const float v = values[c];
          // Negative (out-of-gamut) and non-finite values carry no light.
          linear[3 * (static_cast<size_t>(y) * width + x) + c] =
              std::isfinite(v) && v > 0 ? static_cast<float>(v * scale) : 0.0f;
        }
      }
    }
  } catch (const std::exception& e) {
    throw ImageError("scene file '" + path + "': cannot read OpenEXR: " + e.what());
  }
  if (width <= 0 || height <= 0)
    throw ImageError("scene file '" + path + "': OpenEXR image has no pixels");
  return make_image_scene(path, width, height, std::move(linear));
}

}  // namespace ispsim::sensor
