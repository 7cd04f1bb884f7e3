#include <gtest/gtest.h>

#include <set>

#include "model/kernels/csi2.hpp"
#include "model/kernels/fixed_point.hpp"
#include "model/reference/reference_pipeline.hpp"
#include "testbench/test_frames.hpp"

namespace ispsim {
namespace {

TEST(Csi2Crc, MatchesTheSpecificationExamples) {
  // The two 24-byte payload examples of the MIPI CSI-2 specification and their CRCs.
  const uint8_t a[] = {0xFF, 0x00, 0x00, 0x02, 0xB9, 0xDC, 0xF3, 0x72, 0xBB, 0xD4, 0xB8, 0x5A,
                       0xC8, 0x75, 0xC2, 0x7C, 0x81, 0xF8, 0x05, 0xDF, 0xFF, 0x00, 0x00, 0x01};
  const uint8_t b[] = {0xFF, 0x00, 0x00, 0x00, 0x1E, 0xF0, 0x1E, 0xC7, 0x4F, 0x82, 0x78, 0xC5,
                       0x82, 0xE0, 0x8C, 0x70, 0xD2, 0x3C, 0x78, 0xE9, 0xFF, 0x00, 0x00, 0x01};
  EXPECT_EQ(csi2::payload_crc(a, sizeof a), 0x00F0);
  EXPECT_EQ(csi2::payload_crc(b, sizeof b), 0xE569);
}

TEST(Csi2Crc, SlicedCrcEqualsTheBytewiseCrcAtEveryLength) {
  const Image16 noise = test::random_raw(300, 1, 77, 255);
  std::vector<uint8_t> bytes(noise.samples().begin(), noise.samples().end());
  for (size_t length = 0; length <= bytes.size(); ++length)
    ASSERT_EQ(csi2::payload_crc(bytes.data(), length),
              csi2::payload_crc_bytewise(bytes.data(), length))
        << length;
}

TEST(Csi2Ecc, EverySingleBitErrorIsCorrected) {
  const auto packet = csi2::make_long_packet(1, csi2::kRaw12, std::vector<uint8_t>(4656, 7));
  for (int bit = 0; bit < 32; ++bit) {
    uint8_t header[4] = {packet[0], packet[1], packet[2], packet[3]};
    header[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
    EXPECT_EQ(csi2::check_and_correct_header(header), csi2::EccResult::kCorrected) << bit;
    EXPECT_TRUE(std::equal(header, header + 3, packet.begin())) << bit;
  }
}

TEST(Csi2Ecc, DoubleBitErrorsInTheDataAreNotMistakenForGoodHeaders) {
  const auto packet = csi2::make_short_packet(0, csi2::kFrameStart, 0x1234);
  int detected = 0, total = 0;
  for (int i = 0; i < 24; ++i)
    for (int j = i + 1; j < 24; ++j, ++total) {
      uint8_t header[4] = {packet[0], packet[1], packet[2], packet[3]};
      header[i / 8] ^= static_cast<uint8_t>(1u << (i % 8));
      header[j / 8] ^= static_cast<uint8_t>(1u << (j % 8));
      if (csi2::check_and_correct_header(header) != csi2::EccResult::kOk) ++detected;
    }
  EXPECT_EQ(detected, total);
}

TEST(Csi2Raw12, PackUnpackRoundTrip) {
  const Image16 raw = test::random_raw(64, 1, 5);
  std::vector<uint8_t> bytes(csi2::raw12_payload_bytes(64));
  csi2::pack_raw12(raw.data(), 64, bytes.data());
  std::vector<uint16_t> back(64);
  csi2::unpack_raw12(bytes.data(), 64, back.data());
  EXPECT_EQ(back, raw.samples());
  const uint16_t two[] = {0xABC, 0x123};
  uint8_t packed[3];
  csi2::pack_raw12(two, 2, packed);
  EXPECT_EQ(packed[0], 0xAB);
  EXPECT_EQ(packed[1], 0x12);
  EXPECT_EQ(packed[2], 0x3C);
}

TEST(FixedPoint, SignedFieldsRoundTrip) {
  EXPECT_EQ(fixed::sign_extend(fixed::to_signed(-1.5, 12, 16), 16), -6144);
  EXPECT_EQ(fixed::sign_extend(fixed::to_signed(100.0, 12, 16), 16), 32767);  // saturates
  EXPECT_EQ(fixed::to_unsigned(1.0, 12, 16), 4096u);
  EXPECT_EQ(fixed::round_shift(-3, 1), -1);
}

TEST(Demosaic, FlatGreyStaysFlatForEveryPhase) {
  Image16 raw(9, 7, 1, 1000);
  for (int phase = 0; phase < 4; ++phase) {
    const Image16 rgb = reference_demosaic(raw, {false, phase});
    for (auto s : rgb.samples())
      ASSERT_EQ(s, 1000) << phase;
  }
}

TEST(Demosaic, RecoversAColourFlatFieldExactly) {
  // A uniform colour sampled through the CFA: the MHC filters sum to 1 and their Laplacian
  // corrections vanish on flat channels, so every pixel gets the full colour back.
  for (int phase = 0; phase < 4; ++phase) {
    Image16 raw(12, 10, 1);
    const uint16_t colour[4] = {800, 2000, 2000, 300};  // R, Gr, Gb, B
    for (int y = 0; y < 10; ++y)
      for (int x = 0; x < 12; ++x)
        raw.at(x, y) = colour[cfa_colour(phase, x, y)];
    const Image16 rgb = reference_demosaic(raw, {false, phase});
    for (int y = 0; y < 10; ++y)
      for (int x = 0; x < 12; ++x) {
        ASSERT_EQ(rgb.at(x, y, 0), 800) << phase << " " << x << "," << y;
        ASSERT_EQ(rgb.at(x, y, 1), 2000);
        ASSERT_EQ(rgb.at(x, y, 2), 300);
      }
  }
}

TEST(BlackLevel, SubtractsAndRestoresFullScale) {
  BlackLevelParams p;
  p.level = {256, 256, 256, 256};
  p.norm_gain = 4369;  // 4095 / 3839 in u4.12
  EXPECT_EQ(black_level_sample(256, 256, p.norm_gain), 0);
  EXPECT_EQ(black_level_sample(100, 256, p.norm_gain), 0);
  EXPECT_EQ(black_level_sample(4095, 256, p.norm_gain), 4095);
}

TEST(Gamma, InterpolatesBetweenKnots) {
  GammaParams p;
  for (int i = 0; i < kGammaKnots; ++i)
    p.lut[i] = static_cast<uint16_t>(std::min(1023, i * 16));
  EXPECT_EQ(gamma_sample(0, p.lut), 0);
  EXPECT_EQ(gamma_sample(32, p.lut), 8);
  EXPECT_EQ(gamma_sample(4095, p.lut), 1023);
}

TEST(Nv12, ChromaIsTheRoundedMeanOfEachTwoByTwoBlock) {
  Image16 rgb(3, 3, 3);
  for (int y = 0; y < 3; ++y)
    for (int x = 0; x < 3; ++x)
      for (int c = 0; c < 3; ++c)
        rgb.at(x, y, c) = static_cast<uint16_t>(4 * (x + 3 * y + c));
  CscParams bypass;
  bypass.bypass = true;  // Y, Cb, Cr = G, B, R >> 2
  const Nv12Frame f = reference_rgb_to_nv12(rgb, bypass);
  ASSERT_EQ(f.chroma.size(), 8u);                   // 2 chroma pairs x 2 rows
  EXPECT_EQ(f.chroma[0], (2 + 3 + 5 + 6 + 2) / 4);  // Cb of block (0,0): B = x + 3y + 2
  EXPECT_EQ(f.chroma[2], (4 + 4 + 7 + 7 + 2) / 4);  // odd last column repeats itself
  EXPECT_EQ(f.chroma[4], (8 + 9 + 8 + 9 + 2) / 4);  // odd last row pairs with itself
}

TEST(ReferencePipeline, FusedRowScheduleEqualsWholeFrameStages) {
  IspParams p = test::typical_isp_params();
  p.black_level.level = {240, 250, 260, 270};  // a different level per CFA colour
  p.black_level.norm_gain = 4400;
  p.white_balance.gain = {7000, 4096, 4200, 6000};
  for (int i = 0; i < kGammaKnots; ++i)
    p.gamma.lut[i] = static_cast<uint16_t>(std::min(1023, i * 17));
  for (int phase = 0; phase < 4; ++phase) {
    p.black_level.cfa_phase = p.white_balance.cfa_phase = p.demosaic.cfa_phase = phase;
    const Image16 raw = test::random_raw(31, 17, 50 + phase);
    const Nv12Frame staged = reference_rgb_to_nv12(
        reference_gamma(
            reference_color_matrix(
                reference_demosaic(reference_white_balance(
                                       reference_black_level(raw, p.black_level), p.white_balance),
                                   p.demosaic),
                p.color_matrix),
            p.gamma),
        p.csc);
    EXPECT_TRUE(run_reference_pipeline(raw, p) == staged) << phase;
  }
}

TEST(Gamma, ExpandedTableEqualsTheInterpolatingKernel) {
  GammaParams p;
  for (int i = 0; i < kGammaKnots; ++i)
    p.lut[i] = static_cast<uint16_t>((i * 977) % 1024);  // not monotonic on purpose
  const GammaTable table = expand_gamma(p);
  for (int in = 0; in <= kRawMax; ++in)
    ASSERT_EQ(table[in], gamma_sample(static_cast<uint16_t>(in), p.lut)) << in;
  p.bypass = true;
  EXPECT_EQ(expand_gamma(p)[4095], 1023);
}

}  // namespace
}  // namespace ispsim
