#include "sensor_sim/raw_output/tiff_directory.hpp"

#include <cstring>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace ispsim::sensor {
namespace {

void put_u16(std::vector<uint8_t>& out, uint16_t v) {
  out.push_back(static_cast<uint8_t>(v & 0xFF));
  out.push_back(static_cast<uint8_t>(v >> 8));
}

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int shift = 0; shift < 32; shift += 8)
    out.push_back(static_cast<uint8_t>(v >> shift));
}

// 2 bytes count, 12 per entry, 4 for the next-IFD offset (TIFF 6.0 section 2).
uint32_t directory_bytes(size_t entries) {
  return static_cast<uint32_t>(2 + 12 * entries + 4);
}

uint32_t even(uint32_t n) {
  return n + (n & 1);
}

template <typename T>
uint32_t count_of(const std::vector<T>& values) {
  return static_cast<uint32_t>(values.size());
}

}  // namespace

Fraction to_fraction(double value, int64_t limit) {
  const bool negative = value < 0;
  double x = std::fabs(value);
  if (!(x <= static_cast<double>(limit))) return {negative ? -limit : limit, 1};  // clamp (or NaN)
  // Convergents h/k of the continued fraction [a0; a1, a2, ...]: h(n) = a(n) h(n-1) + h(n-2).
  int64_t h_prev = 0, h = 1, k_prev = 1, k = 0;
  for (int term = 0; term < 64; ++term) {
    const double a = std::floor(x);
    if (a > static_cast<double>(limit)) break;
    const auto ai = static_cast<int64_t>(a);
    const int64_t h_next = ai * h + h_prev, k_next = ai * k + k_prev;
    if (h_next > limit || k_next > limit) break;
    h_prev = std::exchange(h, h_next);
    k_prev = std::exchange(k, k_next);
    const double remainder = x - a;
    if (remainder < 1e-15) break;
    x = 1 / remainder;
  }
  if (k == 0) return {0, 1};  // below 1/limit: the first convergent already overflowed
  return {negative ? -h : h, k};
}

void TiffDirectory::add(uint16_t tag, TiffType type, uint32_t count, std::vector<uint8_t> value) {
  entries_.push_back({tag, type, count, std::move(value)});
}

void TiffDirectory::add_bytes(uint16_t tag, const std::vector<uint8_t>& values) {
  add(tag, kTiffByte, static_cast<uint32_t>(values.size()), values);
}

void TiffDirectory::add_undefined(uint16_t tag, const std::vector<uint8_t>& values) {
  add(tag, kTiffUndefined, static_cast<uint32_t>(values.size()), values);
}

// Each adder takes the count before moving the bytes: argument evaluation order is unspecified.
void TiffDirectory::add_ascii(uint16_t tag, const std::string& text) {
  std::vector<uint8_t> bytes(text.begin(), text.end());
  bytes.push_back(0);
  const auto count = static_cast<uint32_t>(bytes.size());
  add(tag, kTiffAscii, count, std::move(bytes));
}

void TiffDirectory::add_shorts(uint16_t tag, const std::vector<uint16_t>& values) {
  std::vector<uint8_t> bytes;
  for (uint16_t v : values)
    put_u16(bytes, v);
  add(tag, kTiffShort, count_of(values), std::move(bytes));
}

void TiffDirectory::add_longs(uint16_t tag, const std::vector<uint32_t>& values) {
  std::vector<uint8_t> bytes;
  for (uint32_t v : values)
    put_u32(bytes, v);
  add(tag, kTiffLong, count_of(values), std::move(bytes));
}

void TiffDirectory::add_rationals(uint16_t tag, const std::vector<double>& values) {
  std::vector<uint8_t> bytes;
  for (double v : values) {
    const Fraction f = to_fraction(std::max(v, 0.0), UINT32_MAX);
    put_u32(bytes, static_cast<uint32_t>(f.numerator));
    put_u32(bytes, static_cast<uint32_t>(f.denominator));
  }
  add(tag, kTiffRational, count_of(values), std::move(bytes));
}

void TiffDirectory::add_doubles(uint16_t tag, const std::vector<double>& values) {
  std::vector<uint8_t> bytes;
  for (double v : values) {
    uint64_t bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    put_u32(bytes, static_cast<uint32_t>(bits));
    put_u32(bytes, static_cast<uint32_t>(bits >> 32));
  }
  add(tag, kTiffDouble, count_of(values), std::move(bytes));
}

void TiffDirectory::add_srationals(uint16_t tag, const std::vector<double>& values) {
  std::vector<uint8_t> bytes;
  for (double v : values) {
    const Fraction f = to_fraction(v, INT32_MAX);
    put_u32(bytes, static_cast<uint32_t>(static_cast<int32_t>(f.numerator)));
    put_u32(bytes, static_cast<uint32_t>(f.denominator));
  }
  add(tag, kTiffSRational, count_of(values), std::move(bytes));
}

uint32_t TiffDirectory::byte_size() const {
  uint32_t size = directory_bytes(entries_.size());
  for (const Entry& e : entries_) {
    if (e.value.size() > 4) size += even(static_cast<uint32_t>(e.value.size()));
  }
  return size;
}

std::vector<uint8_t> TiffDirectory::serialize(uint32_t offset) const {
  std::vector<const Entry*> sorted;
  for (const Entry& e : entries_)
    sorted.push_back(&e);
  // TIFF 6.0: "The entries in an IFD must be sorted in ascending order by Tag."
  std::sort(sorted.begin(), sorted.end(),
            [](const Entry* a, const Entry* b) { return a->tag < b->tag; });
  for (size_t i = 1; i < sorted.size(); ++i) {
    if (sorted[i]->tag == sorted[i - 1]->tag) {
      throw std::logic_error("TIFF tag " + std::to_string(sorted[i]->tag) + " added twice");
    }
  }
  std::vector<uint8_t> out, values;
  put_u16(out, static_cast<uint16_t>(sorted.size()));
  const uint32_t values_offset = offset + directory_bytes(sorted.size());
  for (const Entry* e : sorted) {
    put_u16(out, e->tag);
    put_u16(out, e->type);
    put_u32(out, e->count);
    if (e->value.size() <= 4) {
      // Left-justified in the 4-byte value field, padded with zeros.
      std::vector<uint8_t> field = e->value;
      field.resize(4, 0);
      out.insert(out.end(), field.begin(), field.end());
    } else {
      put_u32(out, values_offset + static_cast<uint32_t>(values.size()));
      values.insert(values.end(), e->value.begin(), e->value.end());
      if (values.size() & 1) values.push_back(0);  // next value starts on a word boundary
    }
  }
  put_u32(out, 0);  // no further IFD
  out.insert(out.end(), values.begin(), values.end());
  return out;
}

}  // namespace ispsim::sensor
