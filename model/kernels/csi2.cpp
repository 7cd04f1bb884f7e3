#include "model/kernels/csi2.hpp"

#include <array>

#include "model/common/error.hpp"

namespace ispsim::csi2 {
namespace {

// Parity bit k covers the header data bits whose bit k is set in kEccColumn[bit]. Each data bit
// has a distinct column of weight >= 3, so a single-bit error's syndrome names the bit.
constexpr std::array<uint8_t, 24> kEccColumn = {0x07, 0x0B, 0x0D, 0x0E, 0x13, 0x15, 0x16, 0x19,
                                                0x1A, 0x1C, 0x23, 0x25, 0x26, 0x29, 0x2A, 0x2C,
                                                0x31, 0x32, 0x34, 0x38, 0x1F, 0x2F, 0x37, 0x3B};

// Slicing by 8: table[k][b] is the CRC register after byte b followed by k zero bytes, so eight
// bytes are folded in per step instead of one (the byte-serial loop is latency bound, and the
// CRC of every line is computed twice, at the transmitter and at the receiver).
using CrcTables = std::array<std::array<uint16_t, 256>, 8>;

CrcTables make_crc_tables() {
  CrcTables tables{};
  for (unsigned byte = 0; byte < 256; ++byte) {
    uint16_t crc = static_cast<uint16_t>(byte);
    for (int bit = 0; bit < 8; ++bit)
      crc = (crc & 1) ? (crc >> 1) ^ 0x8408 : crc >> 1;
    tables[0][byte] = crc;
  }
  for (int k = 1; k < 8; ++k)
    for (unsigned byte = 0; byte < 256; ++byte) {
      const uint16_t previous = tables[k - 1][byte];
      tables[k][byte] = static_cast<uint16_t>((previous >> 8) ^ tables[0][previous & 0xFF]);
    }
  return tables;
}

const CrcTables& crc_tables() {
  static const CrcTables tables = make_crc_tables();
  return tables;
}

}  // namespace

uint8_t header_ecc(uint32_t header24) {
  uint8_t ecc = 0;
  for (int bit = 0; bit < 24; ++bit)
    if ((header24 >> bit) & 1u) ecc ^= kEccColumn[bit];
  return ecc;
}

EccResult check_and_correct_header(uint8_t header[4]) {
  const uint32_t data = header[0] | (header[1] << 8) | (header[2] << 16);
  const uint8_t syndrome = static_cast<uint8_t>((header_ecc(data) ^ header[3]) & 0x3F);
  if (syndrome == 0 && (header[3] & 0xC0) == 0) return EccResult::kOk;
  if (syndrome == 0) {  // only the two unused ECC bits flipped
    header[3] &= 0x3F;
    return EccResult::kCorrected;
  }
  if ((syndrome & (syndrome - 1)) == 0) {  // one parity bit flipped
    header[3] ^= syndrome;
    return EccResult::kCorrected;
  }
  for (int bit = 0; bit < 24; ++bit) {
    if (kEccColumn[bit] == syndrome) {
      header[bit / 8] ^= static_cast<uint8_t>(1u << (bit % 8));
      return EccResult::kCorrected;
    }
  }
  return EccResult::kUncorrectable;
}

uint16_t payload_crc_bytewise(const uint8_t* bytes, size_t count) {
  const auto& t = crc_tables();
  uint16_t crc = 0xFFFF;
  for (size_t i = 0; i < count; ++i)
    crc = (crc >> 8) ^ t[0][(crc ^ bytes[i]) & 0xFF];
  return crc;
}

uint16_t payload_crc(const uint8_t* bytes, size_t count) {
  const auto& t = crc_tables();
  uint16_t crc = 0xFFFF;
  size_t i = 0;
  for (; i + 8 <= count; i += 8) {
    const uint8_t* b = bytes + i;
    const uint16_t low = static_cast<uint16_t>(crc ^ (b[0] | (b[1] << 8)));
    crc = static_cast<uint16_t>(t[7][low & 0xFF] ^ t[6][low >> 8] ^ t[5][b[2]] ^ t[4][b[3]] ^
                                t[3][b[4]] ^ t[2][b[5]] ^ t[1][b[6]] ^ t[0][b[7]]);
  }
  for (; i < count; ++i)
    crc = (crc >> 8) ^ t[0][(crc ^ bytes[i]) & 0xFF];
  return crc;
}

size_t raw12_payload_bytes(int pixels) {
  return static_cast<size_t>(pixels) * 3 / 2;
}

void pack_raw12(const uint16_t* pixels, int count, uint8_t* out) {
  if (count % 2 != 0)
    throw ModelError("CSI-2 RAW12 needs an even number of pixels per line, got " +
                     std::to_string(count));
  for (int i = 0; i < count; i += 2) {
    const uint16_t p0 = pixels[i] & 0xFFF, p1 = pixels[i + 1] & 0xFFF;
    *out++ = static_cast<uint8_t>(p0 >> 4);
    *out++ = static_cast<uint8_t>(p1 >> 4);
    *out++ = static_cast<uint8_t>(((p1 & 0xF) << 4) | (p0 & 0xF));
  }
}

void unpack_raw12(const uint8_t* bytes, int count, uint16_t* out) {
  for (int i = 0; i + 1 < count; i += 2, bytes += 3) {
    out[i] = static_cast<uint16_t>((bytes[0] << 4) | (bytes[2] & 0xF));
    out[i + 1] = static_cast<uint16_t>((bytes[1] << 4) | (bytes[2] >> 4));
  }
}

size_t raw10_payload_bytes(int pixels) {
  return static_cast<size_t>(pixels) * 5 / 4;
}

void pack_raw10(const uint16_t* pixels, int count, uint8_t* out) {
  if (count % 4 != 0)
    throw ModelError("CSI-2 RAW10 needs a multiple of 4 pixels per line, got " +
                     std::to_string(count));
  for (int x = 0; x < count; x += 4, out += 5) {
    out[4] = 0;
    for (int i = 0; i < 4; ++i) {
      const uint16_t p = pixels[x + i] & 0x3FF;
      out[i] = static_cast<uint8_t>(p >> 2);
      out[4] |= static_cast<uint8_t>((p & 0x3) << (2 * i));
    }
  }
}

void unpack_raw10(const uint8_t* bytes, int count, uint16_t* out) {
  for (int x = 0; x + 3 < count; x += 4, bytes += 5)
    for (int i = 0; i < 4; ++i)
      out[x + i] = static_cast<uint16_t>((bytes[i] << 2) | ((bytes[4] >> (2 * i)) & 0x3));
}

size_t raw14_payload_bytes(int pixels) {
  return static_cast<size_t>(pixels) * 7 / 4;
}

void pack_raw14(const uint16_t* pixels, int count, uint8_t* out) {
  if (count % 4 != 0)
    throw ModelError("CSI-2 RAW14 needs a multiple of 4 pixels per line, got " +
                     std::to_string(count));
  for (int x = 0; x < count; x += 4, out += 7) {
    uint32_t low_bits = 0;  // the four 6-bit remainders, first pixel in the lowest bits
    for (int i = 0; i < 4; ++i) {
      const uint16_t p = pixels[x + i] & 0x3FFF;
      out[i] = static_cast<uint8_t>(p >> 6);
      low_bits |= static_cast<uint32_t>(p & 0x3F) << (6 * i);
    }
    out[4] = static_cast<uint8_t>(low_bits);
    out[5] = static_cast<uint8_t>(low_bits >> 8);
    out[6] = static_cast<uint8_t>(low_bits >> 16);
  }
}

void unpack_raw14(const uint8_t* bytes, int count, uint16_t* out) {
  for (int x = 0; x + 3 < count; x += 4, bytes += 7) {
    const uint32_t low_bits = bytes[4] | (bytes[5] << 8) | (bytes[6] << 16);
    for (int i = 0; i < 4; ++i)
      out[x + i] = static_cast<uint16_t>((bytes[i] << 6) | ((low_bits >> (6 * i)) & 0x3F));
  }
}

DataType raw_data_type(int bits) {
  switch (bits) {
    case 10:
      return kRaw10;
    case 12:
      return kRaw12;
    case 14:
      return kRaw14;
  }
  throw ModelError("CSI-2 has no RAW data type for " + std::to_string(bits) +
                   "-bit pixels here (10, 12 or 14)");
}

int raw_bits(uint8_t data_type) {
  switch (data_type) {
    case kRaw10:
      return 10;
    case kRaw12:
      return 12;
    case kRaw14:
      return 14;
  }
  return 0;
}

size_t raw_payload_bytes(int bits, int pixels) {
  switch (raw_data_type(bits)) {
    case kRaw10:
      return raw10_payload_bytes(pixels);
    case kRaw14:
      return raw14_payload_bytes(pixels);
    default:
      return raw12_payload_bytes(pixels);
  }
}

void pack_raw(int bits, const uint16_t* pixels, int count, uint8_t* out) {
  switch (raw_data_type(bits)) {
    case kRaw10:
      return pack_raw10(pixels, count, out);
    case kRaw14:
      return pack_raw14(pixels, count, out);
    default:
      return pack_raw12(pixels, count, out);
  }
}

void unpack_raw(int bits, const uint8_t* bytes, int count, uint16_t* out) {
  switch (raw_data_type(bits)) {
    case kRaw10:
      return unpack_raw10(bytes, count, out);
    case kRaw14:
      return unpack_raw14(bytes, count, out);
    default:
      return unpack_raw12(bytes, count, out);
  }
}

namespace {
void append_header(std::vector<uint8_t>& packet, uint8_t virtual_channel, DataType type,
                   uint16_t word) {
  const uint8_t data_id = static_cast<uint8_t>(((virtual_channel & 3) << 6) | (type & 0x3F));
  packet.push_back(data_id);
  packet.push_back(static_cast<uint8_t>(word & 0xFF));
  packet.push_back(static_cast<uint8_t>(word >> 8));
  packet.push_back(header_ecc(data_id | (word << 8)));
}
}  // namespace

std::vector<uint8_t> make_short_packet(uint8_t virtual_channel, DataType type, uint16_t data) {
  std::vector<uint8_t> packet;
  append_header(packet, virtual_channel, type, data);
  return packet;
}

std::vector<uint8_t> make_long_packet(uint8_t virtual_channel, DataType type,
                                      const std::vector<uint8_t>& payload) {
  if (payload.size() > 0xFFFF)
    throw ModelError("CSI-2 long packet payload of " + std::to_string(payload.size()) +
                     " bytes exceeds the 16-bit word count");
  std::vector<uint8_t> packet;
  packet.reserve(payload.size() + 6);
  append_header(packet, virtual_channel, type, static_cast<uint16_t>(payload.size()));
  packet.insert(packet.end(), payload.begin(), payload.end());
  const uint16_t crc = payload_crc(payload.data(), payload.size());
  packet.push_back(static_cast<uint8_t>(crc & 0xFF));
  packet.push_back(static_cast<uint8_t>(crc >> 8));
  return packet;
}

Image16 receiver_output(const std::vector<Image16>& exposures, int first, int count, int bits,
                        bool wide) {
  const Image16& longest = exposures.at(static_cast<size_t>(first));
  Image16 out(longest.width(), longest.height(), count);
  uint16_t* to = out.samples().data();
  const size_t pixels = static_cast<size_t>(longest.width()) * longest.height();
  for (int k = 0; k < count; ++k) {
    const uint16_t* from = exposures.at(static_cast<size_t>(first + k)).samples().data();
    for (size_t i = 0; i < pixels; ++i)
      to[i * count + k] = receiver_sample(from[i], bits, wide);
  }
  return out;
}

}  // namespace ispsim::csi2
