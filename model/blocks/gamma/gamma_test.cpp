// Gamma against linear interpolation between the knots, computed in floating point in the test.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "model/blocks/gamma/gamma.hpp"
#include "testbench/blocks/block_test_support.hpp"

namespace ispsim {
namespace {

using blocks::Gamma;

Gamma::Params zigzag() {
  Gamma::Params p;
  for (int i = 0; i < Gamma::kKnots; ++i)
    p.lut[i] = static_cast<uint16_t>((i * 977) % 1024);  // rising and falling segments
  Gamma::prepare(p);
  return p;
}

TEST(Gamma, InterpolatesLinearlyBetweenKnotsAtEveryInput) {
  const Gamma::Params p = zigzag();
  Image16 ramp(4096, 1, 3);
  for (int x = 0; x < 4096; ++x)
    for (int c = 0; c < 3; ++c)
      ramp.at(x, 0, c) = static_cast<uint16_t>(c == 0 ? x : 4095 - x);
  const Image16 out = test::run_block<Gamma>(p, ramp, 0, test::Path::kSimd);
  for (int x = 0; x < 4096; ++x) {
    const int in = ramp.at(x, 0, 0);
    const double knot = in / 16.0;
    const int k = static_cast<int>(knot);
    const double value = p.lut[k] + (p.lut[k + 1] - p.lut[k]) * (knot - k);
    ASSERT_EQ(out.at(x, 0, 0), std::clamp(std::floor(value + 0.5), 0.0, 1023.0)) << in;
  }
}

TEST(Gamma, HandValues) {
  Gamma::Params p;
  for (int i = 0; i < Gamma::kKnots; ++i)
    p.lut[i] = static_cast<uint16_t>(std::min(1023, 16 * i));
  EXPECT_EQ(Gamma::sample(0, p.lut), 0);
  EXPECT_EQ(Gamma::sample(16, p.lut), 16);  // knot 1
  EXPECT_EQ(Gamma::sample(24, p.lut), 24);  // halfway between 16 and 32
  EXPECT_EQ(Gamma::sample(17, p.lut), 17);  // 16 + 1
  EXPECT_EQ(Gamma::sample(1000, p.lut), 1000);
  EXPECT_EQ(Gamma::sample(4095, p.lut), 1023);  // clipped at 1023 from knot 64 on
  p.lut[1] = 1;                                 // a step of 1 over 16 codes
  EXPECT_EQ(Gamma::sample(7, p.lut), 0);        // 7/16 rounds down
  EXPECT_EQ(Gamma::sample(8, p.lut), 1);        // 8/16 rounds up
}

TEST(Gamma, BypassDropsTwoBits) {
  Gamma::Params p = zigzag();
  p.bypass = true;
  Gamma::prepare(p);
  const Image16 rgb = test::random_image(21, 2, 3, 5, 4095);
  const Image16 out = test::run_block<Gamma>(p, rgb, 0, test::Path::kSimd);
  for (int c = 0; c < 3; ++c)
    EXPECT_EQ(out.at(7, 1, c), rgb.at(7, 1, c) >> 2);
}

TEST(Gamma, TableEqualsScalarOnEveryTarget) {
  test::expect_simd_equals_scalar<Gamma>(zigzag(), test::random_image(77, 3, 3, 1, 4095), 0);
}

}  // namespace
}  // namespace ispsim
