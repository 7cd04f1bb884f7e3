#pragma once
// MIPI CSI-2 packet arithmetic shared by the sensor's transmitter and the SoC's receiver:
// packet header ECC (6-bit Hamming code over the 24 header bits, corrects one bit), payload
// CRC-16 (polynomial x^16 + x^12 + x^5 + 1, LSB first, seed 0xFFFF) and RAW12 packing.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/image/image.hpp"

namespace ispsim::csi2 {

enum DataType : uint8_t {
  kFrameStart = 0x00,
  kFrameEnd = 0x01,
  kLineStart = 0x02,
  kLineEnd = 0x03,
  kRaw10 = 0x2B,
  kRaw12 = 0x2C,
  kRaw14 = 0x2D,
};

constexpr bool is_short_packet(uint8_t data_type) {
  return data_type < 0x10;
}

uint8_t header_ecc(uint32_t header24);
uint16_t payload_crc(const uint8_t* bytes, size_t count);
uint16_t payload_crc_bytewise(const uint8_t* bytes, size_t count);  // one byte per step, for tests

enum class EccResult { kOk, kCorrected, kUncorrectable };
// Checks the 4-byte header in place; a single-bit error anywhere in it is corrected.
EccResult check_and_correct_header(uint8_t header[4]);

// RAW12: two pixels in three bytes (high 8 bits of each, then both low nibbles).
size_t raw12_payload_bytes(int pixels);
void pack_raw12(const uint16_t* pixels, int count, uint8_t* out);  // count must be even
void unpack_raw12(const uint8_t* bytes, int count, uint16_t* out);
// RAW10: four pixels in five bytes (high 8 bits of each, then the four 2-bit remainders).
size_t raw10_payload_bytes(int pixels);
void pack_raw10(const uint16_t* pixels, int count, uint8_t* out);  // count a multiple of 4
void unpack_raw10(const uint8_t* bytes, int count, uint16_t* out);

// RAW14: four pixels in seven bytes (high 8 bits of each, then the four 6-bit remainders).
size_t raw14_payload_bytes(int pixels);
void pack_raw14(const uint16_t* pixels, int count, uint8_t* out);  // count a multiple of 4
void unpack_raw14(const uint8_t* bytes, int count, uint16_t* out);

// The RAW data type for 10, 12 or 14 bits, and the packing helpers chosen by it; throw ModelError
// for any other depth or data type.
DataType raw_data_type(int bits);
int raw_bits(uint8_t data_type);  // 0 if `data_type` is not RAW10/12/14
size_t raw_payload_bytes(int bits, int pixels);
void pack_raw(int bits, const uint16_t* pixels, int count, uint8_t* out);
void unpack_raw(int bits, const uint8_t* bytes, int count, uint16_t* out);

// Shifts a sample between bit depths, left to widen and right (truncating) to narrow: the
// sensor's output formatter (ADC depth to link depth) and the receiver's input stage (link
// depth to the ISP's 12-bit raw domain) both do this.
constexpr uint16_t rescale_bits(uint16_t sample, int from_bits, int to_bits) {
  return static_cast<uint16_t>(from_bits >= to_bits ? sample >> (from_bits - to_bits)
                                                    : sample << (to_bits - from_bits));
}
constexpr int kIspRawBits = 12;
constexpr uint16_t to_isp_depth(uint16_t sample, int bits) {
  return rescale_bits(sample, bits, kIspRawBits);
}

// A sample as the receiver passes it: at the ISP's 12 bits, or at the link's `bits` when `wide`.
constexpr uint16_t receiver_sample(uint16_t sample, int bits, bool wide) {
  return wide ? sample : to_isp_depth(sample, bits);
}

// How many virtual channels the receiver forwards for its CTRL.CHANNELS field (0 reads as 1).
constexpr int forwarded_channels(uint32_t channels_field) {
  return channels_field == 0 ? 1 : static_cast<int>(channels_field);
}

// What the receiver hands the ISP of a frame's exposures (one per virtual channel, longest
// first): `count` of them from `first`, at the ISP's 12 bits (at the link's `bits` when `wide`),
// a channel each (interleaved).
Image16 receiver_output(const std::vector<Image16>& exposures, int first, int count, int bits,
                        bool wide = false);

// Whole packets as they cross the link (lane distribution and PHY are not modelled).
std::vector<uint8_t> make_short_packet(uint8_t virtual_channel, DataType type, uint16_t data);
std::vector<uint8_t> make_long_packet(uint8_t virtual_channel, DataType type,
                                      const std::vector<uint8_t>& payload);

struct PacketHeader {
  uint8_t virtual_channel;
  uint8_t data_type;
  uint16_t word_count;  // long packets: payload bytes; short packets: the data field
};
inline PacketHeader parse_header(const uint8_t header[4]) {
  return {static_cast<uint8_t>(header[0] >> 6), static_cast<uint8_t>(header[0] & 0x3F),
          static_cast<uint16_t>(header[1] | (header[2] << 8))};
}

}  // namespace ispsim::csi2
