#pragma once
// What an EMVA 1288 measurement of this sensor should find, computed from the profile: the
// configured values the characterisation tests compare their measurements with. Figures follow
// EMVA 1288 Release 3.1/4.0 (Linear) definitions; electrons (e-) are referred to the photodiode.
#include "sensor_sim/pixel_array.hpp"

namespace ispsim::sensor {

struct SensorFigures {
  double system_gain_dn_per_e = 0;  // K
  // Temporal dark noise sigma_d: read, row and ADC noise referred to the pixel, plus the shot
  // noise of the dark current at this exposure; excludes quantisation (EMVA keeps it apart).
  double temporal_dark_noise_e = 0;
  double dark_signal_e = 0;          // mean dark current x exposure of a typical pixel
  double dsnu_e = 0;                 // spatial sigma of the dark signal (defects excluded)
  double prnu_fraction = 0;          // spatial sigma of the photo response / its mean
  double saturation_capacity_e = 0;  // where the first clip (full well or ADC range) is met
  // Absolute sensitivity threshold (EMVA 4.0): the signal at SNR 1,
  // mu_e.min = 1/2 + sqrt(1/4 + sigma_d^2 + sigma_q^2 / K^2) with sigma_q^2 = 1/12 DN^2.
  double sensitivity_threshold_e = 0;
  double dynamic_range = 0;  // saturation / threshold
  double dynamic_range_db = 0;
};

SensorFigures configured_figures(const SensorProfile& profile, const SensorSettings& settings);

}  // namespace ispsim::sensor
