// The Bayer noise reduction's firmware: the encoder's formats and errors, the noise model by
// gain (power laws worked by hand), the strength table, and the noise measurement on flat
// fields of known noise.
#include "firmware/blocks/bayer_nr/bayer_nr.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "firmware/hal.hpp"
#include "model/regmap/regmap.hpp"

namespace ispsim::fw::blocks {
namespace {

namespace isp = regs::isp;

TEST(BayerNrEncoder, ModelAndStrengthInTheirFormats) {
  BayerNr::Tuning tuning;
  tuning.shot = 2.5;
  tuning.read = 300.4;
  tuning.strength = 3.0;
  RegisterWrites writes;
  BayerNr::encode(tuning, writes);
  ASSERT_EQ(writes.size(), 4u);
  EXPECT_EQ(writes[1].address, isp::BNR_SHOT);
  EXPECT_EQ(writes[1].value, 640u);  // u8.8
  EXPECT_EQ(writes[2].value, 300u);
  EXPECT_EQ(writes[3].value, 96u);  // u3.5
  for (const auto& [field, bad] : {std::pair{"bayer_nr.shot", 256.0},
                                   {"bayer_nr.read", -1.0},
                                   {"bayer_nr.strength", 8.0},
                                   {"bayer_nr.shot", std::nan("")}}) {
    BayerNr::Tuning t;
    if (std::string(field) == "bayer_nr.shot") t.shot = bad;
    if (std::string(field) == "bayer_nr.read") t.read = bad;
    if (std::string(field) == "bayer_nr.strength") t.strength = bad;
    try {
      BayerNr::encode(t, writes);
      ADD_FAILURE() << field << " = " << bad << " accepted";
    } catch (const FirmwareError& e) {
      EXPECT_NE(std::string(e.what()).find(field), std::string::npos) << e.what();
    }
  }
}

TEST(NoiseModelByGain, ShotGrowsAsTheGainReadAsItsSquare) {
  const std::vector<NoiseModel> table = {{1, 0.12, 0.8}, {16, 1.92, 204.8}};
  const NoiseModel at4 = noise_model_for_gain(table, 4);  // between: the power laws exactly
  EXPECT_NEAR(at4.shot, 0.48, 1e-12);
  EXPECT_NEAR(at4.read, 12.8, 1e-9);
  const NoiseModel at64 = noise_model_for_gain(table, 64);  // beyond: scaled from 16
  EXPECT_NEAR(at64.shot, 7.68, 1e-12);
  EXPECT_NEAR(at64.read, 3276.8, 1e-9);
  EXPECT_NEAR(noise_model_for_gain(table, 0.5).shot, 0.06, 1e-12);
  EXPECT_THROW(noise_model_for_gain({}, 1), FirmwareError);
  EXPECT_THROW(noise_model_for_gain(table, 0), FirmwareError);
}

TEST(BayerNrTuning, NoiseCarriedThroughTheInputScaleAndStrengthByGain) {
  const std::vector<NoiseModel> table = {{1, 0.12, 0.8}, {16, 1.92, 204.8}};
  const BayerNr::Tuning t = BayerNr::tuning_for(table, 4, 1.5);
  EXPECT_NEAR(t.shot, 0.48 * 1.5, 1e-12);  // shot x scale: the signal and its variance scale
  EXPECT_NEAR(t.read, 12.8 * 2.25, 1e-9);  // read x scale^2
  EXPECT_NEAR(t.strength, 3.5, 1e-12);     // halfway in log gain from 2 sigmas (1) to 5 (16)
  EXPECT_FALSE(t.wide);
  // From gain 16 on: the wide window at 0.8 of the strength (gain 32: halfway in log gain
  // from 5 sigmas at 16 to 7.9 at 128 is a third of the way, 5.967).
  const BayerNr::Tuning high = BayerNr::tuning_for(table, 32, 1.5);
  EXPECT_TRUE(high.wide);
  EXPECT_NEAR(high.strength, 0.8 * (5.0 + (7.9 - 5.0) / 3.0), 1e-12);
  EXPECT_TRUE(BayerNr::tuning_for(table, 16, 1.5).wide);
  EXPECT_FALSE(BayerNr::tuning_for(table, 15.9, 1.5).wide);
  EXPECT_FALSE(t.bypass);
}

TEST(StrengthByGain, LinearInLogGain) {
  const std::vector<std::pair<double, double>> table = {{1, 1.0}, {16, 3.0}, {64, 4.0}};
  EXPECT_DOUBLE_EQ(strength_for_gain(table, 0.5), 1.0);
  EXPECT_NEAR(strength_for_gain(table, 4), 2.0, 1e-12);  // halfway in log between 1 and 16
  EXPECT_NEAR(strength_for_gain(table, 32), 3.5, 1e-12);
  EXPECT_DOUBLE_EQ(strength_for_gain(table, 1000), 4.0);
}

// Two frames of a flat field whose noise variance is shot x mean + read, with a fixed pattern
// (the same in both) that the difference must cancel.
TEST(FlatNoise, MeasuresTheModelThroughTwoLevels) {
  const double shot = 0.5, read = 9.0, black = 64;
  std::mt19937 rng(1);
  std::normal_distribution<double> unit(0.0, 1.0);
  std::vector<NoiseSample> samples;
  for (const double level : {300.0, 2000.0}) {
    std::vector<double> pattern(128 * 96);
    for (auto& p : pattern)
      p = 0.02 * level * unit(rng);
    std::vector<uint16_t> frames[2];
    for (auto& f : frames)
      for (int i = 0; i < 128 * 96; ++i)
        f.push_back(uint16_t(std::lround(black + level + pattern[size_t(i)] +
                                         std::sqrt(shot * level + read) * unit(rng))));
    const RawView a{frames[0].data(), 128, 96, 0, black, 4095};
    const RawView b{frames[1].data(), 128, 96, 0, black, 4095};
    samples.push_back(measure_flat_noise(a, b));
    EXPECT_NEAR(samples.back().mean, level, 0.01 * level);
    EXPECT_NEAR(samples.back().variance, shot * level + read, 0.1 * (shot * level + read));
  }
  const NoiseModel m = fit_noise_model(samples, 1.0);
  EXPECT_NEAR(m.shot, shot, 0.1 * shot);
  EXPECT_NEAR(m.read, read, 40.0);  // the intercept is the least certain part
  EXPECT_THROW(fit_noise_model({samples[0]}, 1.0), FirmwareError);
}

}  // namespace
}  // namespace ispsim::fw::blocks
