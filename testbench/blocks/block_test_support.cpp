#include "testbench/blocks/block_test_support.hpp"

#include <hwy/highway.h>
#include <hwy/targets.h>

namespace ispsim::test {

std::vector<blocks::PlanarLine> to_lines(const Image16& frame) {
  std::vector<blocks::PlanarLine> lines(static_cast<size_t>(frame.height()));
  for (int y = 0; y < frame.height(); ++y) {
    blocks::PlanarLine& line = lines[static_cast<size_t>(y)];
    line.resize(frame.width(), frame.channels());
    for (int c = 0; c < frame.channels(); ++c)
      for (int x = 0; x < frame.width(); ++x)
        line.plane(c)[x] = frame.at(x, y, c);
  }
  return lines;
}

Image16 from_lines(const std::vector<blocks::PlanarLine>& lines) {
  Image16 frame(lines[0].width(), static_cast<int>(lines.size()), lines[0].planes());
  for (int y = 0; y < frame.height(); ++y)
    for (int c = 0; c < frame.channels(); ++c)
      for (int x = 0; x < frame.width(); ++x)
        frame.at(x, y, c) = lines[static_cast<size_t>(y)].plane(c)[x];
  return frame;
}

int for_each_simd_target(const std::function<void(const std::string& target)>& check) {
  int count = 0;
  for (int64_t target : hwy::SupportedAndGeneratedTargets()) {
    hwy::SetSupportedTargetsForTest(target);
    check(hwy::TargetName(target));
    ++count;
  }
  hwy::SetSupportedTargetsForTest(0);
  return count;
}

}  // namespace ispsim::test
