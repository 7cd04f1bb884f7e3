#pragma once
// The sensor's pixel physics: the optical image (optics.hpp) -> electrons with Poisson shot and
// dark noise, PRNU, DSNU, defects and full-well clipping -> read, row and ADC noise -> analogue
// gain -> ADC with a black-level pedestal -> digital gain. RGGB Bayer at the profile's output grid.
//
// Determinism: temporal noise is drawn from one stream per (seed, frame, row); the unit's fixed
// pattern from one stream per (unit_seed, row). Rows may be rendered in any order or on any number
// of threads and the bits stay the same.
#include <cstdint>

#include "model/image/image.hpp"
#include "sensor_sim/scene.hpp"
#include "sensor_sim/sensor_profile.hpp"

namespace ispsim::sensor {

// Colour filter layout of the rendered grid. kQuadBayer is the native array of the IMX989 class:
// 2x2 same-colour cells in an RGGB arrangement of cells (rows RRGG, RRGG, GGBB, GGBB), each
// pixel also carrying its position's quad_cell_gain (fixed_pattern.hpp).
enum class CfaLayout { kBayer, kQuadBayer };

struct SensorSettings {
  int width = 4096;
  int height = 3072;
  double exposure_s = 0.03125;
  double analogue_gain = 1.0;
  double digital_gain = 1.0;
  int test_pattern = 0;  // 0 image, 1 solid colour, 2 colour bars
  // Aperture: 0 uses the lens's own f-number (profile.optics.f_number); another value stops the
  // lens down (or opens it), scaling the light by (lens N / N)^2 and the diffraction blur by N.
  double f_number = 0.0;
  double temperature_c = 25.0;  // die temperature: dark current doubles every ~6.5 C
  CfaLayout cfa = CfaLayout::kBayer;
  // Dual conversion gain: 0 off; 4 or 16 reads each pixel at low and at high conversion gain
  // (HCG = ratio x LCG) and combines them on-sensor into one 12-bit (ratio 4) or 14-bit (ratio 16)
  // code (reference table). See dcg_output_format().
  int dcg_ratio = 0;
};

// The code range of a frame: bit depth, black pedestal and largest code.
struct RawFormat {
  int bits = 12;
  double black_level_dn = 256;
  int white_level_dn = 4095;
};
// What render_raw_frame produces for these settings: the profile's ADC, or the DCG combined code.
// DCG: each gain is read by a 10-bit conversion with a 64 DN pedestal (the reference table's
// 10-bit black/white); the combined code counts HCG DN, so its white is 64 + 959 x ratio: 3900
// at ratio 4 (12 bit) and 15408 at ratio 16 (14 bit), the reference table's white levels.
RawFormat raw_format(const SensorProfile& profile, const SensorSettings& settings);

class FixedPatternCache;

struct RenderOptions {
  int threads = 1;  // row bands rendered in parallel; the result does not depend on it
  // Optional: keeps the unit's fixed pattern between frames (fixed_pattern.hpp), from the second
  // frame of the same unit, temperature and size on. Same bits with or without it. Not
  // thread-safe across concurrent render calls sharing one cache.
  FixedPatternCache* fixed_pattern_cache = nullptr;
};

// Throws ModelError naming the field and its value if the profile or settings are unusable
// (frame smaller than 2x2, exposure <= 0, gains out of range, unknown test pattern, bad profile).
void validate_sensor_setup(const SensorProfile& profile, const SensorSettings& settings);

// Largest raw code, 2^adc_bits - 1.
int white_level_dn(const SensorProfile& profile);

// Overall system gain K in DN per electron (EMVA 1288's K): conversion gain x analogue gain x
// digital gain x ADC codes per volt.
double system_gain_dn_per_electron(const SensorProfile& profile, const SensorSettings& settings);

// The effective f-number of a shot: settings.f_number, or the lens's when that is 0.
double effective_f_number(const SensorProfile& profile, const SensorSettings& settings);

// Renders one raw frame (1 channel, DN in uint16, range 0..2^adc_bits-1).
Image16 render_raw_frame(const Scene& scene, const SensorProfile& profile,
                         const SensorSettings& settings, uint64_t seed, uint32_t frame_index);
Image16 render_raw_frame(const Scene& scene, const SensorProfile& profile,
                         const SensorSettings& settings, uint64_t seed, uint32_t frame_index,
                         const RenderOptions& options);

}  // namespace ispsim::sensor
