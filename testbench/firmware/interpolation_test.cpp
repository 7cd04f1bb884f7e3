#include "firmware/interpolation.hpp"

#include <gtest/gtest.h>

namespace ispsim::fw {
namespace {

TEST(Bracket, InsideTheTableTheFractionFromTheLowerKey) {
  const std::vector<double> keys = {1.0, 2.0, 6.0};
  const Bracket at = bracket(keys, 3.0);
  EXPECT_EQ(at.lower, 1u);
  EXPECT_EQ(at.upper, 2u);
  EXPECT_DOUBLE_EQ(at.t, 0.25);  // (3 - 2) / (6 - 2)
  EXPECT_DOUBLE_EQ(bracket(keys, 1.5).t, 0.5);
}

TEST(Bracket, OnAKeyOrBeyondTheEndsOneEntry) {
  const std::vector<double> keys = {1.0, 2.0, 6.0};
  for (const auto& [x, entry] : {std::pair{2.0, 1u}, {1.0, 0u}, {6.0, 2u}, {-5.0, 0u}, {9.0, 2u}}) {
    const Bracket at = bracket(keys, x);
    EXPECT_EQ(at.lower, entry) << x;
    EXPECT_EQ(at.upper, entry) << x;
    EXPECT_EQ(at.t, 0.0) << x;
  }
  const Bracket single = bracket({4.0}, 7.0);
  EXPECT_EQ(single.lower, 0u);
  EXPECT_EQ(single.upper, 0u);
}

}  // namespace
}  // namespace ispsim::fw
