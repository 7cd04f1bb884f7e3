// DNG as the smallest file raw developers accept: IFD0 holds the CFA image itself (uncompressed
// 16-bit samples in one strip) and its DNG tags, with one Exif sub-IFD for the exposure settings.
// The DNG specification recommends, but does not require, a thumbnail in IFD0 (Adobe DNG
// Specification 1.4, "File Structure"); dcraw and LibRaw take the raw from whichever IFD has
// NewSubFileType 0, so leaving the thumbnail out keeps the writer small and the file the raw data
// plus its tags.
#include "sensor_sim/raw_output/dng_writer.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "model/common/error.hpp"
#include "model/kernels/cfa.hpp"
#include "sensor_sim/colour_matrix.hpp"
#include "sensor_sim/raw_output/tiff_directory.hpp"

namespace ispsim::sensor {
namespace {

// Tag numbers: TIFF 6.0 (baseline), TIFF/EP (ISO 12234-2) and Adobe DNG Specification 1.4.
enum Tag : uint16_t {
  kNewSubFileType = 254,
  kImageWidth = 256,
  kImageLength = 257,
  kBitsPerSample = 258,
  kCompression = 259,
  kPhotometricInterpretation = 262,
  kMake = 271,
  kModel = 272,
  kStripOffsets = 273,
  kOrientation = 274,
  kSamplesPerPixel = 277,
  kRowsPerStrip = 278,
  kStripByteCounts = 279,
  kPlanarConfiguration = 284,
  kSoftware = 305,
  kCfaRepeatPatternDim = 33421,  // TIFF/EP
  kCfaPattern = 33422,           // TIFF/EP
  kExifIfd = 34665,              // Exif 2.3: offset of the Exif IFD
  kDngVersion = 50706,
  kDngBackwardVersion = 50707,
  kUniqueCameraModel = 50708,
  kBlackLevelRepeatDim = 50713,
  kBlackLevel = 50714,
  kWhiteLevel = 50717,
  kColorMatrix1 = 50721,
  kAsShotNeutral = 50728,
  kCalibrationIlluminant1 = 50778,
  kNoiseProfile = 51041,
};

// Tags of the Exif IFD (Exif 2.3, "Exif IFD Attribute Information").
enum ExifTag : uint16_t {
  kExposureTime = 33434,
  kFNumber = 33437,
  kIsoSpeedRatings = 34855,
  kExifVersion = 36864,
  kFocalLength = 37386,
};

constexpr uint16_t kPhotometricCfa = 32803;  // TIFF/EP PhotometricInterpretation "CFA"
constexpr uint32_t kHeaderBytes = 8;         // "II", 42, offset of IFD0 (TIFF 6.0 section 2)

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw ImageError(path + ": DNG " + what);
}

std::string str(double v) {
  std::ostringstream s;
  s << v;
  return s.str();
}

// TIFF/EP CFAPattern colour codes: 0 red, 1 green, 2 blue.
uint8_t tiff_ep_colour(CfaColour c) {
  return c == kCfaR ? 0 : (c == kCfaB ? 2 : 1);
}

void check_text(const std::string& path, const char* field, const std::string& text) {
  for (char c : text) {
    // TIFF 6.0 ASCII: 7-bit bytes, NUL-terminated, so no NUL inside.
    if (c == '\0' || static_cast<unsigned char>(c) > 127) {
      fail(path, std::string(field) + " must be 7-bit ASCII without NUL characters");
    }
  }
}

void check_fields(const std::string& path, const DngRaw& d) {
  const Image16* raw = d.raw;
  if (raw == nullptr || raw->empty() || raw->width() <= 0 || raw->height() <= 0) {
    fail(path, "raw image is empty");
  }
  if (raw->channels() != 1) {
    fail(path, "raw image has " + std::to_string(raw->channels()) + " channels (a CFA has 1)");
  }
  if (d.bits_per_sample < 10 || d.bits_per_sample > 16) {
    fail(path, "bits_per_sample " + std::to_string(d.bits_per_sample) + " is outside 10..16");
  }
  if (d.cfa_phase < 0 || d.cfa_phase >= kCfaPhaseCount) {
    fail(path, "cfa_phase " + std::to_string(d.cfa_phase) + " is outside 0..3");
  }
  const double code_max = std::ldexp(1.0, d.bits_per_sample) - 1;
  for (int i = 0; i < 4; ++i) {
    const double black = d.black_level[i];
    if (!std::isfinite(black) || black < 0) {
      fail(path, "black_level[" + std::to_string(i) + "] " + str(black) + " is not >= 0");
    }
    if (!(d.white_level > black)) {
      fail(path, "white_level " + str(d.white_level) + " is not above black_level[" +
                     std::to_string(i) + "] " + str(black));
    }
  }
  if (!(d.noise_scale >= 0 && d.noise_offset >= 0 && std::isfinite(d.noise_scale) &&
        std::isfinite(d.noise_offset)))
    fail(path, "noise profile " + str(d.noise_scale) + ", " + str(d.noise_offset) +
                   " is not two finite values >= 0");
  // WhiteLevel is a SHORT or LONG (DNG 1.4, "WhiteLevel"): a whole number of DN.
  if (!(d.white_level <= code_max) || d.white_level != std::floor(d.white_level)) {
    fail(path, "white_level " + str(d.white_level) + " is not a whole number in 1.." +
                   str(code_max) + " for " + std::to_string(d.bits_per_sample) + " bits");
  }
  for (int y = 0; y < raw->height(); ++y) {
    const uint16_t* row = raw->row(y);
    for (int x = 0; x < raw->width(); ++x) {
      if (row[x] > code_max) {
        fail(path, "raw sample " + std::to_string(row[x]) + " at (" + std::to_string(x) + ", " +
                       std::to_string(y) + ") exceeds " + std::to_string(d.bits_per_sample) +
                       " bits");
      }
    }
  }
  double largest = 0;
  for (double v : d.color_matrix1) {
    if (!std::isfinite(v) || std::fabs(v) > 1e6) {
      fail(path, "color_matrix1 has an entry " + str(v) + " that is not a finite value");
    }
    largest = std::max(largest, std::fabs(v));
  }
  // Readers invert ColorMatrix1 to get camera -> XYZ (DNG 1.4, "Mapping Camera Color Space to
  // CIE XYZ Space"), so it must be regular.
  const double determinant = matrix3(d.color_matrix1).determinant();
  if (std::fabs(determinant) <= 1e-9 * largest * largest * largest || largest == 0) {
    fail(path, "color_matrix1 is singular (determinant " + str(determinant) + ")");
  }
  if (d.calibration_illuminant1 < 0 || d.calibration_illuminant1 > 255) {
    fail(path, "calibration_illuminant1 " + std::to_string(d.calibration_illuminant1) +
                   " is not an EXIF LightSource code (0..255)");
  }
  for (int c = 0; c < 3; ++c) {
    const double n = d.as_shot_neutral[c];
    if (!std::isfinite(n) || n <= 0 || n > 1e6) {
      fail(path, "as_shot_neutral[" + std::to_string(c) + "] " + str(n) + " is not positive");
    }
  }
  check_text(path, "make", d.make);
  check_text(path, "model", d.model);
  check_text(path, "unique_camera_model", d.unique_camera_model);
  // UniqueCameraModel is required in every DNG (DNG 1.4, "UniqueCameraModel").
  if (d.unique_camera_model.empty()) fail(path, "unique_camera_model is empty");
  const std::pair<const char*, double> exposure[] = {{"exposure_s", d.exposure_s},
                                                     {"f_number", d.f_number},
                                                     {"focal_length_mm", d.focal_length_mm}};
  for (const auto& [field, value] : exposure) {
    if (!std::isfinite(value) || value < 0 || value > 1e6) {
      fail(path, std::string(field) + " " + str(value) + " is not in 0..1e6");
    }
  }
  if (!(d.iso >= 0 && d.iso <= 65535)) {
    fail(path, "iso " + str(d.iso) + " is outside 0..65535 (ISOSpeedRatings is a SHORT)");
  }
}

// Exposure settings go in an Exif IFD: TIFF/EP also allows them in IFD0, but LibRaw 0.20 and
// dcraw read ISOSpeedRatings only from the Exif IFD, which is also where Exif readers look.
TiffDirectory exif_directory(const DngRaw& d) {
  TiffDirectory ifd;
  ifd.add_undefined(kExifVersion, {'0', '2', '3', '0'});  // mandatory in an Exif IFD
  if (d.exposure_s > 0) ifd.add_rationals(kExposureTime, {d.exposure_s});
  if (d.f_number > 0) ifd.add_rationals(kFNumber, {d.f_number});
  if (d.iso > 0) ifd.add_shorts(kIsoSpeedRatings, {static_cast<uint16_t>(std::lround(d.iso))});
  if (d.focal_length_mm > 0) ifd.add_rationals(kFocalLength, {d.focal_length_mm});
  return ifd;
}

// File offsets of the parts after IFD0; both sit in 4-byte entry fields, so IFD0's size does not
// depend on them and a first pass with zeros measures it.
struct Layout {
  uint32_t exif_offset = 0;
  uint32_t strip_offset = 0;
};

TiffDirectory dng_directory(const DngRaw& d, const Layout& layout) {
  const auto width = static_cast<uint32_t>(d.raw->width());
  const auto height = static_cast<uint32_t>(d.raw->height());
  TiffDirectory ifd;
  ifd.add_longs(kNewSubFileType, {0});  // 0: the full-resolution main image
  ifd.add_longs(kImageWidth, {width});
  ifd.add_longs(kImageLength, {height});
  // Samples are stored as 16-bit words whatever the ADC depth; WhiteLevel carries the range.
  ifd.add_shorts(kBitsPerSample, {16});
  ifd.add_shorts(kCompression, {1});  // uncompressed
  ifd.add_shorts(kPhotometricInterpretation, {kPhotometricCfa});
  if (!d.make.empty()) ifd.add_ascii(kMake, d.make);
  if (!d.model.empty()) ifd.add_ascii(kModel, d.model);
  ifd.add_longs(kStripOffsets, {layout.strip_offset});
  ifd.add_shorts(kOrientation, {1});  // rows top to bottom, columns left to right
  ifd.add_shorts(kSamplesPerPixel, {1});
  ifd.add_longs(kRowsPerStrip, {height});
  ifd.add_longs(kStripByteCounts, {width * height * 2});
  ifd.add_shorts(kPlanarConfiguration, {1});
  ifd.add_ascii(kSoftware, "ispsim");

  // The 2x2 colour tile in row-major order (TIFF/EP CFARepeatPatternDim is rows, columns).
  std::vector<uint8_t> pattern;
  std::vector<double> black;
  for (int y = 0; y < 2; ++y) {
    for (int x = 0; x < 2; ++x) {
      const CfaColour colour = cfa_colour(d.cfa_phase, x, y);
      pattern.push_back(tiff_ep_colour(colour));
      black.push_back(d.black_level[colour]);  // BlackLevel follows the same tile (DNG 1.4)
    }
  }
  ifd.add_shorts(kCfaRepeatPatternDim, {2, 2});
  ifd.add_bytes(kCfaPattern, pattern);
  ifd.add_longs(kExifIfd, {layout.exif_offset});

  ifd.add_bytes(kDngVersion, {1, 4, 0, 0});
  // Nothing here needs a reader newer than DNG 1.1 (all tags date from 1.0 or 1.1).
  ifd.add_bytes(kDngBackwardVersion, {1, 1, 0, 0});
  ifd.add_ascii(kUniqueCameraModel, d.unique_camera_model);
  ifd.add_shorts(kBlackLevelRepeatDim, {2, 2});
  ifd.add_rationals(kBlackLevel, black);  // RATIONAL keeps a fractional pedestal
  ifd.add_longs(kWhiteLevel, {static_cast<uint32_t>(d.white_level)});
  ifd.add_srationals(kColorMatrix1,
                     std::vector<double>(d.color_matrix1.begin(), d.color_matrix1.end()));
  ifd.add_rationals(kAsShotNeutral,
                    std::vector<double>(d.as_shot_neutral.begin(), d.as_shot_neutral.end()));
  ifd.add_shorts(kCalibrationIlluminant1, {static_cast<uint16_t>(d.calibration_illuminant1)});
  if (d.noise_scale > 0 || d.noise_offset > 0)
    ifd.add_doubles(kNoiseProfile, {d.noise_scale, d.noise_offset});
  return ifd;
}

}  // namespace

