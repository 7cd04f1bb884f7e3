// CSI-2 packet arithmetic: CRC, ECC and RAW12 packing against the specification.
#include <gtest/gtest.h>

#include <set>

#include "model/kernels/csi2.hpp"
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

}  // namespace
}  // namespace ispsim
