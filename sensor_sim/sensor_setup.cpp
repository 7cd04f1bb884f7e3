// Validation of profiles and per-frame settings, and the derived gains every consumer shares.
#include <cmath>
#include <cstdio>
#include <string>

#include "model/common/error.hpp"
#include "sensor_sim/pixel_array.hpp"

namespace ispsim::sensor {
namespace {

std::string format_value(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

[[noreturn]] void throw_bad_field(const std::string& field, const std::string& rule, double value) {
  throw ModelError("sensor " + field + " must be " + rule + " (got " + format_value(value) + ")");
}

void require(bool ok, const std::string& field, const std::string& rule, double value) {
  if (!ok) throw_bad_field(field, rule, value);
}

bool finite_at_least(double value, double lowest) {
  return std::isfinite(value) && value >= lowest;
}

}  // namespace

void validate_profile(const SensorProfile& p) {
  const auto field = [](const char* name) { return std::string("profile ") + name; };
  require(p.adc_bits >= 8 && p.adc_bits <= 16, field("adc_bits"), "8..16", p.adc_bits);
  require(p.black_level_dn >= 0.0 && p.black_level_dn < white_level_dn(p), field("black_level_dn"),
          "in 0..2^adc_bits-1", p.black_level_dn);
  require(p.array_width_px >= 2, field("array_width_px"), ">= 2", p.array_width_px);
  require(p.array_height_px >= 2, field("array_height_px"), ">= 2", p.array_height_px);
  require(finite_at_least(p.pixel_pitch_um, 1e-3), field("pixel_pitch_um"), "> 0",
          p.pixel_pitch_um);
  require(finite_at_least(p.full_well_electrons, 1e-9), field("full_well_electrons"), "> 0",
          p.full_well_electrons);
  require(finite_at_least(p.electrons_per_second, 0), field("electrons_per_second"), ">= 0",
          p.electrons_per_second);
  require(finite_at_least(p.conversion_gain_uv_per_electron, 1e-9),
          field("conversion_gain_uv_per_electron"), "> 0", p.conversion_gain_uv_per_electron);
  require(finite_at_least(p.adc_full_scale_mv, 1e-9), field("adc_full_scale_mv"), "> 0",
          p.adc_full_scale_mv);
  require(finite_at_least(p.read_noise_electrons, 0), field("read_noise_electrons"), ">= 0",
          p.read_noise_electrons);
  require(finite_at_least(p.adc_noise_dn, 0), field("adc_noise_dn"), ">= 0", p.adc_noise_dn);
  require(p.read_noise_tukey_lambda > -0.5 && p.read_noise_tukey_lambda < 1.0,
          field("read_noise_tukey_lambda"), "in (-0.5, 1)", p.read_noise_tukey_lambda);
  require(finite_at_least(p.row_noise_electrons, 0), field("row_noise_electrons"), ">= 0",
          p.row_noise_electrons);
  require(finite_at_least(p.max_analogue_gain, 1), field("max_analogue_gain"), ">= 1",
          p.max_analogue_gain);
  require(finite_at_least(p.dark_current_e_per_s, 0), field("dark_current_e_per_s"), ">= 0",
          p.dark_current_e_per_s);
  require(finite_at_least(p.dark_current_doubling_c, 0.1), field("dark_current_doubling_c"),
          ">= 0.1", p.dark_current_doubling_c);
  require(std::isfinite(p.dark_current_reference_c), field("dark_current_reference_c"), "finite",
          p.dark_current_reference_c);
  require(p.prnu_fraction >= 0 && p.prnu_fraction < 0.5, field("prnu_fraction"), "in 0..0.5",
          p.prnu_fraction);
  require(finite_at_least(p.dsnu_electrons, 0), field("dsnu_electrons"), ">= 0", p.dsnu_electrons);
  require(finite_at_least(p.dark_current_nonuniformity, 0), field("dark_current_nonuniformity"),
          ">= 0", p.dark_current_nonuniformity);
  require(p.hot_pixel_density >= 0 && p.hot_pixel_density + p.dead_pixel_density <= 0.1,
          field("hot_pixel_density"), "in 0..0.1 (with dead pixels)", p.hot_pixel_density);
  require(p.dead_pixel_density >= 0, field("dead_pixel_density"), ">= 0", p.dead_pixel_density);
  require(finite_at_least(p.hot_pixel_dark_current_e_per_s, 0),
          field("hot_pixel_dark_current_e_per_s"), ">= 0", p.hot_pixel_dark_current_e_per_s);
  require(p.quad_cell_mismatch >= 0 && p.quad_cell_mismatch < 0.5, field("quad_cell_mismatch"),
          "in 0..0.5", p.quad_cell_mismatch);
  require(finite_at_least(p.pixel_clock_hz, 1), field("pixel_clock_hz"), "> 0", p.pixel_clock_hz);
  const OpticsProfile& o = p.optics;
  require(finite_at_least(o.f_number, 0.5), field("optics.f_number"), ">= 0.5", o.f_number);
  require(finite_at_least(o.focal_length_mm, 0.1), field("optics.focal_length_mm"), ">= 0.1",
          o.focal_length_mm);
  require(o.transmittance > 0 && o.transmittance <= 1, field("optics.transmittance"), "in (0, 1]",
          o.transmittance);
  require(o.chief_ray_angle_deg >= 0 && o.chief_ray_angle_deg < 60,
          field("optics.chief_ray_angle_deg"), "in 0..60", o.chief_ray_angle_deg);
  require(o.vignetting >= 0 && o.vignetting < 1, field("optics.vignetting"), "in 0..1",
          o.vignetting);
  require(o.crosstalk_at_edge >= 0 && o.crosstalk_at_edge < 0.25, field("optics.crosstalk_at_edge"),
          "in 0..0.25", o.crosstalk_at_edge);
  for (double shading : o.colour_shading)
    require(shading > -1 && shading < 1, field("optics.colour_shading"), "in (-1, 1)", shading);
  require(finite_at_least(o.aberration_sigma_um, 0), field("optics.aberration_sigma_um"), ">= 0",
          o.aberration_sigma_um);
  require(std::isfinite(o.defocus_dioptres), field("optics.defocus_dioptres"), "finite",
          o.defocus_dioptres);
}

void validate_sensor_setup(const SensorProfile& profile, const SensorSettings& settings) {
  require(settings.width >= 2, "settings width", ">= 2", settings.width);
  require(settings.height >= 2, "settings height", ">= 2", settings.height);
  require(settings.exposure_s > 0.0 && std::isfinite(settings.exposure_s), "settings exposure_s",
          "> 0", settings.exposure_s);
  require(finite_at_least(settings.analogue_gain, 1.0), "settings analogue_gain", ">= 1",
          settings.analogue_gain);
  require(settings.analogue_gain <= profile.max_analogue_gain, "settings analogue_gain",
          "<= the profile's max_analogue_gain " + format_value(profile.max_analogue_gain),
          settings.analogue_gain);
  require(finite_at_least(settings.digital_gain, 1.0), "settings digital_gain", ">= 1",
          settings.digital_gain);
  require(settings.digital_gain <= 256.0, "settings digital_gain", "<= 256", settings.digital_gain);
  require(settings.test_pattern >= 0 && settings.test_pattern <= 2, "settings test_pattern",
          "0, 1 or 2", settings.test_pattern);
  require(settings.f_number == 0.0 || finite_at_least(settings.f_number, 0.5), "settings f_number",
          "0 (the lens's own) or >= 0.5", settings.f_number);
  require(settings.temperature_c >= -40 && settings.temperature_c <= 125, "settings temperature_c",
          "in -40..125", settings.temperature_c);
  validate_profile(profile);
}

int white_level_dn(const SensorProfile& profile) {
  return (1 << profile.adc_bits) - 1;
}

double system_gain_dn_per_electron(const SensorProfile& profile, const SensorSettings& settings) {
  const double codes_per_uv =
      (white_level_dn(profile) - profile.black_level_dn) / (profile.adc_full_scale_mv * 1e3);
  return profile.conversion_gain_uv_per_electron * codes_per_uv * settings.analogue_gain *
         settings.digital_gain;
}

double effective_f_number(const SensorProfile& profile, const SensorSettings& settings) {
  return settings.f_number > 0.0 ? settings.f_number : profile.optics.f_number;
}

}  // namespace ispsim::sensor
