// The firmware's carry-over of a single exposure's tuning to the merged, companded raw, checked
// against the relations the merge and the compander imply (written out here).
#include "firmware/hdr.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "firmware/hal.hpp"

namespace ispsim::fw {
namespace {

IspTuning single_exposure() {
  IspTuning t = default_tuning();
  t.black_level.level.fill(256);
  t.bayer_nr.shot = 0.5;
  t.bayer_nr.read = 3.0;
  t.bayer_nr.strength = 2.0;
  t.white_balance.gain = {2.25, 1.0, 1.44};
  t.lens_shading.gain.fill(1.69);
  return t;
}

TEST(HdrTuning, MergeTakesTheExposuresAndTheRawNoise) {
  const IspTuning t = tuning_for_merge(single_exposure(), {3, {8.0, 64.0}, 256, 4095});
  const auto& m = t.hdr_merge;
  EXPECT_FALSE(m.bypass);
  EXPECT_EQ(m.exposures, 3);
  EXPECT_EQ(m.black, 256);
  EXPECT_EQ(m.saturated, 3787);  // 92% of the way from 256 to 4095: 256 + 3531.88
  EXPECT_EQ(m.ratio[0], 8.0);
  EXPECT_EQ(m.ratio[1], 64.0);
  // Black level had scaled the raw by 4095 / 3839 (its u4.12 code) before the Bayer NR.
  const double scale = std::round(4095.0 / 3839 * 4096) / 4096;
  EXPECT_NEAR(m.shot, 0.5 / scale, 1e-12);
  EXPECT_NEAR(m.read, 3.0 / (scale * scale), 1e-12);
  EXPECT_NEAR(m.linear_max, 3531.0 * 64, 1e-9);
  EXPECT_EQ(m.power, 0.5);
  // Two exposures: the medium one is the shortest.
  EXPECT_NEAR(tuning_for_merge(single_exposure(), {2, {8.0, 64.0}, 256, 4095}).hdr_merge.linear_max,
              3531.0 * 8, 1e-9);
}

TEST(HdrTuning, BlocksAfterTheMergeWorkOnCompandedCodes) {
  const IspTuning t = tuning_for_merge(single_exposure(), {3, {8.0, 64.0}, 256, 4095});
  for (uint16_t level : t.black_level.level)
    EXPECT_EQ(level, 0);
  EXPECT_EQ(t.black_level.white_level, 4095);
  EXPECT_EQ(single_exposure().bayer_nr.pedestal, 64);
  EXPECT_EQ(t.bayer_nr.pedestal, 0);  // the merge clipped at black already
  // A gain g on the linear signal is g^(1/2) on its square root.
  EXPECT_NEAR(t.white_balance.gain[0], 1.5, 1e-12);
  EXPECT_NEAR(t.white_balance.gain[2], 1.2, 1e-12);
  EXPECT_NEAR(t.lens_shading.gain[17], 1.3, 1e-12);
  // Noise through c = 4095 sqrt(x / M), M = 3531 x 64. Where the noise is small against the
  // signal, to first order sigma_c = 4095 / (2 sqrt(M x)) sigma_x at x = M (c / 4095)^2, with
  // sigma_x^2 the inverse-variance mix of the exposures below their clip there (clips at 3531
  // and 8 x 3531 codes of exposure 0).
  const double big_m = 3531.0 * 64, shot = t.hdr_merge.shot, read = t.hdr_merge.read;
  auto var = [&](double r, double x) { return r * shot * x + r * r * read; };
  auto first_order = [&](double c, std::vector<double> ratios) {
    const double x = big_m * (c / 4095) * (c / 4095);
    double inverse = 0;
    for (double r : ratios)
      inverse += 1 / var(r, x);
    return 4095.0 / (2 * std::sqrt(big_m * x)) / std::sqrt(inverse);
  };
  EXPECT_EQ(t.bayer_nr.shot, 0.0);
  EXPECT_EQ(t.bayer_nr.read, 0.0);
  const auto& table = t.bayer_nr.sigma_by_mean;
  ASSERT_EQ(table.size(), 65u);
  EXPECT_NEAR(table[7], first_order(448, {1, 8, 64}), 0.02 * table[7]);  // x 2705: all three
  EXPECT_NEAR(table[16], first_order(1024, {8, 64}), 0.02 * table[16]);  // x 14127: medium, short
  EXPECT_NEAR(table[32], first_order(2048, {64}), 0.02 * table[32]);     // x 56508: the short
  EXPECT_NEAR(table[60], first_order(3840, {64}), 0.02 * table[60]);     // the clip far above
  // Knot 0 is black itself: the spread of the compander's output for N(0, read) clamped at
  // zero, drawn here.
  std::mt19937 rng(1);
  std::normal_distribution<double> noise(0.0, std::sqrt(read));
  double sum = 0, sum2 = 0;
  const int draws = 400000;
  for (int i = 0; i < draws; ++i) {
    const double c = 4095 * std::sqrt(std::max(noise(rng), 0.0) / big_m);
    sum += c;
    sum2 += c * c;
  }
  const double spread = std::sqrt(sum2 / draws - (sum / draws) * (sum / draws));
  EXPECT_NEAR(table[0], spread, 0.02 * spread);
  // Black is noisier in companded codes than mid grey (read noise under the square root), the
  // short exposure's highlights far noisier (64 times the read noise, 8 times the shot noise).
  EXPECT_GT(table[0], 1.5 * table[6]);
  EXPECT_GT(table[32], 5 * table[6]);
  EXPECT_EQ(t.bayer_nr.strength, 2.0);
  EXPECT_EQ(t.gamma.input_power, 0.5);
  EXPECT_NEAR(t.gamma.headroom, 3531.0 * 64 / 3839, 1e-12);
  EXPECT_NO_THROW(encode_isp_tuning(t));
}

// At the highest gains the noise model outgrows the registers: they take their largest values
// rather than refuse the frame.
TEST(HdrTuning, NoiseBeyondTheRegistersSaturates) {
  IspTuning single = single_exposure();
  single.bayer_nr.shot = 300;   // 281 codes^2 per code of the raw: past u8.8
  single.bayer_nr.read = 5000;  // 4394 codes^2: past u12.4
  const IspTuning t = tuning_for_merge(single, {3, {8.0, 64.0}, 256, 4095});
  EXPECT_EQ(t.hdr_merge.shot, 65535 / 256.0);
  EXPECT_EQ(t.hdr_merge.read, 65535 / 16.0);
  EXPECT_NO_THROW(encode_isp_tuning(t));
  // The Bayer NR's table keeps the true model: twice the shot noise spreads it by about the
  // square root of two where shot noise rules.
  IspTuning noisier = single;
  noisier.bayer_nr.shot = 600;
  const IspTuning u = tuning_for_merge(noisier, {3, {8.0, 64.0}, 256, 4095});
  EXPECT_NEAR(u.bayer_nr.sigma_by_mean[32] / t.bayer_nr.sigma_by_mean[32], std::sqrt(2.0), 0.1);
  // A ratio past the merge's 20 bits: the range stops there.
  const IspTuning far = tuning_for_merge(single_exposure(), {3, {8.0, 400.0}, 256, 4095});
  EXPECT_EQ(far.hdr_merge.linear_max, ((1 << 24) - 1) / 16.0);
  EXPECT_NO_THROW(encode_isp_tuning(far));
}

TEST(HdrTuning, RefusesWhatTheMergeCannotTake) {
  EXPECT_THROW(tuning_for_merge(single_exposure(), {0, {8.0, 64.0}, 256, 4095}), FirmwareError);
  EXPECT_THROW(tuning_for_merge(single_exposure(), {4, {8.0, 64.0}, 256, 4095}), FirmwareError);
  const IspTuning t = tuning_for_merge(single_exposure(), {3, {0.5, 64.0}, 256, 4095});
  EXPECT_THROW(encode_isp_tuning(t), FirmwareError);  // a "later" exposure longer than the first
}

// A 14-bit dual-gain code (64 black, 15408 white): one exposure, its noise scaled by the codes'
// range over the 12-bit raw's (4x), its range to white, no highlight headroom.
TEST(HdrTuning, WideDualGainCodeIsCompandedToTwelveBits) {
  const IspTuning t = tuning_for_merge(single_exposure(), {1, {1.0, 1.0}, 64, 15408});
  const auto& m = t.hdr_merge;
  EXPECT_FALSE(m.bypass);
  EXPECT_EQ(m.exposures, 1);
  EXPECT_EQ(m.black, 64);
  EXPECT_EQ(m.linear_max, 15408 - 64);
  const double scale = std::round(4095.0 / 3839 * 4096) / 4096, to_input = 15344.0 / 3839;
  EXPECT_NEAR(m.shot, 0.5 / scale * to_input, 1e-12);
  EXPECT_NEAR(m.read, 3.0 / (scale * scale) * to_input * to_input, 1e-12);
  EXPECT_EQ(t.gamma.headroom, 1.0);
  EXPECT_NO_THROW(encode_isp_tuning(t));
  EXPECT_THROW(tuning_for_merge(single_exposure(), {1, {1.0, 1.0}, 64, 64}), FirmwareError);
}

TEST(HdrTuning, HighlightRolloffIsSmoothAndReachesWhiteAtTheHeadroom) {
  using blocks::Gamma;
  const double k = Gamma::kHighlightKnee, headroom = 60.0;
  EXPECT_EQ(Gamma::highlight_rolloff(0.3, headroom), 0.3);
  EXPECT_EQ(Gamma::highlight_rolloff(k, headroom), k);
  EXPECT_NEAR(Gamma::highlight_rolloff(headroom, headroom), 1.0, 1e-9);
  EXPECT_EQ(Gamma::highlight_rolloff(2 * headroom, headroom), 1.0);
  const double h = 1e-6;  // slope 1 on both sides of the knee
  EXPECT_NEAR((Gamma::highlight_rolloff(k + h, headroom) - k) / h, 1.0, 1e-3);
  double previous = 0;
  for (double linear = 0.01; linear <= headroom; linear *= 1.1) {
    const double y = Gamma::highlight_rolloff(linear, headroom);
    EXPECT_GT(y, previous) << linear;
    EXPECT_LE(y, linear + 1e-12) << linear;
    previous = y;
  }
  EXPECT_EQ(Gamma::highlight_rolloff(0.9, 1.0), 0.9);  // no headroom: identity
}

}  // namespace
}  // namespace ispsim::fw
