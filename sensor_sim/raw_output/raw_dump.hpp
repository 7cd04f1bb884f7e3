#pragma once
// Headerless raw dumps, as sensor bring-up tools and ISP test benches exchange them: the samples
// alone in one of three layouts, with a small JSON sidecar (`<file>.json`) that says how to read
// them. Layouts: 16-bit little-endian words, or MIPI CSI-2 RAW10 / RAW12 packing.
#include <array>
#include <string>

#include "model/image/image.hpp"

namespace ispsim::sensor {

enum class RawPacking {
  kU16Le,  // one little-endian 16-bit word per sample, rows back to back
  kRaw10,  // CSI-2 RAW10: 4 samples in 5 bytes; width a multiple of 4; bits must be 10
  kRaw12,  // CSI-2 RAW12: 2 samples in 3 bytes; width a multiple of 2; bits must be 12
};

// What the sidecar records besides the image size.
struct RawDumpFormat {
  int bits = 12;      // ADC depth, 8..16; every sample must fit it
  int cfa_phase = 0;  // as model/kernels/cfa.hpp: 0 RGGB, 1 GRBG, 2 GBRG, 3 BGGR
  RawPacking packing = RawPacking::kU16Le;
  std::array<double, 4> black_level{};  // R, Gr, Gb, B
  double white_level = 4095;
  bool quad_bayer = false;  // 2x2 blocks of one colour (mode full-quad), in the phase's order
  // What the shot was, as a DNG would carry it; 0 leaves a field out.
  double iso = 0;
  double exposure_s = 0;
  // Noise as DNG's NoiseProfile: variance = scale x signal + offset, both as fractions of
  // (white - black).
  double noise_scale = 0, noise_offset = 0;
};

// Bytes one row takes in the given packing.
size_t raw_dump_row_bytes(int width, RawPacking packing);
const char* packing_name(RawPacking packing);  // "u16le", "raw10", "raw12"

// Writes `raw` (1 channel) to `path` and the sidecar (format, width, height) to
// `path + ".json"`. Throws ispsim::ImageError naming the path
// and field on a multi-channel or empty image, a sample wider than `bits`, a bits/packing mismatch
// or a width the packing cannot hold; nothing is written then.
void write_raw_dump(const std::string& path, const Image16& raw, const RawDumpFormat& format);

// Reads a dump written by write_raw_dump, sized and unpacked as its sidecar says; `format`, if
// given, receives the sidecar. ImageError on a missing or malformed sidecar, one that contradicts
// itself (row_bytes, cfa_pattern) or holds impossible levels, or a file whose size does not
// match it.
Image16 read_raw_dump(const std::string& path, RawDumpFormat* format = nullptr);

}  // namespace ispsim::sensor
