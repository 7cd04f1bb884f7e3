#include "testbench/blocks/block_test_support.hpp"

#include <hwy/highway.h>
#include <hwy/targets.h>

namespace ispsim::test {

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
