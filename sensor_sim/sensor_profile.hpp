#pragma once
// A sensor unit described as data: its geometry, photo response, charge and readout chain, dark
// signal, fixed-pattern non-uniformities and the lens in front of it. The built-in default is the
// 1-inch IMX989 class in its 2x2-binned mode (figures from shared/reference/sensor-and-system.md;
// every figure not in that table is an estimate and says so). JSON versions live in
// sensor_sim/profiles/ and load through sensor_profile_json.hpp.
//
// Units: electrons (e-) at the photodiode, DN at the ADC output, seconds, degrees Celsius.
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace ispsim::sensor {

// Illuminance in lux at the sensor from a scene of luminance L through a lens of f-number N and
// transmittance T, on axis and focused far away: E = pi T L / (4 N^2) (the camera equation; e.g.
// Ray, "Applied Photographic Optics", 3rd ed., ch. 5).
constexpr double kPi = 3.14159265358979323846;
// Visible photons per second per m^2 per lux for a flat 400-700 nm spectrum: 1 W/m^2 of it is
// 683 lm/W x 0.356 (mean photopic V(lambda) over 400-700 nm) = 243 lx, and carries 2.77e18
// photons/s at a mean 550 nm. An estimate for daylight-like light, good to ~10%.
constexpr double kPhotonsPerLuxSecondSquareMetre = 1.14e16;
// Scene value 1.0 (a perfect diffuse white) is this luminance; see scene.hpp.
constexpr double kReferenceLuminanceCdM2 = 100.0;

// Photo-electrons per second in one pixel per unit of camera response (see SensorProfile) for a
// scene value of 1.0 on axis: camera equation x pixel area x photon flux per lux x efficiency.
constexpr double photoelectrons_per_second(double pixel_pitch_um, double quantum_efficiency,
                                           double f_number, double transmittance) {
  const double illuminance_lux =
      kPi * transmittance * kReferenceLuminanceCdM2 / (4.0 * f_number * f_number);
  const double area_m2 = pixel_pitch_um * pixel_pitch_um * 1e-12;
  return illuminance_lux * area_m2 * kPhotonsPerLuxSecondSquareMetre * quantum_efficiency;
}

// How one readout mode forms its output frame from the native Quad Bayer array, whose size is
// twice the profile's binned array_width_px x array_height_px.
enum class ModeFormation {
  kBinned,            // 2x2 same-colour cells summed in charge, read once: RGGB Bayer
  kFullRemosaic,      // every native pixel, QSC-corrected and remosaiced on-sensor to RGGB Bayer
  kFullQuad,          // every native pixel as Quad Bayer raw (RRGG/RRGG/GGBB/GGBB)
  kCropBinned,        // a window of the array, then 2x2 binning
  kCropBinnedScaled,  // a window, 2x2 binning, then a same-colour average scale_factor:1
};

// One readout mode of the sensor (part of its profile). The lookups, rolling-shutter timing and
// rendering of modes are in readout_modes.hpp.
struct ReadoutMode {
  std::string name;        // as on the command line: full, full-quad, binned, 4k, 1080p, 720p
  uint16_t register_code;  // SENSOR_MODE value; code 0 (the reset value) is the binned mode
  ModeFormation formation;
  int output_width, output_height;
  // Window of the native array read out (native pixels, multiples of 4 so cells stay whole).
  int crop_x, crop_y, crop_width, crop_height;
  int scale_factor;  // 1, or the kCropBinnedScaled ratio
  // Timing: pixel clocks per line and lines per frame, both with blanking. A line slot reads one
  // row of the formation before scaling (a native row, or a binned row pair).
  int line_length_pck, frame_length_lines;
  double pixel_clock_hz;
  // Reference frame rate this mode is tuned to (for tests and listings).
  double reference_fps;

  double line_time_s() const { return line_length_pck / pixel_clock_hz; }
  double frame_time_s() const { return frame_length_lines * line_time_s(); }
  double fps() const { return 1.0 / frame_time_s(); }
  int read_rows() const {  // rows read per frame (before scaling): the rolling-shutter span
    return full_resolution() ? crop_height : crop_height / 2;
  }
  bool full_resolution() const {
    return formation == ModeFormation::kFullRemosaic || formation == ModeFormation::kFullQuad;
  }
};

// The IMX989 class's mode table: the built-in profile's modes.
std::vector<ReadoutMode> imx989_readout_modes();

struct OpticsProfile {
  // false: the bare sensor under uniform light with no lens (the EMVA 1288 set-up): no shading,
  // no blur. The exposure still follows f_number and transmittance.
  bool enabled = true;
  double f_number = 1.9;         // Xiaomi 12S Ultra main camera (reference table)
  double focal_length_mm = 8.7;  // 23 mm equivalent / crop 2.64 of the 1-inch type (derived)
  double transmittance = 0.90;   // estimate for a 7-8 element plastic lens with coatings
  // Chief-ray angle at the image corner (falls linearly to 0 on axis); relative illumination
  // follows cos^4 of it. Phone main cameras specify ~30-36 deg; 30 is an estimate.
  double chief_ray_angle_deg = 30.0;
  // Extra light lost at the corner to mechanical vignetting, growing as r^4 (estimate).
  double vignetting = 0.10;
  // Colour shading: relative change of each camera channel (R, G, B) at the corner, growing as
  // r^2. The IR-cut filter's edge moves to shorter wavelengths at oblique incidence, so red loses
  // most (estimates).
  std::array<double, 3> colour_shading = {-0.08, 0.0, -0.03};
  // Optical and electrical crosstalk: the fraction of a pixel's charge that comes from its
  // neighbours across (and, separately, down) at the frame's left/right (top/bottom) edge,
  // growing linearly with the chief ray's slant that way from none on axis. Where the two
  // differ, a green pixel beside red (Gr) and one beside blue (Gb) see different light: green
  // imbalance, stronger in saturated colours (estimate: a few % at the edges of a 1-inch phone
  // sensor).
  double crosstalk_at_edge = 0.03;
  // Gaussian sigma of the lens's residual aberrations at the sensor (estimate).
  double aberration_sigma_um = 1.2;
  // Focus error |1/focus distance - 1/object distance| in dioptres (1/m); 0 is in focus.
  double defocus_dioptres = 0.0;
};

struct SensorProfile {
  std::string name = "imx989-binned";

  // ---- geometry: the output grid of this mode ----
  int array_width_px = 4096;  // 2x2-binned output of the 8192 x 6144 array
  int array_height_px = 3072;
  double pixel_pitch_um = 3.2;  // 1.6 um native, binned

  OpticsProfile optics;

  // ---- photo response ----
  // Photo-electrons per incident visible photon per unit of camera response: the colour filter's
  // pass fraction times the silicon's QE. 0.30 is an estimate (green filter ~0.35 x QE ~0.85).
  double quantum_efficiency = 0.30;
  // Electrons per second for a scene value of 1.0 per unit of camera response at unity gain, on
  // axis, through the lens at optics.f_number. Derived from the fields above; if you change them,
  // recompute it with update_derived_fields().
  double electrons_per_second = photoelectrons_per_second(pixel_pitch_um, quantum_efficiency,
                                                          optics.f_number, optics.transmittance);
  // Camera response: rows are the R, G, B channel responses to linear sRGB scene primaries, a
  // camera colour space wider and less saturated than sRGB, as silicon behind dye filters is.
  std::array<double, 9> camera_from_srgb = {0.50, 0.30, 0.05,  //
                                            0.08, 0.85, 0.17,  //
                                            0.02, 0.28, 0.62};

  // ---- charge and readout ----
  double full_well_electrons = 31000.0;  // estimate: 7800 e- at 1.6 um, x4 binned (reference)
  // Conversion gain and ADC input range: K = CG x gain x (white - black) / full scale. Chosen so
  // the full well just fills the ADC at unity gain (estimates; 1.08 V swing).
  double conversion_gain_uv_per_electron = 35.0;
  double adc_full_scale_mv = 1085.0;
  // Temporal read noise referred to the pixel (before the analogue gain), and ADC noise after it
  // in DN: their input-referred sum falls with gain, as in real sensors (estimates).
  double read_noise_electrons = 1.6;
  double adc_noise_dn = 0.5;
  // Heavy-tailed read noise (Wei et al., CVPR 2020): Tukey-lambda shape; 0 disables it (Gaussian).
  bool read_noise_tukey = false;
  double read_noise_tukey_lambda = 0.1;
  double row_noise_electrons = 0.3;  // one temporal Gaussian offset per row (estimate)
  double max_analogue_gain = 64.0;   // reference table: 1x-64x
  int adc_bits = 12;
  double black_level_dn = 256.0;  // 64 DN at 10 bit, scaled to 12 bit

  // ---- dark signal ----
  double dark_current_e_per_s = 2.0;  // per binned pixel at the reference temperature (estimate)
  double dark_current_reference_c = 25.0;
  double dark_current_doubling_c = 6.5;  // silicon dark current doubles every ~6-7 C

  // ---- fixed pattern: belongs to the unit, same every frame; unit_seed picks the unit ----
  uint64_t unit_seed = 0x1989;
  double prnu_fraction = 0.006;             // photo-response non-uniformity, 1 sigma (estimate)
  double dsnu_electrons = 1.0;              // dark offset non-uniformity, 1 sigma (estimate)
  double dark_current_nonuniformity = 0.4;  // sigma of dark current / its mean (estimate)
  double hot_pixel_density = 1e-4;          // fraction of pixels (estimate)
  double hot_pixel_dark_current_e_per_s = 2000.0;
  double dead_pixel_density = 2e-5;
  double quad_cell_mismatch = 0.02;  // sigma of the gain of each position in a 2x2 cell

  double pixel_clock_hz = 480e6;

  // ---- readout modes (readout_modes.hpp); validate_readout_modes() checks them ----
  std::vector<ReadoutMode> modes = imx989_readout_modes();
};

// The built-in IMX989-class binned profile (same as a default-constructed SensorProfile).
SensorProfile imx989_binned_profile();

// Recomputes electrons_per_second from the pixel pitch, QE and lens.
void update_derived_fields(SensorProfile& profile);

// Throws ModelError naming the field and value if the profile cannot describe a sensor.
void validate_profile(const SensorProfile& profile);

}  // namespace ispsim::sensor
