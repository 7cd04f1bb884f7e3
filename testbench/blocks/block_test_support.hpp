#pragma once
// Runs one ISP block's kernel over a whole frame outside any schedule, for the block tests in
// model/blocks/<block>/: the same window reflection as the schedules, either arithmetic path,
// and a loop over every SIMD target Highway compiled and this CPU supports.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "model/blocks/pipeline.hpp"
#include "model/image/image.hpp"
#include "model/reference/frame_blocks.hpp"
#include "testbench/test_frames.hpp"

namespace ispsim::test {

enum class Path { kSimd, kScalar };

// One block's kernel over a whole frame, on either arithmetic path.
template <typename Block>
Image16 run_block(const typename Block::Params& params, const Image16& input, int cfa_phase,
                  Path path) {
  return run_block_on_frame<Block>(params, input, cfa_phase,
                                   path == Path::kSimd ? KernelPath::kSimd : KernelPath::kScalar);
}

// Calls `check(target_name)` once per SIMD target compiled and supported here, with dispatch
// forced to that target; restores normal dispatch afterwards. Returns how many targets ran.
int for_each_simd_target(const std::function<void(const std::string& target)>& check);

}  // namespace ispsim::test

namespace ispsim::test {

// Colour (0 R, 1 Gr, 2 Gb, 3 B) of sample (x, y) read off the phase's name, written apart from
// the model's cfa_colour so a swapped phase there cannot hide.
inline int cfa_colour_by_name(int phase, int x, int y) {
  const char* names[4] = {"RGGB", "GRBG", "GBRG", "BGGR"};
  const char letter = names[phase][(y % 2) * 2 + (x % 2)];
  if (letter == 'R') return 0;
  if (letter == 'B') return 3;
  const char row_partner = names[phase][(y % 2) * 2 + ((x + 1) % 2)];
  return row_partner == 'R' ? 1 : 2;
}

// The SIMD path on every target equals the scalar path, bit for bit.
template <typename Block>
void expect_simd_equals_scalar(const typename Block::Params& params, const Image16& input,
                               int cfa_phase) {
  const Image16 scalar = run_block<Block>(params, input, cfa_phase, Path::kScalar);
  const int targets = for_each_simd_target([&](const std::string& target) {
    const Image16 simd = run_block<Block>(params, input, cfa_phase, Path::kSimd);
    ASSERT_TRUE(simd == scalar) << Block::kDescriptor.name << " on " << target << ", "
                                << input.width() << "x" << input.height() << " phase " << cfa_phase;
  });
  EXPECT_GE(targets, 1);
}

}  // namespace ispsim::test
