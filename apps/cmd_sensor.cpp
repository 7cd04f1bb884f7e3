#include "apps/cmd_sensor.hpp"
#include "apps/command_errors.hpp"
#include "firmware/sensor_driver.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>

#include "apps/sensor_dng.hpp"
#include "model/common/error.hpp"
#include "model/common/row_bands.hpp"
#include "model/regmap/regmap.hpp"
#include "sensor_sim/colour_matrix.hpp"
#include "sensor_sim/optics.hpp"
#include "sensor_sim/raw_output/ground_truth.hpp"
#include "sensor_sim/raw_output/raw_dump.hpp"
#include "sensor_sim/readout_modes.hpp"
#include "sensor_sim/sensor_profile_json.hpp"
#include "sensor_sim/sensor_readout.hpp"

namespace ispsim::app {

namespace {

namespace sr = regs::sensor;

struct SensorOptions {
  std::string scene = "chart";
  std::string profile = "imx989-binned";
  std::string mode = "binned";
  double iso = 100;
  double exposure_s = 0.01;
  uint64_t seed = 1;
  int hdr = 1;
  int bits = 12;
  double temperature_c = 25.0;
  std::string size;  // empty: the mode's full output
  int dcg = 0;       // dual conversion gain ratio: 0 off, 4 (12-bit) or 16 (14-bit) combined
  std::string dng, raw, truth;
};

// Writes a CCI register as firmware would; a NACK is an error naming register and value.
void write_register(sensor::SensorControl& control, uint16_t address, uint32_t value,
                    const char* name) {
  if (value > 0xFFFF || !control.cci_write(address, static_cast<uint16_t>(value))) {
    char text[160];
    std::snprintf(text, sizeof text, "the sensor refused %s = %u (CCI register 0x%04X)", name,
                  value, address);
    throw ModelError(text);
  }
}

// "frame.dng" -> "frame-1.dng" for exposure 1 of an HDR set; unchanged for a single exposure.
std::string exposure_path(const std::string& path, int exposure, int exposures) {
  if (exposures == 1) return path;
  const auto dot = path.find_last_of('.');
  const auto slash = path.find_last_of('/');
  const bool has_extension =
      dot != std::string::npos && (slash == std::string::npos || dot > slash);
  const std::string stem = has_extension ? path.substr(0, dot) : path;
  return stem + "-" + std::to_string(exposure) + (has_extension ? path.substr(dot) : "");
}

void program(sensor::SensorControl& control, const sensor::SensorProfile& profile,
             const sensor::ReadoutMode& mode, const SensorOptions& o) {
  // The binned mode's output size is a crop set by X/Y_OUTPUT_SIZE; other modes fix their own.
  int width = mode.register_code == 0 ? profile.array_width_px : mode.output_width;
  int height = mode.register_code == 0 ? profile.array_height_px : mode.output_height;
  if (!o.size.empty()) {
    if (mode.register_code != 0)
      throw ModelError("--size crops the binned mode only; mode '" + mode.name + "' is " +
                       std::to_string(mode.output_width) + "x" +
                       std::to_string(mode.output_height));
    char x = 0;
    std::istringstream in(o.size);
    if (!(in >> width >> x >> height) || x != 'x' || !in.eof())
      throw ModelError("--size '" + o.size + "' is not WIDTHxHEIGHT (e.g. 1024x768)");
  }
  const double line_time_s = mode.line_time_s();
  const double lines = std::round(o.exposure_s / line_time_s);
  // Long exposures lengthen the frame (vertical blanking), as sensor drivers do; so does the
  // delayed readout of the later HDR exposures (1/8 and 1/64 of the first, below).
  const double hdr_lines =
      (o.hdr > 1 ? std::round(lines / 8) : 0) + (o.hdr > 2 ? std::round(lines / 64) : 0);
  const double frame_lines =
      std::max({static_cast<double>(mode.frame_length_lines), lines + 4, height + hdr_lines + 8});
  if (lines < 1 || frame_lines > 65535)
    throw ModelError("--exposure " + std::to_string(o.exposure_s) + " s does not fit mode '" +
                     mode.name + "' (one line is " + std::to_string(line_time_s * 1e6) +
                     " us, at most 65531 lines)");
  const fw::SensorGains gains = fw::gains_for_iso(o.iso);
  const double analogue = gains.analogue, digital = gains.digital;
  write_register(control, sr::SENSOR_MODE, mode.register_code, "SENSOR_MODE");
  write_register(control, sr::DCG_MODE, o.dcg == 0 ? 0 : (o.dcg == 4 ? 1 : 2), "DCG_MODE");
  if (mode.register_code == 0) {  // other modes fix their own size (up to 8192x6144)
    write_register(control, sr::X_OUTPUT_SIZE, static_cast<uint32_t>(width), "X_OUTPUT_SIZE");
    write_register(control, sr::Y_OUTPUT_SIZE, static_cast<uint32_t>(height), "Y_OUTPUT_SIZE");
  }
  write_register(control, sr::LINE_LENGTH_PCK, static_cast<uint32_t>(mode.line_length_pck),
                 "LINE_LENGTH_PCK");
  write_register(control, sr::FRAME_LENGTH_LINES, static_cast<uint32_t>(frame_lines),
                 "FRAME_LENGTH_LINES");
  write_register(control, sr::COARSE_INTEGRATION_TIME, static_cast<uint32_t>(lines),
                 "COARSE_INTEGRATION_TIME");
  write_register(control, sr::ANALOGUE_GAIN,
                 static_cast<uint32_t>(std::lround(16384.0 - 16384.0 / analogue)), "ANALOGUE_GAIN");
  write_register(control, sr::DIGITAL_GAIN, static_cast<uint32_t>(std::lround(digital * 256)),
                 "DIGITAL_GAIN");
  write_register(control, sr::CSI_DATA_FORMAT, static_cast<uint32_t>((o.bits << 8) | o.bits),
                 "CSI_DATA_FORMAT");
  write_register(control, sr::HDR_MODE, static_cast<uint32_t>(o.hdr), "HDR_MODE");
  // HDR: each later exposure 1/8 of the one before (a typical 3-exposure ratio).
  write_register(control, sr::COARSE_INTEGRATION_TIME_MEDIUM,
                 static_cast<uint32_t>(std::max(1.0, std::round(lines / 8))),
                 "COARSE_INTEGRATION_TIME_MEDIUM");
  write_register(control, sr::COARSE_INTEGRATION_TIME_SHORT,
                 static_cast<uint32_t>(std::max(1.0, std::round(lines / 64))),
                 "COARSE_INTEGRATION_TIME_SHORT");
}

// What the optics deliver, before the pixels: camera RGB in mean photo-electrons per pixel, and
// the same as linear sRGB relative to a perfect diffuse white at the reference luminance (the
// camera response inverted), for fidelity tests of everything downstream.
void write_ground_truth(const std::string& prefix, const sensor::Scene& scene,
                        const sensor::SensorProfile& profile,
                        const sensor::SensorSettings& settings) {
  const ImageF camera = sensor::render_optical_image(scene, profile, settings);
  sensor::write_linear_tiff(prefix + "-camera.tif", camera,
                            "ispsim ground truth: camera RGB, mean photo-electrons per pixel");
  const Eigen::Matrix3d srgb_from_camera = sensor::matrix3(profile.camera_from_srgb).inverse();
  // Electrons for a scene value of 1.0 on axis at this exposure and aperture.
  const double lens_f = profile.optics.f_number;
  const double f_number = settings.f_number > 0 ? settings.f_number : lens_f;
  const double unit_electrons = profile.electrons_per_second * settings.exposure_s *
                                (lens_f * lens_f) / (f_number * f_number);
  ImageF srgb(camera.width(), camera.height(), 3);
  const Eigen::Index pixels = static_cast<Eigen::Index>(camera.width()) * camera.height();
  const Eigen::Map<const Eigen::Matrix3Xf> camera_rgb(camera.data(), 3, pixels);
  Eigen::Map<Eigen::Matrix3Xf> srgb_rgb(srgb.data(), 3, pixels);
  for (Eigen::Index p = 0; p < pixels; ++p)
    srgb_rgb.col(p) =
        (srgb_from_camera * camera_rgb.col(p).cast<double>() / unit_electrons).cast<float>();
  sensor::write_linear_tiff(prefix + "-srgb.tif", srgb,
                            "ispsim ground truth: linear sRGB, 1.0 = diffuse white at the "
                            "reference luminance, as the optics deliver it");
  std::cout << "  ground truth -> " << prefix << "-camera.tif, " << prefix << "-srgb.tif\n";
}

int run(const SensorOptions& o) {
  const sensor::SensorProfile profile = sensor::make_sensor_profile(o.profile);
  const auto scene = sensor::make_scene(o.scene);
  const sensor::ReadoutMode& mode = sensor::find_readout_mode(profile, o.mode);
  if (mode.formation == sensor::ModeFormation::kFullQuad && !o.dng.empty())
    throw ModelError(
        "mode 'full-quad' is Quad Bayer raw, which a DNG CFA pattern here cannot "
        "describe; use --raw, or mode 'full' (remosaiced to Bayer) for a DNG");
  sensor::SensorControl control(profile);
  program(control, profile, mode, o);
  sensor::FrameSetup setup = control.begin_frame();
  setup.settings.temperature_c = o.temperature_c;
  sensor::validate_sensor_setup(profile, setup.settings);
  sensor::RenderOptions render;
  render.threads = host_threads();
  const auto exposures = sensor::render_exposures(*scene, profile, setup, o.seed, 0, render);

  const double frame_s = control.frame_length_lines() * control.line_time_s();
  const sensor::RawFormat format = sensor::mode_raw_format(profile, mode, setup.settings);
  const double to_link = std::ldexp(1.0, setup.link_bits - format.bits);
  std::cout << "ispsim sensor: " << profile.name << ", mode " << mode.name << " "
            << setup.settings.width << "x" << setup.settings.height << " RGGB, " << setup.link_bits
            << "-bit, " << 1.0 / frame_s << " fps, ISO " << o.iso << "\n";
  for (int k = 0; k < setup.exposures; ++k) {
    sensor::SensorSettings shot = setup.settings;
    shot.exposure_s = setup.exposure_s[k];
    std::cout << "  exposure " << k << ": " << shot.exposure_s * 1e3 << " ms";
    // The DNG's metadata, which the dump's sidecar repeats.
    const sensor::DngRaw dng = dng_for(exposures[k], setup.link_bits, format, profile, shot);
    if (!o.dng.empty()) {
      const std::string path = exposure_path(o.dng, k, setup.exposures);
      sensor::write_dng(path, dng);
      std::cout << " -> " << path;
    }
    if (!o.raw.empty()) {
      const std::string path = exposure_path(o.raw, k, setup.exposures);
      sensor::RawDumpFormat dump;
      dump.bits = setup.link_bits;
      dump.black_level.fill(format.black_level_dn * to_link);
      dump.white_level = std::min(std::floor(format.white_level_dn * to_link),
                                  std::ldexp(1.0, setup.link_bits) - 1);
      dump.quad_bayer = mode.formation == sensor::ModeFormation::kFullQuad;
      dump.iso = dng.iso;
      dump.exposure_s = dng.exposure_s;
      dump.noise_scale = dng.noise_scale;
      dump.noise_offset = dng.noise_offset;
      sensor::write_raw_dump(path, exposures[k], dump);
      std::cout << " -> " << path;
    }
    std::cout << "\n";
  }
  if (!o.truth.empty()) write_ground_truth(o.truth, *scene, profile, setup.settings);
  return 0;
}

}  // namespace

void add_sensor_command(CLI::App& root, int& exit_code) {
  auto o = std::make_shared<SensorOptions>();
  auto* cmd = root.add_subcommand("sensor", "Simulate the sensor alone and write raw files");
  std::string scenes = "Built-in scene (";
  for (const auto& name : sensor::builtin_scene_names())
    scenes += name + " ";
  scenes.back() = ')';
  cmd->add_option("--scene", o->scene, scenes + " or a PNG/TIFF/EXR file")->capture_default_str();
  cmd->add_option("--profile", o->profile, "Sensor profile: built-in name or JSON file")
      ->capture_default_str();
  std::string modes = "Readout mode (";
  for (const auto& mode : sensor::readout_modes())
    modes += mode.name + " ";
  modes.back() = ')';
  cmd->add_option("--mode", o->mode, modes)->capture_default_str();
  cmd->add_option("--dcg", o->dcg, "Dual conversion gain: 0 off, 4 (12-bit) or 16 (14-bit)")
      ->check(CLI::IsMember({0, 4, 16}))
      ->capture_default_str();
  cmd->add_option("--iso", o->iso, "ISO speed (100 = base; 64x analogue, then digital gain)")
      ->check(CLI::Range(100.0, 102400.0))
      ->capture_default_str();
  cmd->add_option("--exposure", o->exposure_s, "Exposure time in seconds")
      ->check(CLI::Range(1e-6, 0.68))  // up to 65531 lines of 10.4 us
      ->capture_default_str();
  cmd->add_option("--size", o->size,
                  "Output WIDTHxHEIGHT (even) of the binned mode: its whole field of view at that "
                  "size; the other modes have their own size");
  cmd->add_option("--seed", o->seed, "Seed of the temporal noise")
      ->check(kSeedValidator)
      ->capture_default_str();
  cmd->add_option("--hdr", o->hdr, "Staggered HDR exposures (2 or 3; 1 = off)")
      ->check(CLI::IsMember({1, 2, 3}))
      ->capture_default_str();
  cmd->add_option("--bits", o->bits, "Link depth: 10, 12 or 14")
      ->check(CLI::IsMember({10, 12, 14}))
      ->capture_default_str();
  cmd->add_option("--temperature", o->temperature_c, "Die temperature in degrees Celsius")
      ->check(CLI::Range(-40.0, 125.0))
      ->capture_default_str();
  cmd->add_option("--dng", o->dng, "Write a DNG (FILE-K.dng per exposure with --hdr)");
  cmd->add_option("--raw", o->raw, "Write a headerless 16-bit raw dump with a JSON sidecar");
  cmd->add_option("--truth", o->truth,
                  "Write PREFIX-camera.tif and PREFIX-srgb.tif: the noise-free optical image");
  cmd->callback([o, &exit_code] { exit_code = run_command("sensor", [&] { return run(*o); }); });
}

}  // namespace ispsim::app
