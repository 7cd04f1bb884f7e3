#pragma once
// Simulated raw frames as DNG files that any raw developer opens (dcraw, LibRaw, darktable).
// The input is a plain description of one Bayer frame, decoupled from the sensor model, so the
// writer does not change when the sensor does.
#include <array>
#include <string>

#include "model/image/image.hpp"

namespace ispsim::sensor {

struct DngRaw {
  const Image16* raw = nullptr;  // 1 channel, one CFA sample per pixel
  int bits_per_sample = 12;      // ADC depth, 10..16; samples are stored as 16-bit words
  int cfa_phase = 0;             // top-left colour, as model/kernels/cfa.hpp: 0 RGGB .. 3 BGGR
  // Pedestal per CFA colour in the order R, Gr, Gb, B (Gr shares a row with R); DN.
  std::array<double, 4> black_level{};
  double white_level = 4095;  // DN at which the ADC clips; a whole number above every black level
  // XYZ (D65 white) -> camera RGB, row-major: the DNG ColorMatrix1 tag. Must be invertible.
  std::array<double, 9> color_matrix1{};
  int calibration_illuminant1 = 21;                // EXIF LightSource code; 21 is D65
  std::array<double, 3> as_shot_neutral{1, 1, 1};  // camera RGB of a neutral surface, each > 0
  std::string make = "ispsim", model = "IMX989-class simulated";
  std::string unique_camera_model = "ispsim IMX989-class";
  // Exposure metadata; a value of 0 leaves its tag out.
  double exposure_s = 0, iso = 100, f_number = 1.9, focal_length_mm = 8.7;
  // NoiseProfile (DNG 1.3): variance = scale x signal + offset, with the signal and its noise
  // as fractions of (white - black), for every colour plane; both 0 leave the tag out.
  double noise_scale = 0, noise_offset = 0;
};

// Writes `raw` as an uncompressed little-endian DNG 1.4 file with the raw image in IFD0.
// Every field is checked before the file is opened: an empty or multi-channel image, a bit depth
// outside 10..16, a sample above 2^bits - 1, a white level not above the black levels, a singular
// colour matrix or a non-positive neutral throw ispsim::ImageError naming the path and the field,
// and no file is written. A write failure removes the partial file and throws ImageError.
void write_dng(const std::string& path, const DngRaw& raw);

}  // namespace ispsim::sensor
