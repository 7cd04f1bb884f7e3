#include "firmware/tuning.hpp"

#include "model/regmap/regmap.hpp"

namespace ispsim::fw {

Matrix3 simulated_camera_response() {
  return {0.50, 0.30, 0.05,  //
          0.08, 0.85, 0.17,  //
          0.02, 0.28, 0.62};
}

Vector3 neutral_white_balance(const Matrix3& camera_from_srgb) {
  const Vector3 sums = row_sums(camera_from_srgb);
  return {sums[1] / sums[0], 1.0, sums[1] / sums[2]};
}

Matrix3 colour_matrix_for(const Matrix3& camera_from_srgb, const Vector3& wb_gain) {
  const double neutral_level = row_sums(camera_from_srgb)[1] * wb_gain[1];
  Matrix3 balanced = multiply(diagonal3(wb_gain), camera_from_srgb);
  for (double& element : balanced)
    element /= neutral_level;
  return inverse(balanced);
}

RegisterWrites encode_isp_tuning(const IspTuning& tuning) {
  if (tuning.cfa_phase < 0 || tuning.cfa_phase > 3)
    throw_bad_tuning("cfa_phase", tuning.cfa_phase, "0..3");
  RegisterWrites writes;
#define ISPSIM_PIPELINE_BLOCK(name, Type) blocks::Type::encode(tuning.name, writes);
#include "model/blocks/pipeline.def"
#undef ISPSIM_PIPELINE_BLOCK
  // Noise below black survives black level correction as a pedestal that the noise reduction
  // takes off: both blocks or neither (a pedestal nobody removed would lift black).
  namespace isp = regs::isp;
  const int pedestal =
      tuning.black_level.bypass || tuning.bayer_nr.bypass ? 0 : tuning.bayer_nr.pedestal;
  if (!isp::BLC_PEDESTAL_PEDESTAL.holds(pedestal))
    throw_bad_tuning("bayer_nr.pedestal", pedestal, "0..255 codes");
  writes.push_back({isp::BLC_PEDESTAL, isp::BLC_PEDESTAL_PEDESTAL.encode(pedestal)});
  writes.push_back({isp::BNR_PEDESTAL, isp::BNR_PEDESTAL_PEDESTAL.encode(pedestal)});
  return writes;
}

IspTuning default_tuning() {
  IspTuning tuning;
  tuning.black_level.level = {256, 256, 256, 256};
  const Matrix3 response = simulated_camera_response();
  tuning.white_balance.gain = neutral_white_balance(response);
  tuning.color_matrix.matrix = colour_matrix_for(response, tuning.white_balance.gain);
  return tuning;
}

}  // namespace ispsim::fw
