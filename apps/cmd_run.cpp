#include "apps/cmd_run.hpp"
#include "apps/command_errors.hpp"

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "apps/raw_file.hpp"
#include "apps/report.hpp"
#include "apps/scene_metrics.hpp"
#include "apps/sensor_dng.hpp"
#include "apps/system/module_calibration.hpp"
#include "model/common/error.hpp"
#include "model/image/image_io.hpp"
#include "model/kernels/csi2.hpp"
#include "model/reference/frame_blocks.hpp"
#include "model/regmap/regmap.hpp"
#include "sensor_sim/readout_modes.hpp"
#include "sensor_sim/sensor_profile_json.hpp"

namespace ispsim::app {

namespace {

struct RunOptions {
  std::string backend = "soc";
  std::string scene = "chart";
  std::string out_dir = "out";
  uint64_t seed = 1;
  bool vcd = false;
  std::string size = "4096x3072";
  int pixels_per_clock = 2;
  double isp_clock_mhz = 600.0;
  double memory_gbps = 12.8;
  double memory_latency_ns = 100.0;
  int memory_mib = 64;
  bool register_log = false;
  bool metrics = false;
  std::string profile = "imx989-binned";
  std::string mode = "binned";
  bool size_given = false;
  std::vector<std::string> bypass;  // ISP blocks the firmware bypasses
  std::string dump_after;           // ISP block whose output frame to write
  bool dump_stats = false;          // write the 3A statistics the firmware read back
  double iso = 100;
  double exposure_s = 0.03125;
  int hdr = 1;  // staggered HDR exposures merged by the ISP (the later ones 1/8 and 1/64 as long)
  int dcg = 0;  // dual conversion gain ratio: 0 off, 4 or 16 (its wide code companded by the ISP)
  std::string calibration;  // module calibration file: read if it exists, else measured and kept
  std::string dng;          // also write the raw frame the ISP took as a DNG
  std::string raw;          // reprocess this stored raw instead of capturing a scene
  std::string demosaic = "edge";  // the demosaic's method: edge-directed or Malvar-He-Cutler
  bool iso_given = false;
  bool raw_given = false;
};

void bypass_blocks(const std::vector<std::string>& names, fw::IspTuning& tuning) {
  for (const auto& name : names) {
    bool found = false;
#define ISPSIM_PIPELINE_BLOCK(block, Type) \
  if (name == #block) found = tuning.block.bypass = true;
#include "model/blocks/pipeline.def"
#undef ISPSIM_PIPELINE_BLOCK
    if (!found)
      throw ModelError("--bypass " + name +
                       ": no such ISP block (the blocks: " + pipeline_block_list() + ")");
  }
}

// Tuning for the sensor in use (libcamera keeps a tuning file per sensor): its black level at
// the ISP's 12 bits, white balance and colour matrix from its camera response, and from the
// module's calibration its lens shading, for daylight (the white balance's light) until auto
// white balance estimates the scene's colour temperature, and its worst static defects.
fw::IspTuning tuning_for(const sensor::SensorProfile& profile,
                         const platform::ModuleCalibration& module, double sensor_gain) {
  fw::IspTuning tuning = fw::default_tuning();
  const double black_12bit = std::ldexp(profile.black_level_dn, 12 - profile.adc_bits);
  tuning.black_level.level.fill(static_cast<uint16_t>(std::lround(black_12bit)));
  const fw::Matrix3 response = profile.camera_from_srgb;
  tuning.white_balance.gain = fw::neutral_white_balance(response);
  tuning.color_matrix.matrix = fw::colour_matrix_for(response, tuning.white_balance.gain);
  if (!module.shading.empty())
    tuning.lens_shading.gain = fw::blocks::lens_shading_for_cct(module.shading, 6500);
  tuning.defect_pixel.static_defects = fw::blocks::worst_defects(module.defects);
  if (!module.noise.empty())
    tuning.bayer_nr = fw::blocks::BayerNr::tuning_for(
        module.noise, sensor_gain, fw::blocks::BlackLevel::norm_gain(tuning.black_level));
  return tuning;
}

// The module's calibration: from --calibration FILE when it exists; else measured (whole when
// it is to be kept in FILE, otherwise only for the blocks in use).
platform::ModuleCalibration module_calibration(const RunOptions& opt,
                                               const sensor::SensorProfile& profile,
                                               const sensor::ReadoutMode& mode, int width,
                                               int height) {
  const platform::CalibrationKey key{profile.name, profile.unit_seed, mode.name, width, height};
  if (!opt.calibration.empty() && std::filesystem::exists(opt.calibration))
    return platform::load_module_calibration(opt.calibration, key);
  platform::CalibrationOptions calibration;
  if (opt.calibration.empty()) {
    fw::IspTuning bypassed;
    bypass_blocks(opt.bypass, bypassed);
    calibration.shading = !bypassed.lens_shading.bypass;
    calibration.defects = !bypassed.defect_pixel.bypass;
    calibration.noise = !bypassed.bayer_nr.bypass;
  }
  platform::ModuleCalibration module =
      platform::calibrate_module(profile, &mode, width, height, calibration);
  if (!opt.calibration.empty()) platform::save_module_calibration(opt.calibration, key, module);
  return module;
}

// The part of the array (and so of the scene) a readout mode shows, in normalised coordinates.
sensor::NormRect field_of_view(const sensor::SensorProfile& profile,
                               const sensor::ReadoutMode& mode) {
  if (mode.register_code == 0) return {0, 0, 1, 1};  // binned: the whole array at any size
  const double w = sensor::native_width_px(profile), h = sensor::native_height_px(profile);
  return {mode.crop_x / w, mode.crop_y / h, (mode.crop_x + mode.crop_width) / w,
          (mode.crop_y + mode.crop_height) / h};
}

void parse_size(const std::string& text, int& width, int& height) {
  char x = 0;
  std::istringstream in(text);
  if (!(in >> width >> x >> height) || x != 'x' || !in.eof())
    throw ModelError("--size '" + text + "' is not WIDTHxHEIGHT (e.g. 4096x3072)");
  // The binned mode's crop limits (the sensor refuses other sizes over CCI).
  if (width < 16 || width > 4096 || width % 2 != 0 || height < 8 || height > 3072 ||
      height % 2 != 0)
    throw ModelError("--size " + text + " is outside the sensor's output sizes (even, 16..4096 x " +
                     "8..3072)");
}

// Writes the frame as it left the block --dump-after names: the ISP's input (the raw frame at
// the ISP's 12 bits) through the reference kernels with the settings the ISP ran, which give
// the streaming ISP's bits. A 16-bit PNG, the block's codes shifted to fill 16 bits. Returns
// what was written, for the summary.
std::string dump_after_block(const RunOptions& opt, const platform::SimulationOptions& sim,
                             const platform::SimulationResult& result) {
  std::vector<Image16> exposures = {result.raw};
  exposures.insert(exposures.end(), result.later_exposures.begin(), result.later_exposures.end());
  const int taken = blocks::HdrMerge::input_exposures(result.isp_params.hdr_merge);
  const Image16 isp_input = csi2::receiver_output(exposures, 0, taken, sim.capture.link_bits,
                                                  fw::receiver_keeps_depth(sim.capture));
  Image16 frame = frame_after_block(isp_input, result.isp_params, opt.dump_after);
  const int bits = blocks::sample_bits(blocks::pipeline_descriptor(opt.dump_after).output);
  // Black level's output carries the pedestal the noise reduction takes off (up to 4095 + it):
  // taken off here too, so black is 0 and white fits the PNG.
  const int pedestal = opt.dump_after == "black_level" ? result.isp_params.black_level.pedestal : 0;
  for (auto& sample : frame.samples())
    sample =
        static_cast<uint16_t>(std::clamp(sample - pedestal, 0, (1 << bits) - 1) << (16 - bits));
  const std::string path = opt.out_dir + "/after_" + opt.dump_after + ".png";
  write_png(path, frame);
  const char* layout = frame.channels() == 1 ? "the raw CFA mosaic"
                       : bits == 8           ? "Y, Cb, Cr at full resolution"
                                             : "R, G, B";
  // After the HDR merge the codes are its compander's, up to the tone curve that expands them.
  const bool companded = !result.isp_params.hdr_merge.bypass && bits == 12;
  return "wrote " + path + " (" + layout + ", " + std::to_string(bits) + "-bit codes x " +
         std::to_string(1 << (16 - bits)) + (companded ? ", companded by the HDR merge" : "") + ")";
}

void make_out_dir(const std::string& path) {
  std::error_code made;
  std::filesystem::create_directories(path, made);
  if (made || !std::filesystem::is_directory(path))
    throw ModelError("cannot create the output folder '" + path +
                     "': " + (made ? made.message() : "a file of that name exists"));
}

// The raw, the NV12 frame and the statistics, where the firmware places them, must all fit the
// simulated DRAM.
void check_memory_for_raw(const RunOptions& opt, const platform::SimulationOptions& sim) {
  const uint64_t needed = fw::place_for_reprocessing(sim.capture).end() - sim.soc.memory_base;
  const uint64_t mib = (needed + (1u << 20) - 1) >> 20;
  if (needed > sim.soc.memory_bytes)
    throw ModelError("--raw " + opt.raw + ": the " + std::to_string(sim.capture.width) + "x" +
                     std::to_string(sim.capture.height) + " raw and its NV12 frame need " +
                     std::to_string(mib) + " MiB of DRAM, --memory-mib is " +
                     std::to_string(opt.memory_mib) + ": raise --memory-mib");
}

// How a raw was developed, so reports can be told apart afterwards.
nlohmann::json raw_settings(const RunOptions& opt, const RawFile& file, double iso,
                            const fw::IspTuning& tuning) {
  const std::string colour_source =
      file.camera_from_xyz ? "ColorMatrix" : "the profile " + opt.profile;
  nlohmann::json settings = {
      {"raw", opt.raw},
      {"kind", file.kind},
      {"size", std::to_string(file.raw.width()) + "x" + std::to_string(file.raw.height())},
      {"source_bits", file.source_bits},
      {"cfa_phase", file.cfa_phase},
      {"black_level_12bit", file.black},
      {"white_level_12bit", file.white},
      {"iso", iso},
      {"iso_from", opt.iso_given  ? "--iso"
                   : file.iso > 0 ? "the file"
                                  : "none: base ISO"},
      {"exposure_s", file.exposure_s},
      {"white_balance_from",
       file.as_shot_neutral ? std::string("AsShotNeutral") : "the white of " + colour_source},
      {"white_balance_gains", tuning.white_balance.gain},
      {"colour_matrix_from", colour_source},
      {"colour_matrix", tuning.color_matrix.matrix},
      {"bayer_nr_noise_from",
       file.noise_profile ? (file.kind == "DNG" ? "NoiseProfile" : "the sidecar's noise_profile")
       : tuning.bayer_nr.shot + tuning.bayer_nr.read > 0
           ? "module calibration of the profile " + opt.profile
           : std::string("none (off)")},
      {"bayer_nr",
       {{"shot_codes2_per_code", tuning.bayer_nr.shot},
        {"read_codes2", tuning.bayer_nr.read},
        {"strength_sigmas", tuning.bayer_nr.strength},
        {"wide", tuning.bayer_nr.wide}}},
      {"lens_shading", "off: a stored raw says nothing of its lens"},
      {"demosaic", opt.demosaic},
      {"bypass", opt.bypass}};
  if (file.noise_profile) settings["noise_profile"] = *file.noise_profile;
  return settings;
}

// Settings for reprocessing --raw: the file (read into `file`), its tuning, the frame size.
// Returns how the raw is developed, for report.json.
nlohmann::json prepare_raw(const RunOptions& opt, platform::SimulationOptions& sim, RawFile& file) {
  file = read_raw_file(opt.raw, sim.soc.max_line_width, blocks::pipeline_min_frame_size());
  // ISO: as given, else the file's, else base.
  const double iso = opt.iso_given ? opt.iso : (file.iso > 0 ? file.iso : 100.0);
  std::vector<fw::blocks::NoiseModel> calibrated_noise;
  if (file.kind == "raw dump" && !file.noise_profile) {
    // A dump of the simulated sensor: its module's noise, measured at the dump's size.
    platform::CalibrationOptions calibration;
    calibration.shading = calibration.defects = false;
    calibrated_noise = platform::calibrate_module(sim.profile, &sensor::readout_modes().front(),
                                                  file.raw.width(), file.raw.height(), calibration)
                           .noise;
  }
  sim.capture.tuning =
      tuning_for_raw(file, sim.profile.camera_from_srgb, calibrated_noise, iso / 100.0);
  sim.capture.width = file.raw.width();
  sim.capture.height = file.raw.height();
  return raw_settings(opt, file, iso, sim.capture.tuning);
}

// Settings for capturing --scene: the sensor mode (into `mode`), gains, exposure and the tuning
// with the module's calibration. Returns how the frame is made, for report.json.
nlohmann::json prepare_capture(const RunOptions& opt, platform::SimulationOptions& sim,
                               std::optional<sensor::ReadoutMode>& mode) {
  parse_size(opt.size, sim.capture.width, sim.capture.height);
  mode = sensor::find_readout_mode(sim.profile, opt.mode);
  if (mode->register_code != 0) {
    if (opt.size_given)
      throw ModelError("--size crops the binned mode only; mode '" + mode->name + "' is " +
                       std::to_string(mode->output_width) + "x" +
                       std::to_string(mode->output_height));
    if (mode->formation == sensor::ModeFormation::kFullQuad)
      throw ModelError(
          "mode 'full-quad' sends Quad Bayer raw, which the ISP's Bayer demosaic "
          "cannot take; use mode 'full' (remosaiced on the sensor)");
    if (opt.dcg != 0 && mode->full_resolution())
      throw ModelError("--dcg " + std::to_string(opt.dcg) + ": mode '" + mode->name +
                       "' reads every pixel on its own; the sensor combines its two conversion "
                       "gains in binned modes only");
    sim.capture.sensor_mode = platform::driver_mode(*mode);
  }
  const int frame_width = mode->register_code != 0 ? mode->output_width : sim.capture.width;
  const int frame_height = mode->register_code != 0 ? mode->output_height : sim.capture.height;
  const fw::SensorGains gains = fw::gains_for_iso(opt.iso);
  sim.capture.tuning = tuning_for(
      sim.profile, module_calibration(opt, sim.profile, *mode, frame_width, frame_height),
      gains.analogue * gains.digital);
  sim.capture.analogue_gain = gains.analogue;
  sim.capture.digital_gain = gains.digital;
  sim.capture.exposure_s = opt.exposure_s;
  sim.capture.hdr_exposures = opt.hdr;
  sim.capture.hdr_exposure_ratios = {8.0, 64.0};
  sim.capture.dcg_ratio = opt.dcg;
  if (opt.dcg == 16) sim.capture.link_bits = 14;  // the 14-bit combined code, whole
  sim.capture.tuning.hdr_merge.bypass = opt.hdr == 1 && opt.dcg == 0;
  return {{"scene", opt.scene},
          {"profile", sim.profile.name},
          {"mode", mode->name},
          {"iso", opt.iso},
          {"analogue_gain", sim.capture.analogue_gain},
          {"digital_gain", sim.capture.digital_gain},
          {"exposure_s_requested", opt.exposure_s},
          {"hdr_exposures", opt.hdr},
          {"dcg_ratio", opt.dcg},
          {"seed", opt.seed},
          {"demosaic", opt.demosaic},
          {"bypass", opt.bypass}};
}

int run(const RunOptions& opt) {
  platform::SimulationOptions sim;
  sim.backend = opt.backend == "soc" ? platform::Backend::kSoc : platform::Backend::kReference;
  sim.seed = opt.seed;
  sim.profile = sensor::make_sensor_profile(opt.profile);
  sim.soc.pixels_per_clock = opt.pixels_per_clock;
  sim.soc.isp_clock_hz = opt.isp_clock_mhz * 1e6;
  sim.soc.memory_bandwidth_bytes_per_s = opt.memory_gbps * 1e9;
  sim.soc.memory_latency_ns = opt.memory_latency_ns;
  sim.soc.memory_bytes = static_cast<uint64_t>(opt.memory_mib) << 20;
  if (!(opt.iso >= 100 && opt.iso <= 102400))
    throw ModelError("--iso " + std::to_string(opt.iso) + " is outside 100..102400");
  if (!(opt.exposure_s > 0 && opt.exposure_s <= 1))
    throw ModelError("--exposure " + std::to_string(opt.exposure_s) + " s is outside (0, 1]");
  if (opt.vcd) sim.vcd_path = opt.out_dir + "/trace.vcd";
  sim.capture.keep_register_log = opt.register_log;
  sim.capture.statistics = opt.dump_stats;

  RawFile file;
  std::optional<sensor::ReadoutMode> mode;
  const nlohmann::json settings =
      opt.raw_given ? prepare_raw(opt, sim, file) : prepare_capture(opt, sim, mode);
  bypass_blocks(opt.bypass, sim.capture.tuning);
  sim.capture.tuning.demosaic.edge_directed = opt.demosaic == "edge";
  if (opt.raw_given) {
    try {  // what the file says must fit the ISP's registers
      fw::encode_isp_tuning(sim.capture.tuning);
    } catch (const fw::FirmwareError& error) {
      throw ModelError("--raw " + opt.raw +
                       ": its levels, white balance or colour matrix ask for settings the ISP "
                       "cannot hold (" +
                       error.what() + ")");
    }
    check_memory_for_raw(opt, sim);
  }
  const auto scene = opt.raw_given ? nullptr : sensor::make_scene(opt.scene);
  make_out_dir(opt.out_dir);
  const auto start = std::chrono::steady_clock::now();
  platform::SimulationResult result =
      opt.raw_given ? platform::simulate_raw(file.raw, sim) : platform::simulate(*scene, sim);
  const double wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  // The NV12 file is written while the RGB view is made and compressed (a 50 MP frame's NV12 is
  // 75 MB).
  std::future<void> nv12_written;
  if (result.capture.ok)
    nv12_written = std::async(std::launch::async, [&] {
      const std::string path = opt.out_dir + "/frame.nv12";
      std::ofstream nv12(path, std::ios::binary);
      nv12.write(reinterpret_cast<const char*>(result.frame.luma.data()), result.frame.luma.size());
      nv12.write(reinterpret_cast<const char*>(result.frame.chroma.data()),
                 result.frame.chroma.size());
      if (!nv12.flush()) throw ModelError("cannot write '" + path + "': " + std::strerror(errno));
    });
  if (opt.raw_given) result.capture.exposure_s = file.exposure_s;
  auto report = make_report(sim, result, wall_s);
  report["settings"] = settings;
  const Image8 rgb = result.capture.ok ? nv12_to_rgb8(result.frame) : Image8();
  // The settings the raw was taken with, and its codes as the sensor formatted them.
  sensor::SensorSettings shot;
  shot.width = result.raw.width();
  shot.height = result.raw.height();
  shot.exposure_s = result.capture.exposure_s;
  shot.analogue_gain = sim.capture.analogue_gain;
  shot.digital_gain = sim.capture.digital_gain;
  shot.dcg_ratio = opt.dcg;
  const sensor::RawFormat format =
      opt.raw_given ? sensor::RawFormat{} : sensor::mode_raw_format(sim.profile, *mode, shot);
  if (opt.metrics && result.capture.ok) {
    const double to_link = std::ldexp(1.0, sim.capture.link_bits - format.bits);
    RawFrameInfo raw{&result.raw, format.black_level_dn * to_link, format.white_level_dn * to_link};
    const blocks::HdrMerge::Params& merge = result.isp_params.hdr_merge;
    ImageF hdr_green;
    if (!merge.bypass) {
      std::vector<const Image16*> exposures = {&result.raw};
      for (const Image16& later : result.later_exposures)
        exposures.push_back(&later);
      hdr_green = hdr_merged_green(exposures, sim.capture.link_bits,
                                   fw::receiver_keeps_depth(sim.capture), merge);
      raw.hdr_green = &hdr_green;
      raw.hdr_white_level = (merge.saturated - merge.black) * merge.ratio[merge.exposures - 1];
    }
    report["iq"] = measure_scene_iq(
        rgb, raw, layout_in_window(scene->layout(), field_of_view(sim.profile, *mode)));
  }
  if (opt.metrics && result.capture.ok && report["iq"].empty())
    report["iq"]["note"] =
        "nothing to measure: the scene has no chart or flat field wholly inside "
        "the mode's field of view";
  std::ofstream report_file(opt.out_dir + "/report.json");
  if (!(report_file << report.dump(2) << "\n"))
    throw ModelError("cannot write '" + opt.out_dir + "/report.json'");
  if (opt.register_log) {
    std::ofstream log(opt.out_dir + "/registers.log");
    for (const auto& line : result.capture.register_log)
      log << line << "\n";
  }
  if (!result.capture.ok) {
    std::cerr << "ispsim run: capture failed: " << result.capture.error << "\n";
    // The receiver overflows when the ISP or the DRAM takes longer per line than the sensor.
    const platform::FrameTiming& t = result.timing;
    const auto hint = [&](const std::string& what, double line_s, const char* advice) {
      if ((result.capture.error_bits & regs::irq_bit::kRxOverflow) && line_s > t.sensor_line_s)
        std::cerr << "  " << what << " takes " << line_s * 1e6
                  << " us per line, the sensor sends one every " << t.sensor_line_s * 1e6
                  << " us: raise " << advice << "\n";
    };
    std::ostringstream isp, dram;
    isp << "the ISP at " << opt.pixels_per_clock << " pixels per clock and " << opt.isp_clock_mhz
        << " MHz";
    dram << "the DRAM at " << opt.memory_gbps << " GB/s";
    hint(isp.str(), t.isp_line_s, "--pixels-per-clock (up to 4) or --isp-clock-mhz");
    hint(dram.str(), t.memory_line_s, "--memory-gbps");
    // A frame (or its statistics) beyond the end of memory: the DMA's bus error.
    const uint64_t frame_bytes =
        static_cast<uint64_t>(result.capture.width) * result.capture.height * 3 / 2;
    if ((result.capture.error_bits & regs::irq_bit::kDmaError) &&
        frame_bytes + (opt.dump_stats ? 65536u : 0u) >
            (static_cast<uint64_t>(opt.memory_mib) << 20))
      std::cerr << "  the " << result.capture.width << "x" << result.capture.height
                << " NV12 frame needs " << ((frame_bytes + (1u << 20) - 1) >> 20) << " MiB of the "
                << opt.memory_mib << " MiB of DRAM: raise --memory-mib\n";
    return 1;
  }
  write_png(opt.out_dir + "/frame.png", rgb);
  nv12_written.get();
  std::string dumped;
  if (!opt.dump_after.empty()) dumped = dump_after_block(opt, sim, result);
  if (!opt.dng.empty()) {
    // The raw as the sensor sent it (its link depth), with the sensor's own metadata: what a
    // raw developer needs to develop the very frame the ISP developed.
    sensor::write_dng(opt.dng,
                      dng_for(result.raw, sim.capture.link_bits, format, sim.profile, shot));
    dumped += std::string(dumped.empty() ? "" : "\n  ") + "wrote " + opt.dng +
              (result.later_exposures.empty()
                   ? " (the raw frame the ISP took)"
                   : " (the longest of the " + std::to_string(result.later_exposures.size() + 1) +
                         " exposures the sensor sent)");
  }
  if (opt.dump_stats) {
    const std::string path = opt.out_dir + "/stats.json";
    std::ofstream out(path);
    if (!(out << statistics_json(*result.capture.statistics).dump(1) << "\n"))
      throw ModelError("cannot write '" + path + "'");
    dumped += std::string(dumped.empty() ? "" : "\n  ") + "wrote " + path +
              " (3A statistics the firmware read back)";
  }
  const auto& timing = report["timing"];
  std::cout << "ispsim run: " << report["backend"].get<std::string>() << " backend, "
            << result.frame.width << "x" << result.frame.height << " NV12, "
            << timing["frame_cycles"] << " ISP cycles per frame, "
            << timing["fps_at_clock"].get<double>() << " fps (bound by "
            << timing["bound_by"].get<std::string>() << "), " << wall_s << " s host time\n"
            << "  wrote " << opt.out_dir << "/frame.png, frame.nv12, report.json"
            << (opt.vcd && sim.backend == platform::Backend::kSoc ? ", trace.vcd" : "") << "\n";
  if (!dumped.empty()) std::cout << "  " << dumped << "\n";
  if (opt.raw_given) {
    static const char* const kPhases[] = {"RGGB", "GRBG", "GBRG", "BGGR"};
    std::cout << "  developed " << opt.raw << ": " << settings["kind"].get<std::string>() << ", "
              << settings["source_bits"] << "-bit, " << kPhases[settings["cfa_phase"].get<int>()]
              << ", ISO " << settings["iso"].get<double>() << "; white balance from "
              << settings["white_balance_from"].get<std::string>() << ", colour matrix from "
              << settings["colour_matrix_from"].get<std::string>() << ", Bayer NR noise from "
              << settings["bayer_nr_noise_from"].get<std::string>() << "\n";
  }
  return 0;
}

}  // namespace

void add_run_command(CLI::App& root, int& exit_code) {
  auto opt = std::make_shared<RunOptions>();
  auto* cmd = root.add_subcommand("run", "Simulate one frame: sensor, ISP, DMA and firmware");
  cmd->add_option("--backend", opt->backend, "soc (SystemC, timed) or reference (functional)")
      ->check(CLI::IsMember({"soc", "reference"}))
      ->capture_default_str();
  cmd->add_option("--scene", opt->scene,
                  "Built-in scene (chart, colorchecker, edge, star, wedge, flat, hdr, lowlight, "
                  "dark) or a PNG/TIFF/EXR file")
      ->capture_default_str();
  cmd->add_option("--out", opt->out_dir, "Output folder")->capture_default_str();
  cmd->add_option("--profile", opt->profile, "Sensor profile: built-in name or JSON file")
      ->capture_default_str();
  cmd->add_option("--seed", opt->seed, "Seed of the sensor's temporal noise")
      ->check(kSeedValidator)
      ->capture_default_str();
  cmd->add_flag("--vcd", opt->vcd,
                "Also write DIR/trace.vcd (vsync, line valid, irq, DMA busy; SoC backend only)");
  cmd->add_option("--size", opt->size, "Sensor output WIDTHxHEIGHT (even, up to 4096x3072)")
      ->capture_default_str()
      ->each([opt](const std::string&) { opt->size_given = true; });
  cmd->add_option("--mode", opt->mode,
                  "Sensor readout mode from the profile (binned, full, 4k, 1080p, 720p...)")
      ->capture_default_str();
  cmd->add_option("--pixels-per-clock", opt->pixels_per_clock, "ISP pixels per clock")
      ->check(CLI::IsMember({1, 2, 4}))
      ->capture_default_str();
  cmd->add_option("--isp-clock-mhz", opt->isp_clock_mhz, "ISP clock in MHz")
      ->check(CLI::Range(1.0, 5000.0))
      ->capture_default_str();
  cmd->add_option("--memory-gbps", opt->memory_gbps, "DRAM bandwidth in GB/s")
      ->check(CLI::Range(0.01, 1000.0))
      ->capture_default_str();
  cmd->add_option("--memory-mib", opt->memory_mib,
                  "DRAM size in MiB (an 8192x6144 NV12 frame needs 72 MiB)")
      ->check(CLI::Range(1, 2048))
      ->capture_default_str();
  cmd->add_option("--memory-latency-ns", opt->memory_latency_ns, "DRAM access latency in ns")
      ->check(CLI::Range(0.0, 100000.0))
      ->capture_default_str();
  cmd->add_option(
         "--bypass", opt->bypass,
         "ISP blocks to bypass, by name (comma-separated or repeated): " + pipeline_block_list())
      ->delimiter(',');
  cmd->add_option("--demosaic", opt->demosaic,
                  "Demosaic method (isp.DMS_CTRL.METHOD): edge (gradient-weighted, edge-directed) "
                  "or mhc (Malvar-He-Cutler 5x5 linear, for comparison)")
      ->check(CLI::IsMember({"edge", "mhc"}))
      ->capture_default_str();
  cmd->add_option("--dump-after", opt->dump_after,
                  "Also write DIR/after_BLOCK.png: the frame as it leaves that ISP block")
      ->check(CLI::IsMember(pipeline_block_names()));
  cmd->add_option("--dng", opt->dng,
                  "Also write the raw frame the ISP took as a DNG (for other raw developers)");
  auto* raw = cmd->add_option("--raw", opt->raw,
                              "Reprocess a stored raw instead of capturing a scene: a Bayer DNG "
                              "(any camera's; read with "
                              "LibRaw) or an ispsim raw dump (FILE with FILE.json beside it). The "
                              "firmware places it in "
                              "DRAM and the read DMA streams it through the ISP; its levels, CFA, "
                              "white balance, colour "
                              "matrix, ISO and NoiseProfile set the tuning (--iso overrides the "
                              "file's ISO: the noise "
                              "reduction's strength follows it). No lens shading correction: "
                              "nothing is known of the "
                              "lens")
                  ->each([opt](const std::string&) { opt->raw_given = true; });
  cmd->add_option("--calibration", opt->calibration,
                  "Module calibration file: read when it exists (for the same profile, mode and "
                  "size), otherwise measured before the run and written there");
  cmd->add_option("--iso", opt->iso, "ISO speed (100 = base; 64x analogue, then digital gain)")
      ->check(CLI::Range(100.0, 102400.0))
      ->capture_default_str()
      ->each([opt](const std::string&) { opt->iso_given = true; });
  cmd->add_option("--hdr", opt->hdr,
                  "Staggered HDR: exposures per frame (2 or 3, the later ones 1/8 and 1/64 of "
                  "the exposure as programmed), merged by the ISP; 1 = off")
      ->check(CLI::IsMember({1, 2, 3}))
      ->capture_default_str();
  cmd->add_option("--dcg", opt->dcg,
                  "Dual conversion gain: 0 off, 4 (12-bit code) or 16 (14-bit code over RAW14), "
                  "companded to 12 bits by the ISP's HDR merge")
      ->check(CLI::IsMember({0, 4, 16}))
      ->capture_default_str();
  cmd->add_option("--exposure", opt->exposure_s,
                  "Exposure time in seconds (the firmware rounds it to whole lines and lengthens "
                  "the frame for a long one, up to the sensor's frame-length limit; report.json "
                  "has the exposure programmed)")
      ->check(CLI::Range(1e-6, 1.0))
      ->capture_default_str();
  cmd->add_flag("--dump-stats", opt->dump_stats,
                "Also write DIR/stats.json: the ISP's 3A statistics (histogram, AWB, AE and AF "
                "zones) as the firmware read them back from memory");
  cmd->add_flag("--metrics", opt->metrics,
                "Add an \"iq\" section to report.json: colour error, SNR, MTF50, dynamic range");
  cmd->add_flag("--register-log", opt->register_log,
                "Write DIR/registers.log of firmware accesses");
  // Options of a capture that a stored raw does not have.
  for (const char* name : {"--scene", "--size", "--mode", "--exposure", "--dng", "--calibration",
                           "--metrics", "--seed", "--hdr", "--dcg"})
    raw->excludes(cmd->get_option(name));
  cmd->callback([opt, &exit_code] { exit_code = run_command("run", [&] { return run(*opt); }); });
}

}  // namespace ispsim::app
