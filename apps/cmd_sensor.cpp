#include "apps/cmd_sensor.hpp"
#include "apps/command_errors.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>

#include "apps/sensor_dng.hpp"
#include "model/common/error.hpp"
#include "model/regmap/regmap.hpp"
#include "sensor_sim/optics.hpp"
#include "sensor_sim/raw_output/ground_truth.hpp"
#include "sensor_sim/raw_output/raw_dump.hpp"
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
  std::string dng, raw, truth;
};

constexpr double kBaseIso = 100.0;         // reference table: base ISO 100
constexpr double kMaxAnalogueGain = 64.0;  // then digital gain, up to the register's 16x
constexpr int kLineLengthPck = 5000;       // binned mode: 10.42 us lines at 480 MHz
constexpr int kFrameLengthLines = 3200;    // 30 fps

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
             const SensorOptions& o) {
  if (o.mode != "binned")
    throw ModelError("sensor mode '" + o.mode + "' is not available in this build; modes: binned");
  int width = profile.array_width_px, height = profile.array_height_px;
  if (!o.size.empty()) {
    char x = 0;
    std::istringstream in(o.size);
    if (!(in >> width >> x >> height) || x != 'x' || !in.eof())
      throw ModelError("--size '" + o.size + "' is not WIDTHxHEIGHT (e.g. 1024x768)");
  }
  const double line_time_s = kLineLengthPck / profile.pixel_clock_hz;
  const double lines = std::round(o.exposure_s / line_time_s);
  // Long exposures lengthen the frame (vertical blanking), as sensor drivers do; so does the
  // delayed readout of the later HDR exposures (1/8 and 1/64 of the first, below).
  const double hdr_lines =
      (o.hdr > 1 ? std::round(lines / 8) : 0) + (o.hdr > 2 ? std::round(lines / 64) : 0);
  const double frame_lines =
      std::max({static_cast<double>(kFrameLengthLines), lines + 4, height + hdr_lines + 8});
  if (lines < 1 || frame_lines > 65535)
    throw ModelError("--exposure " + std::to_string(o.exposure_s) +
                     " s does not fit this mode's frame timing (one line is " +
                     std::to_string(line_time_s * 1e6) + " us, at most 65531 lines)");
  const double gain = o.iso / kBaseIso;
  const double analogue = std::min(gain, kMaxAnalogueGain);
  const double digital = gain / analogue;
  write_register(control, sr::X_OUTPUT_SIZE, static_cast<uint32_t>(width), "X_OUTPUT_SIZE");
  write_register(control, sr::Y_OUTPUT_SIZE, static_cast<uint32_t>(height), "Y_OUTPUT_SIZE");
  write_register(control, sr::LINE_LENGTH_PCK, kLineLengthPck, "LINE_LENGTH_PCK");
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

int run(const SensorOptions& o) {
  const sensor::SensorProfile profile = sensor::make_sensor_profile(o.profile);
  const auto scene = sensor::make_scene(o.scene);
  sensor::SensorControl control(profile);
  program(control, profile, o);
  sensor::FrameSetup setup = control.begin_frame();
  setup.settings.temperature_c = o.temperature_c;
  sensor::validate_sensor_setup(profile, setup.settings);
  sensor::RenderOptions render;
  render.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  const auto exposures = sensor::render_exposures(*scene, profile, setup, o.seed, 0, render);

  const double frame_s = control.frame_length_lines() * control.line_time_s();
  std::cout << "ispsim sensor: " << profile.name << ", mode " << o.mode << " "
            << setup.settings.width << "x" << setup.settings.height << " RGGB, " << setup.link_bits
            << "-bit, " << 1.0 / frame_s << " fps, ISO " << o.iso << "\n";
  for (int k = 0; k < setup.exposures; ++k) {
    sensor::SensorSettings shot = setup.settings;
    shot.exposure_s = setup.exposure_s[k];
    std::cout << "  exposure " << k << ": " << shot.exposure_s * 1e3 << " ms";
    if (!o.dng.empty()) {
      const std::string path = exposure_path(o.dng, k, setup.exposures);
      sensor::write_dng(path, dng_for(exposures[k], setup.link_bits, profile, shot));
      std::cout << " -> " << path;
    }
    if (!o.raw.empty()) {
      const std::string path = exposure_path(o.raw, k, setup.exposures);
      sensor::RawDumpFormat format;
      format.bits = setup.link_bits;
      format.black_level.fill(
          std::ldexp(profile.black_level_dn, setup.link_bits - profile.adc_bits));
      format.white_level = std::ldexp(1.0, setup.link_bits) - 1;
      sensor::write_raw_dump(path, exposures[k], format);
      std::cout << " -> " << path;
    }
    std::cout << "\n";
  }
  if (!o.truth.empty()) {
    // What the optics deliver, before the pixels: mean photo-electrons per pixel in camera RGB.
    const ImageF camera = sensor::render_optical_image(*scene, profile, setup.settings);
    sensor::write_linear_tiff(o.truth + "-camera.tif", camera,
                              "ispsim ground truth: camera RGB, mean photo-electrons per pixel");
    std::cout << "  ground truth -> " << o.truth << "-camera.tif\n";
  }
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
  cmd->add_option("--mode", o->mode, "Readout mode")->capture_default_str();
  cmd->add_option("--iso", o->iso, "ISO speed (100 = base; 64x analogue, then digital gain)")
      ->check(CLI::Range(100.0, 102400.0))
      ->capture_default_str();
  cmd->add_option("--exposure", o->exposure_s, "Exposure time in seconds")
      ->check(CLI::Range(1e-6, 0.68))  // up to 65531 lines of 10.4 us
      ->capture_default_str();
  cmd->add_option("--size", o->size, "Output WIDTHxHEIGHT, a crop of the mode (even sizes)");
  cmd->add_option("--seed", o->seed, "Seed of the temporal noise")->capture_default_str();
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
  cmd->add_option("--truth", o->truth, "Write PREFIX-camera.tif: the noise-free optical image");
  cmd->callback([o, &exit_code] { exit_code = run_command("sensor", [&] { return run(*o); }); });
}

}  // namespace ispsim::app
