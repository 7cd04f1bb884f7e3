#pragma once
// Deterministic test inputs: random and structured raw frames.
#include <cstdint>
#include <random>

#include "model/image/image.hpp"

namespace ispsim::test {

inline Image16 random_raw(int width, int height, uint32_t seed, int max_value = 4095) {
  Image16 raw(width, height, 1);
  std::mt19937 rng(seed);  // mt19937's sequence is fixed by the standard
  for (auto& s : raw.samples())
    s = static_cast<uint16_t>(rng() % (max_value + 1));
  return raw;
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
  return raw;
}

}  // namespace ispsim::test
