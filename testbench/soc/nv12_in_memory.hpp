#pragma once
// NV12 as the write DMA lays it out in memory, computed in the test from the layout formula, and
// a byte-for-byte comparison of a memory range against it.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "model/reference/reference_pipeline.hpp"

namespace ispsim::test {

// Memory before a frame is written: any byte still holding it was not written.
constexpr uint8_t kUnwrittenByte = 0xA5;

struct Nv12Placement {
  uint64_t y_base, uv_base;
  uint32_t stride;  // bytes from one line to the next, in both planes
};

inline int nv12_chroma_rows(const Nv12Frame& frame) {
  return (frame.height + 1) / 2;
}
inline int nv12_chroma_row_bytes(const Nv12Frame& frame) {
  return 2 * ((frame.width + 1) / 2);
}

// Memory from `first_address` for `bytes` bytes after the frame is written: luma row r, byte x
// at y_base + r * stride + x; CbCr row r (2 * ceil(width / 2) bytes) at uv_base + r * stride + x;
// every other byte unwritten.
inline std::vector<uint8_t> nv12_memory_image(const Nv12Frame& frame, const Nv12Placement& at,
                                              uint64_t first_address, size_t bytes) {
  std::vector<uint8_t> image(bytes, kUnwrittenByte);
  const int chroma_bytes = nv12_chroma_row_bytes(frame);
  for (int r = 0; r < frame.height; ++r)
    for (int x = 0; x < frame.width; ++x)
      image.at(at.y_base + uint64_t{at.stride} * r + x - first_address) =
          frame.luma[static_cast<size_t>(r) * frame.width + x];
  for (int r = 0; r < nv12_chroma_rows(frame); ++r)
    for (int x = 0; x < chroma_bytes; ++x)
      image.at(at.uv_base + uint64_t{at.stride} * r + x - first_address) =
          frame.chroma[static_cast<size_t>(r) * chroma_bytes + x];
  return image;
}

inline std::string hex_address(uint64_t address) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%llX", static_cast<unsigned long long>(address));
  return text;
}

// Reports the first few differing bytes by address, and how many differ.
inline void expect_same_memory(const std::vector<uint8_t>& got,
                               const std::vector<uint8_t>& expected, uint64_t first_address) {
  ASSERT_EQ(got.size(), expected.size());
  size_t wrong = 0;
  for (size_t i = 0; i < expected.size(); ++i)
    if (got[i] != expected[i] && ++wrong <= 5)
      ADD_FAILURE() << "byte at " << hex_address(first_address + i) << ": got " << int{got[i]}
                    << ", expected " << int{expected[i]};
  EXPECT_EQ(wrong, 0u) << "bytes differing from NV12 placed by the layout formula";
}

}  // namespace ispsim::test
