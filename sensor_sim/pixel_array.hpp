#pragma once
// The sensor's pixel physics (skeleton level; a later issue replaces it with a full model):
// scene radiance -> camera RGB response -> electrons with shot noise -> read noise -> gain ->
// 12-bit ADC with a black-level pedestal. RGGB Bayer. Temporal noise is seeded per frame and row,
// so the same seed gives the same bits on any machine.
#include <array>
#include <cstdint>

#include "model/image/image.hpp"
#include "sensor_sim/scene.hpp"

namespace ispsim::sensor {

struct SensorProfile {
  const char* name = "imx989-binned";
  double full_well_electrons = 31000.0;   // estimate for the 3.2 um binned pixel
  double read_noise_electrons = 2.0;
  double black_level_dn = 256.0;           // 64 DN at 10 bit, scaled to 12 bit
  int adc_bits = 12;
  // Electrons per second for a scene value of 1.0 in the green channel at unity gain.
  double electrons_per_second = 700000.0;
  // Camera response: rows are the R, G, B channel responses to linear sRGB scene primaries.
  std::array<double, 9> camera_from_srgb = {0.50, 0.30, 0.05,   //
                                            0.08, 0.85, 0.17,   //
                                            0.02, 0.28, 0.62};
  double pixel_clock_hz = 480e6;
};

struct SensorSettings {
  int width = 4096;
  int height = 3072;
  double exposure_s = 0.03125;
  double analogue_gain = 1.0;
  double digital_gain = 1.0;
  int test_pattern = 0;  // 0 image, 1 solid colour, 2 colour bars
};

// Throws ModelError naming the field and its value if the profile or settings are unusable
// (frame smaller than 2x2, exposure <= 0, gains < 1, unknown test pattern, impossible ADC set-up).
void validate_sensor_setup(const SensorProfile& profile, const SensorSettings& settings);

// Largest raw code, 2^adc_bits - 1.
int white_level_dn(const SensorProfile& profile);

// Overall system gain K in DN per electron: the ADC maps full well to the range above black at
// unity gain, times analogue and digital gain (EMVA 1288's K).
double system_gain_dn_per_electron(const SensorProfile& profile, const SensorSettings& settings);

// Renders one raw frame (1 channel, 12-bit DN in uint16).
Image16 render_raw_frame(const Scene& scene, const SensorProfile& profile,
                         const SensorSettings& settings, uint64_t seed, uint32_t frame_index);

}  // namespace ispsim::sensor
