#pragma once
// A little-endian TIFF image file directory (IFD) built in memory: the part of a TIFF file that
// a DNG needs beyond libtiff's registered tags. Layout rules are TIFF 6.0 section 2 ("Image File
// Directory"): entries sorted by tag, 12 bytes each; a value of up to 4 bytes sits in the entry,
// a longer one elsewhere in the file at a word (even) offset.
#include <cstdint>
#include <string>
#include <vector>

namespace ispsim::sensor {

// TIFF 6.0 section 2, "Types" (field type codes used by the DNG writer).
enum TiffType : uint16_t {
  kTiffByte = 1,
  kTiffAscii = 2,
  kTiffShort = 3,
  kTiffLong = 4,
  kTiffRational = 5,
  kTiffUndefined = 7,
  kTiffSRational = 10,
  kTiffDouble = 12,
};

class TiffDirectory {
 public:
  void add_bytes(uint16_t tag, const std::vector<uint8_t>& values);
  void add_undefined(uint16_t tag, const std::vector<uint8_t>& values);
  void add_ascii(uint16_t tag, const std::string& text);  // a NUL is appended as TIFF requires
  void add_shorts(uint16_t tag, const std::vector<uint16_t>& values);
  void add_longs(uint16_t tag, const std::vector<uint32_t>& values);
  // Each value becomes the closest fraction whose terms fit the type (32-bit unsigned for
  // RATIONAL, signed for SRATIONAL), so 1/60 s or 0.25 are stored exactly. Values must be
  // finite and in range (the caller checks; out-of-range values are clamped).
  void add_rationals(uint16_t tag, const std::vector<double>& values);
  void add_srationals(uint16_t tag, const std::vector<double>& values);
  void add_doubles(uint16_t tag, const std::vector<double>& values);  // IEEE 754, little-endian

  // Bytes the directory and its out-of-line values take, padding included.
  uint32_t byte_size() const;
  // The directory placed at file offset `offset` (even), followed by its out-of-line values,
  // with a next-IFD offset of 0 (the only top-level directory, or a sub-IFD such as Exif's).
  // Throws std::logic_error on a repeated tag.
  std::vector<uint8_t> serialize(uint32_t offset) const;

 private:
  struct Entry {
    uint16_t tag;
    TiffType type;
    uint32_t count;
    std::vector<uint8_t> value;  // the value bytes as they appear in the file
  };
  void add(uint16_t tag, TiffType type, uint32_t count, std::vector<uint8_t> value);
  std::vector<Entry> entries_;
};

// Splits a value into numerator and denominator, each at most `limit` in magnitude, by the
// continued-fraction convergents of |value| (the best approximations for their denominator size).
struct Fraction {
  int64_t numerator;
  int64_t denominator;
};
Fraction to_fraction(double value, int64_t limit);

}  // namespace ispsim::sensor
