#pragma once
// ISP tuning: the real-valued settings a look is made of. isp_driver encodes them to registers.
#include <array>
#include <cstdint>

#include "firmware/matrix3.hpp"

namespace ispsim::fw {

struct IspBypass {
  bool black_level = false;
  bool white_balance = false;
  bool demosaic = false;
  bool colour_matrix = false;
  bool gamma = false;
  bool csc = false;
};

struct IspTuning {
  int cfa_phase = 0;                      // 0 RGGB, 1 GRBG, 2 GBRG, 3 BGGR
  std::array<uint16_t, 4> black_level{};  // 12-bit pedestal per CFA colour: R, Gr, Gb, B
  Vector3 wb_gain{1.0, 1.0, 1.0};         // R, G (both Gr and Gb), B; 0..16
  Matrix3 colour_matrix = identity3();    // white-balanced camera RGB -> linear sRGB
  double gamma_contrast = 0.0;            // S-curve strength on the sRGB curve, -1 < c < 1
  IspBypass bypass;
};

// Response of the simulated sensor's R, G, B channels to linear sRGB primaries (rows), as the
// sensor model declares it (sensor_sim SensorProfile::camera_from_srgb): the calibration a real
// flow would measure from a chart.
Matrix3 simulated_camera_response();

// Gains making a neutral scene neutral, green as reference: gain_c = sum(G row) / sum(row c).
Vector3 neutral_white_balance(const Matrix3& camera_from_srgb);

// The colour matrix taking white-balanced camera RGB back to linear sRGB, normalised so each
// row sums to 1: CCM = inverse(diag(wb) * M / s), s = sum of M's green row. A neutral keeps its
// level through the matrix, so clipped highlights stay white.
Matrix3 colour_matrix_for(const Matrix3& camera_from_srgb, const Vector3& wb_gain);

// Black level 256 (64 DN at 10 bit, scaled to 12 bit), RGGB, WB and CCM from the simulated
// sensor's response, sRGB curve without contrast change, no bypass.
IspTuning default_tuning();

}  // namespace ispsim::fw
