#pragma once
// ISP tuning: the real-valued settings a look is made of, and the default derived from the
// simulated sensor. isp_driver encodes them to registers.
#include <array>
#include <cstdint>

#include "firmware/blocks/pipeline_blocks.hpp"  // generated: each block's firmware side
#include "firmware/matrix3.hpp"

namespace ispsim::fw {

// The real-valued settings a look is made of: a section per ISP block, in pipeline order
// (model/blocks/pipeline.def), each defined and encoded in firmware/blocks/<block>/.
struct IspTuning {
  int cfa_phase = 0;  // 0 RGGB, 1 GRBG, 2 GBRG, 3 BGGR
#define ISPSIM_PIPELINE_BLOCK(name, Type) blocks::Type::Tuning name;
#include "model/blocks/pipeline.def"
#undef ISPSIM_PIPELINE_BLOCK
};

// Every block's register writes for `tuning`, in pipeline order. Throws FirmwareError naming
// the field of the first bad value, before anything is written.
RegisterWrites encode_isp_tuning(const IspTuning& tuning);

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
