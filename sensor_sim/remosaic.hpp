#pragma once
// The sensor's on-chip full-resolution path: Quad Bayer raw -> QSC (quad sensitivity correction)
// -> remosaic to RGGB Bayer, so a standard Bayer ISP can take the 50 MP frame.
#include "model/image/image.hpp"
#include "sensor_sim/pixel_array.hpp"
#include "sensor_sim/sensor_profile.hpp"

namespace ispsim::sensor {

// Divides each pixel's signal above black by its quad_cell_gain, as the per-module QSC
// calibration table does (reference table: "a per-module calibration table (QSC) corrects it").
// `origin_x/y` is the frame's position in the array (multiples of 4); rows run in `threads` bands.
void apply_quad_sensitivity_correction(Image16& quad, const SensorProfile& profile,
                                       const RawFormat& format, int origin_x = 0, int origin_y = 0,
                                       int threads = 1);

// Quad Bayer (cells RRGG/RRGG/GGBB/GGBB) -> RGGB Bayer of the same size. Per 4x4 tile, 6 of 16
// sites already hold the Bayer colour (both greens count) and are kept. Every other site takes
// the pixels of its Bayer colour within 2 pixels (inside a frame at least 3 pixels across there
// are always 2 or more at distance 1 or sqrt 2; a site with none keeps its value) in two passes: an
// inverse-square-distance mean m, then the same weights divided by (1 + |v - m| / edge_scale), so
// pixels across an edge (far from the local majority) count less. edge_scale is 4 x the shot + read
// noise sigma expected at m, so noise alone barely moves the weights. Our own simple edge-aware
// interpolation, not a vendor's algorithm. `threads` row bands run in parallel (as
// RenderOptions.threads); the result does not depend on it.
Image16 remosaic_quad_to_bayer(const Image16& quad, const RawFormat& format, int threads = 1);
// The same in place, without a second frame (100 MB at 50 MP).
void remosaic_in_place(Image16& frame, const RawFormat& format, int threads = 1);
// apply_quad_sensitivity_correction then remosaic_in_place, bit for bit, in one pass.
void correct_and_remosaic_in_place(Image16& frame, const SensorProfile& profile,
                                   const RawFormat& format, int origin_x, int origin_y,
                                   int threads = 1);

}  // namespace ispsim::sensor
