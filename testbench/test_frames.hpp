#pragma once
// Deterministic test inputs: random and structured raw frames.
#include <algorithm>
#include <cstdint>
#include <random>

#include "model/blocks/pipeline.hpp"
#include "model/image/image.hpp"

namespace ispsim::test {

// Samples 0..max_value, `channels` per pixel; the same seed gives the same image anywhere.
inline Image16 random_image(int width, int height, int channels, uint32_t seed, int max_value) {
  Image16 image(width, height, channels);
  std::mt19937 rng(seed);  // mt19937's sequence is fixed by the standard
  for (auto& s : image.samples())
    s = static_cast<uint16_t>(rng() % (static_cast<uint32_t>(max_value) + 1));
  return image;
}

inline Image16 random_raw(int width, int height, uint32_t seed, int max_value = 4095) {
  return random_image(width, height, 1, seed, max_value);
}

// Ramps, a hard edge, saturation and zeros: the cases that break borders and clipping.
inline Image16 structured_raw(int width, int height) {
  Image16 raw(width, height, 1);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      uint16_t v;
      if (x < width / 3)
        v = static_cast<uint16_t>((x * 4095) / (width / 3 + 1));
      else if (x < 2 * width / 3)
        v = (y + x) % 7 == 0 ? 4095 : 0;
      else
        v = static_cast<uint16_t>(y * 4095 / (height - 1 > 0 ? height - 1 : 1));
      raw.at(x, y) = v;
    }
  // A hot and a dead pixel in the ramp and the gradient, for the defect pixel correction.
  raw.at(width / 6, height / 2) = 4095;
  raw.at(5 * width / 6, height / 3) = 0;
  return raw;
}

// A plausible setting of every block for a width x height frame: defects beyond 60 + max / 8,
// 12-bit pedestal 256, noise reduction at 2 sigmas of a shot-noise-limited model, lens shading
// gains rising to x2.4 (red) at the corners, greens balanced within 8%, daylight-like WB, a
// saturating CCM, a gamma-like curve and BT.709 limited-range YCbCr (s3.12 codes).
inline IspParams typical_isp_params(int width = 4096, int height = 3072) {
  IspParams p;
  p.frame.enable = true;
  p.frame.frame_width = width;
  p.frame.frame_height = height;
  p.defect_pixel.threshold = 60;
  p.defect_pixel.slope = 32;
  p.defect_pixel.support_check = true;  // the firmware's defaults, as below for the pedestal
  p.defect_pixel.support_limit = 16;
  p.black_level.level = {256, 256, 256, 256};
  p.black_level.norm_gain = 4369;
  p.black_level.pedestal = 64;
  using blocks::LensShading;
  for (int c = 0; c < 4; ++c)
    for (int j = 0; j < LensShading::kRows; ++j)
      for (int i = 0; i < LensShading::kColumns; ++i) {
        const double u = i / 8.0 - 1, v = j / 6.0 - 1;
        p.lens_shading
            .gain[static_cast<size_t>((c * LensShading::kRows + j) * LensShading::kColumns + i)] =
            static_cast<uint16_t>(4096 * (1 + (c == 0 ? 0.7 : 0.5) * (u * u + v * v)));
      }
  p.lens_shading.step_x = LensShading::grid_step(width, LensShading::kColumns - 1);
  p.lens_shading.step_y = LensShading::grid_step(height, LensShading::kRows - 1);
  p.green_balance.limit = 10;
  p.bayer_nr.shot = 256;  // variance = signal + 64
  p.bayer_nr.read = 64;
  p.bayer_nr.strength = 64;
  p.bayer_nr.pedestal = 64;
  p.white_balance.gain = {7782, 4096, 4096, 6349};
  p.demosaic.method = blocks::Demosaic::Method::kGradientWeighted;  // the firmware default
  p.color_matrix.coef = {6554, -1638, -820, -1229, 6144, -819, 205, -2458, 6349};
  for (int i = 0; i < blocks::Gamma::kKnots; ++i)
    p.gamma.lut[i] = static_cast<uint16_t>(std::min(1023, i * 4));
  p.csc.coef = {748, 2516, 254, -412, -1387, 1799, 1799, -1634, -165};
  p.csc.offset = {16, 128, 128};
  prepare_isp_params(p);
  return p;
}

}  // namespace ispsim::test
