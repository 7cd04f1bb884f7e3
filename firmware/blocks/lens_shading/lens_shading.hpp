#pragma once
// Firmware side of the lens shading correction block: its tuning section and register encoder,
// the choice of a grid by colour temperature, and the calibration that measures a grid from a
// flat-field raw (what a module maker does at the factory and keeps in the module's memory).
#include <array>
#include <cstdint>
#include <vector>

#include "firmware/blocks/register_writes.hpp"
#include "firmware/raw_view.hpp"

namespace ispsim::fw::blocks {

struct LensShading {
  static constexpr int kColumns = 17, kRows = 13;  // nodes across and down, spanning the frame
  static constexpr int kNodes = kColumns * kRows;
  // Gains per CFA colour (R, Gr, Gb, B in turn), each grid row-major from the top-left node.
  using Grid = std::array<double, 4 * kNodes>;
  static Grid unity();

  struct Tuning {
    bool bypass = false;
    Grid gain = unity();
  };
  static void encode(const Tuning& tuning, RegisterWrites& writes);
};

// A grid and the colour temperature of the light it was calibrated under.
struct LensShadingTable {
  double cct_k = 6500;
  LensShading::Grid gain = LensShading::unity();
};

// The grid for light of colour temperature `cct_k`: linear in reciprocal temperature (mired,
// where equal steps look equally far apart in colour) between the two tables around it; the
// nearest table outside their range. Throws FirmwareError for no tables or a CCT <= 0.
LensShading::Grid lens_shading_for_cct(const std::vector<LensShadingTable>& tables, double cct_k);

// Measures the gains that make `flat` flat: per colour, the signal at each node (a smooth
// surface fitted to the medians of 64 x 48 blocks of the field) over the signal at the frame
// centre. Each colour is normalised to its
// own centre: white balance there is left alone. Throws FirmwareError when the field is too
// small, too dark or clipped to measure.
LensShading::Grid calibrate_lens_shading(const RawView& flat);

}  // namespace ispsim::fw::blocks