void write_dng(const std::string& path, const DngRaw& raw) {
  check_fields(path, raw);
  const uint64_t strip_bytes = static_cast<uint64_t>(raw.raw->width()) * raw.raw->height() * 2;
  const TiffDirectory exif = exif_directory(raw);
  Layout layout;
  layout.exif_offset = kHeaderBytes + dng_directory(raw, layout).byte_size();
  layout.strip_offset = layout.exif_offset + exif.byte_size();  // even: every part has even size
  // TIFF offsets and byte counts are 32-bit (TIFF 6.0 section 2).
  if (layout.strip_offset + strip_bytes > UINT32_MAX) {
    fail(path, "raw image of " + std::to_string(raw.raw->width()) + "x" +
                   std::to_string(raw.raw->height()) + " does not fit a 4 GiB TIFF");
  }
  std::vector<uint8_t> head = {'I', 'I', 42, 0, kHeaderBytes, 0, 0, 0};
  for (const std::vector<uint8_t>& part :
       {dng_directory(raw, layout).serialize(kHeaderBytes), exif.serialize(layout.exif_offset)}) {
    head.insert(head.end(), part.begin(), part.end());
  }

  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) fail(path, std::string("cannot open for writing: ") + std::strerror(errno));
  out.write(reinterpret_cast<const char*>(head.data()), static_cast<std::streamsize>(head.size()));
  std::vector<uint8_t> line(static_cast<size_t>(raw.raw->width()) * 2);
  for (int y = 0; y < raw.raw->height() && out; ++y) {
    const uint16_t* samples = raw.raw->row(y);
    for (int x = 0; x < raw.raw->width(); ++x) {  // little-endian whatever the host order
      line[2 * x] = static_cast<uint8_t>(samples[x] & 0xFF);
      line[2 * x + 1] = static_cast<uint8_t>(samples[x] >> 8);
    }
    out.write(reinterpret_cast<const char*>(line.data()),
              static_cast<std::streamsize>(line.size()));
  }
  out.close();
  if (!out) {
    const std::string reason = std::strerror(errno);
    std::remove(path.c_str());  // never leave a truncated DNG behind
    fail(path, "write failed: " + reason);
  }
}

}  // namespace ispsim::sensor
