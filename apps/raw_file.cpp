#include "apps/raw_file.hpp"

#include <libraw/libraw.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <memory>

#include "model/common/error.hpp"
#include "model/image/tiff_file.hpp"
#include "model/kernels/cfa.hpp"
#include "model/kernels/csi2.hpp"
#include "sensor_sim/colour_matrix.hpp"
#include "sensor_sim/raw_output/raw_dump.hpp"

namespace ispsim::app {
namespace {

constexpr unsigned kNoiseProfileTag = 51041;  // DNG 1.3

[[noreturn]] void refuse(const std::string& path, const std::string& reason) {
  throw ModelError("--raw " + path + ": " + reason);
}

// TIFF's byte-order mark and magic number: DNG and most camera raws begin with one.
bool starts_like_tiff(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char head[4] = {};
  in.read(head, 4);
  return in && ((head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0) ||
                (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42));
}

// Bits of the file's white level: the depth its samples are brought from.
int bits_of(double white) {
  int bits = 1;
  while (bits < 16 && std::ldexp(1.0, bits) - 1 < white)
    ++bits;
  return bits;
}

// Samples, levels and depth to the ISP's 12 bits, shifted as the CSI-2 receiver brings RAW10
// and RAW14 lines (samples above the white level's depth clip at 4095).
void to_isp_depth(RawFile& file) {
  const int below_white = (1 << file.source_bits) - 1;
  for (auto& sample : file.raw.samples())
    sample = csi2::to_isp_depth(std::min<uint16_t>(sample, below_white), file.source_bits);
  const int shift = file.source_bits - csi2::kIspRawBits;
  for (double& level : file.black)
    level = std::ldexp(level, -shift);
  file.white = std::min(4095.0, std::floor(std::ldexp(file.white, -shift)));
}

void check_size(const std::string& path, int width, int height, int max_width, int min_size) {
  if (width > max_width)
    refuse(path, std::to_string(width) + " pixels wide, more than the ISP's " +
                     std::to_string(max_width) + "-pixel lines");
  if (width < min_size || height < min_size)
    refuse(path, std::to_string(width) + "x" + std::to_string(height) +
                     " is smaller than the ISP's " + std::to_string(min_size) + "x" +
                     std::to_string(min_size) + " minimum");
  if (height > 65535) refuse(path, std::to_string(height) + " lines, more than 65535");
}

// CFA phase from LibRaw's colours of the top-left quad (0 R, 1 G, 2 B, 3 second G); refuses a
// pattern that is not a 2x2 Bayer tile.
int bayer_phase(LibRaw& raw, const std::string& path) {
  const auto colour = [&](int row, int col) {
    const int c = raw.COLOR(row, col);
    return c == 3 ? 1 : c;
  };
  const int c00 = colour(0, 0), c01 = colour(0, 1);
  const int phase = c00 == 0 ? 0 : c00 == 2 ? 3 : (c01 == 0 ? 1 : 2);
  // LibRaw's colour (R 0, G 1, B 2) of each of our CFA slots (R, Gr, Gb, B).
  constexpr int kLibRawColour[4] = {0, 1, 1, 2};
  for (int row = 0; row < 6; ++row)
    for (int col = 0; col < 6; ++col)
      if (colour(row, col) != kLibRawColour[cfa_colour(phase, col, row)])
        refuse(path, "its colour filter pattern is not a 2x2 Bayer tile");
  return phase;
}

// DNG NoiseProfile, which LibRaw does not read: one (scale, offset) pair for all planes or one
// per plane (green's taken, the plane the noise reduction's model follows).
std::optional<std::array<double, 2>> noise_profile(const std::string& path) {
  TiffMessages messages;
  TiffPtr tiff;
  try {
    tiff = open_tiff(path, "r", messages);
  } catch (const ImageError&) {
    return std::nullopt;  // not TIFF-based: no DNG tags
  }
  uint32_t count = 0;
  double* values = nullptr;
  if (TIFFGetField(tiff.get(), kNoiseProfileTag, &count, &values) != 1 || values == nullptr ||
      count < 2 || count % 2 != 0)
    return std::nullopt;
  const uint32_t pair = count >= 6 ? 1 : 0;
  const std::array<double, 2> profile{values[2 * pair], values[2 * pair + 1]};
  if (!(profile[0] >= 0 && profile[1] >= 0 && std::isfinite(profile[0] + profile[1])))
    return std::nullopt;
  return profile;
}

// LibRaw's data errors (a short read, bad compressed data): kept for the message instead of
// printed to stderr.
void keep_data_error(void* data, const char*, int offset) {
  auto* text = static_cast<std::string*>(data);
  if (text->empty())
    *text = offset < 0 ? "unexpected end of file" : "bad data at byte " + std::to_string(offset);
}

RawFile read_with_libraw(const std::string& path, int max_width, int min_size) {
  auto raw = std::make_unique<LibRaw>();  // large inline buffers: not on the stack
  std::string data_error;
  raw->set_dataerror_handler(keep_data_error, &data_error);
  int rc = raw->open_file(path.c_str());
  if (rc != LIBRAW_SUCCESS)
    refuse(path, std::string("LibRaw cannot read it (") + libraw_strerror(rc) + ")" +
                     (starts_like_tiff(path) ? ""
                                             : "; nor is it an ispsim raw dump, which has its "
                                               "FILE.json sidecar beside it"));
  const libraw_iparams_t& id = raw->imgdata.idata;
  if (id.filters == 0 || id.colors != 3)
    refuse(path, "not a Bayer raw (LibRaw finds " + std::to_string(id.colors) +
                     " colours per pixel" + (id.filters == 0 ? ", no colour filter array" : "") +
                     "): the ISP takes one CFA sample per pixel");
  if (id.filters < 1000) refuse(path, "its colour filter array is not Bayer (X-Trans or other)");
  const libraw_image_sizes_t& size = raw->imgdata.sizes;
  check_size(path, size.width, size.height, max_width, min_size);
  rc = raw->unpack();
  if (!data_error.empty())
    refuse(path, "truncated or damaged raw data (LibRaw: " + data_error + ")");
  if (rc != LIBRAW_SUCCESS)
    refuse(path, std::string("LibRaw cannot unpack its raw data (") + libraw_strerror(rc) + ")");
  if (raw->imgdata.rawdata.raw_image == nullptr)
    refuse(path, "not a Bayer raw (LibRaw unpacks it as full-colour pixels)");
  if (raw->imgdata.process_warnings & LIBRAW_WARN_PARSEFUJI_PROCESSED)
    refuse(path, "a Fuji layout the ISP cannot take");

  RawFile file;
  file.kind = id.dng_version != 0 ? "DNG" : std::string(id.make) + " " + id.model;
  file.cfa_phase = bayer_phase(*raw, path);
  const libraw_colordata_t& c = raw->imgdata.color;
  file.white = c.maximum > 0 ? c.maximum : c.data_maximum;
  if (!(file.white > 0)) refuse(path, "no white level");
  file.source_bits = bits_of(file.white);
  // Black per CFA position (row, col): the global level, the colour's, and the pattern's.
  for (int row = 0; row < 2; ++row)
    for (int col = 0; col < 2; ++col) {
      double level = c.black + c.cblack[raw->COLOR(row, col)];
      if (c.cblack[4] > 0 && c.cblack[5] > 0)
        level += c.cblack[6 + (row % c.cblack[4]) * c.cblack[5] + col % c.cblack[5]];
      file.black[cfa_colour(file.cfa_phase, col, row)] = level;
    }
  for (double level : file.black)
    if (level >= file.white) refuse(path, "black level not below the white level");

  const int width = size.width, height = size.height;
  file.raw = Image16(width, height, 1);
  const uint16_t* samples = raw->imgdata.rawdata.raw_image;
  const size_t pitch = size.raw_pitch / 2;
  for (int y = 0; y < height; ++y)
    std::copy_n(samples + (y + size.top_margin) * pitch + size.left_margin, width,
                &file.raw.samples()[static_cast<size_t>(y) * width]);

  if (c.cam_mul[0] > 0 && c.cam_mul[1] > 0 && c.cam_mul[2] > 0)
    file.as_shot_neutral =
        fw::Vector3{c.cam_mul[1] / c.cam_mul[0], 1.0, c.cam_mul[1] / c.cam_mul[2]};
  // The D65 ColorMatrix when the DNG has one, else LibRaw's (the file's other one, or its table).
  const auto matrix_of = [](const float(&m)[4][3]) {
    fw::Matrix3 out{};
    for (int i = 0; i < 9; ++i)
      out[i] = m[i / 3][i % 3];
    return out;
  };
  for (const auto& dng : c.dng_color)
    if (dng.illuminant == 21 && dng.colormatrix[0][0] != 0)
      file.camera_from_xyz = matrix_of(dng.colormatrix);
  if (!file.camera_from_xyz && c.cam_xyz[0][0] != 0) file.camera_from_xyz = matrix_of(c.cam_xyz);
  file.iso = raw->imgdata.other.iso_speed;
  file.exposure_s = raw->imgdata.other.shutter;
  if (id.dng_version != 0) file.noise_profile = noise_profile(path);
  return file;
}

// An ispsim raw dump: its sidecar has the depth, phase, levels and (when the sensor wrote it)
// ISO, exposure and noise; colour comes from the sensor profile.
RawFile read_dump(const std::string& path, int max_width, int min_size) {
  sensor::RawDumpFormat format;
  RawFile file;
  try {
    file.raw = sensor::read_raw_dump(path, &format);
  } catch (const ImageError& error) {
    throw ModelError(std::string("--raw ") + error.what());  // it names the file
  }
  if (format.quad_bayer)
    refuse(path,
           "Quad Bayer (mode full-quad): the ISP's demosaic takes Bayer; dump mode 'full' "
           "(remosaiced on the sensor) instead");
  check_size(path, file.raw.width(), file.raw.height(), max_width, min_size);
  file.kind = "raw dump";
  file.cfa_phase = format.cfa_phase;
  file.black = format.black_level;
  file.white = format.white_level;
  file.source_bits = format.bits;
  file.iso = format.iso;
  file.exposure_s = format.exposure_s;
  if (format.noise_scale > 0 || format.noise_offset > 0)
    file.noise_profile = std::array<double, 2>{format.noise_scale, format.noise_offset};
  return file;
}

// What is left to develop once the file is at 12 bits.
void check_levels(const std::string& path, const RawFile& file) {
  const double black = *std::max_element(file.black.begin(), file.black.end());
  if (file.white - black < 4095.0 / 16)
    refuse(path, "white level " + std::to_string(file.white) + " is within 1/16 of full scale of " +
                     "black level " + std::to_string(black) +
                     " (12-bit codes): no range to develop");
  const double lowest_black = *std::min_element(file.black.begin(), file.black.end());
  const auto& samples = file.raw.samples();
  if (std::all_of(samples.begin(), samples.end(), [&](uint16_t s) { return s <= lowest_black; }))
    refuse(path, "no sample above the black level: the raw data is empty or was not decoded");
}

}  // namespace

RawFile read_raw_file(const std::string& path, int max_width, int min_size) {
  if (path.empty()) throw ModelError("--raw: an empty file name");
  std::error_code error;
  if (!std::filesystem::exists(path, error)) refuse(path, "no such file");
  if (!std::filesystem::is_regular_file(path, error)) refuse(path, "not a regular file");
  if (std::filesystem::file_size(path, error) == 0) refuse(path, "an empty file");
  const bool dump = !starts_like_tiff(path) && std::filesystem::exists(path + ".json", error);
  RawFile file =
      dump ? read_dump(path, max_width, min_size) : read_with_libraw(path, max_width, min_size);
  to_isp_depth(file);
  check_levels(path, file);
  return file;
}

fw::IspTuning tuning_for_raw(const RawFile& file, const fw::Matrix3& camera_from_srgb,
                             const std::vector<fw::blocks::NoiseModel>& calibrated_noise,
                             double gain) {
  fw::IspTuning tuning = fw::default_tuning();
  tuning.cfa_phase = file.cfa_phase;
  for (size_t i = 0; i < 4; ++i)
    tuning.black_level.level[i] = static_cast<uint16_t>(std::lround(file.black[i]));
  tuning.black_level.white_level = static_cast<uint16_t>(file.white);
  const fw::Matrix3 response = file.camera_from_xyz
                                   ? sensor::row_major(sensor::matrix3(*file.camera_from_xyz) *
                                                       sensor::srgb_from_xyz_d65().inverse())
                                   : camera_from_srgb;
  // As dcraw does: the matrix balanced for the camera's own white (its rows then sum to one, so
  // a neutral stays neutral), the shot's white balance in front of it.
  const fw::Vector3 own_white = fw::neutral_white_balance(response);
  tuning.color_matrix.matrix = fw::colour_matrix_for(response, own_white);
  const fw::Vector3& neutral = file.as_shot_neutral ? *file.as_shot_neutral : fw::Vector3{};
  tuning.white_balance.gain =
      file.as_shot_neutral ? fw::Vector3{neutral[1] / neutral[0], 1.0, neutral[1] / neutral[2]}
                           : own_white;
  tuning.lens_shading.bypass = true;
  // The noise reduction's input is black-subtracted and scaled to 4095 at the white level:
  // the profile's fractions of (white - black) become codes there.
  auto& nr = tuning.bayer_nr;
  if (file.noise_profile) {
    nr = fw::blocks::BayerNr::tuning_for_noise(4095.0 * (*file.noise_profile)[0],
                                               4095.0 * 4095.0 * (*file.noise_profile)[1], gain);
  } else if (!calibrated_noise.empty()) {
    nr = fw::blocks::BayerNr::tuning_for(calibrated_noise, gain,
                                         fw::blocks::BlackLevel::norm_gain(tuning.black_level));
  }
  return tuning;
}

}  // namespace ispsim::app
