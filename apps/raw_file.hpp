#pragma once
// A stored raw to reprocess: any Bayer DNG (or other raw LibRaw reads), or one of ispsim's raw
// dumps (the samples and a JSON sidecar), brought to the ISP's 12 bits with what the file says
// about itself: CFA phase, black and white levels, the camera's colour and white balance, ISO
// and noise.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "firmware/matrix3.hpp"
#include "firmware/tuning.hpp"
#include "model/image/image.hpp"

namespace ispsim::app {

struct RawFile {
  Image16 raw;                    // the visible area, one CFA sample per pixel, 12-bit codes
  int cfa_phase = 0;              // 0 RGGB, 1 GRBG, 2 GBRG, 3 BGGR
  int source_bits = 12;           // the file's depth (its white level's bits), before scaling
  std::array<double, 4> black{};  // 12-bit pedestal per CFA colour: R, Gr, Gb, B
  double white = 4095;            // 12-bit clip point
  std::optional<fw::Vector3> as_shot_neutral;  // camera RGB of a neutral (green 1)
  std::optional<fw::Matrix3> camera_from_xyz;  // DNG ColorMatrix (D65 preferred)
  double iso = 0;                              // 0: the file does not say
  double exposure_s = 0;                       // 0: the file does not say
  // DNG NoiseProfile: variance = scale x signal + offset, both as fractions of white - black.
  std::optional<std::array<double, 2>> noise_profile;
  std::string kind;  // "DNG", "raw dump", or LibRaw's make and model
};

// A TIFF-based file (DNG and most camera raws) or one without a FILE.json sidecar is read with
// LibRaw; otherwise it is an ispsim raw dump. Throws ModelError naming the file and the reason:
// unreadable or empty, not Bayer (linear DNG, X-Trans, Foveon, monochrome, Quad Bayer), a
// compression LibRaw cannot unpack, truncated, levels that leave no range (white within 1/16 of
// full scale of black), no sample above black, or a size the ISP cannot take (wider than
// `max_width`, under `min_size` on a side).
RawFile read_raw_file(const std::string& path, int max_width, int min_size);

// The tuning that develops `file` neutrally: its phase and levels; white balance from its
// as-shot neutral and colour matrix from its ColorMatrix, else from `camera_from_srgb` (the
// sensor profile's, for a raw dump of it); Bayer NR from its NoiseProfile, else from
// `calibrated_noise` (the module calibration's table, for a raw dump), else off; its strength by
// `gain` (ISO / 100). No lens shading correction: nothing is known of the lens.
fw::IspTuning tuning_for_raw(const RawFile& file, const fw::Matrix3& camera_from_srgb,
                             const std::vector<fw::blocks::NoiseModel>& calibrated_noise,
                             double gain);

}  // namespace ispsim::app
