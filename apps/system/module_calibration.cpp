#include "apps/system/module_calibration.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "model/common/error.hpp"
#include "model/common/row_bands.hpp"
#include "sensor_sim/sensor_control.hpp"
#include "sensor_sim/sensor_readout.hpp"

namespace ispsim::platform {
namespace {

// One capture through the sensor in a mode and size, with its code range at the link's depth.
struct Capture {
  Image16 raw;
  fw::RawView view() const {
    fw::RawView v;
    v.samples = raw.data();
    v.width = raw.width();
    v.height = raw.height();
    v.cfa_phase = 0;  // the sensor's RGGB
    v.black_level = black;
    v.white_level = white;
    return v;
  }
  double black = 0, white = 0;
  double exposure_s = 0;
};

class CalibrationStation {
 public:
  CalibrationStation(const sensor::SensorProfile& profile, const sensor::ReadoutMode* mode,
                     int width, int height, uint64_t seed)
      : profile_(profile), seed_(seed) {
    setup_.mode = mode ? mode : &sensor::readout_modes().front();
    setup_.settings.width = width;
    setup_.settings.height = height;
    render_.threads = host_threads();
  }

  Capture capture(const sensor::Scene& scene, double exposure_s, double analogue_gain = 1.0) {
    setup_.settings.exposure_s = exposure_s;
    setup_.settings.analogue_gain = analogue_gain;
    setup_.exposure_s[0] = exposure_s;
    Capture c;
    c.exposure_s = exposure_s;
    c.raw = std::move(
        sensor::render_exposures(scene, profile_, setup_, seed_, frame_++, render_).front());
    const sensor::RawFormat format =
        sensor::mode_raw_format(profile_, *setup_.mode, setup_.settings);
    const double to_link = std::ldexp(1.0, setup_.link_bits - format.bits);
    c.black = format.black_level_dn * to_link;
    c.white = format.white_level_dn * to_link;
    return c;
  }

  // A flat field metered to about half of the range at the centre, as a calibration station
  // exposes it: one capture to meter, one to keep.
  Capture flat_field(const sensor::Scene& flat) {
    const double first_exposure = setup_.settings.exposure_s;
    Capture metering = capture(flat, first_exposure);
    const double level = centre_level(metering);
    if (!(level > 0)) return metering;  // the calibration routine says what is wrong with it
    return capture(
        flat,
        first_exposure * std::clamp(0.5 * (metering.white - metering.black) / level, 0.01, 100.0));
  }

 public:
  // The median of the frame's central 1/8 x 1/8, in codes above black.
  static double centre_level(const Capture& c) {
    std::vector<uint16_t> centre;
    const Image16& raw = c.raw;
    for (int y = raw.height() * 7 / 16; y < std::max(raw.height() * 9 / 16, 1); ++y)
      for (int x = raw.width() * 7 / 16; x < std::max(raw.width() * 9 / 16, 1); ++x)
        centre.push_back(raw.at(x, y));
    auto middle = centre.begin() + static_cast<std::ptrdiff_t>(centre.size() / 2);
    std::nth_element(centre.begin(), middle, centre.end());
    return *middle - c.black;
  }

 private:
  const sensor::SensorProfile& profile_;
  uint64_t seed_;
  sensor::FrameSetup setup_;
  sensor::RenderOptions render_;
  uint32_t frame_ = 0;
};

}  // namespace

ModuleCalibration calibrate_module(const sensor::SensorProfile& profile,
                                   const sensor::ReadoutMode* mode, int width, int height,
                                   const CalibrationOptions& options) {
  ModuleCalibration module;
  if (!options.shading && !options.noise && (!options.defects || mode == nullptr)) return module;
  // The small flat field meters the exposure for both calibrations.
  const auto flat_scene = sensor::make_builtin_scene("flat");
  CalibrationStation shading_station(profile, nullptr, options.shading_width,
                                     options.shading_height, options.seed);
  const Capture flat = shading_station.flat_field(*flat_scene);
  if (options.shading) {
    fw::blocks::LensShadingTable daylight;
    daylight.cct_k = 6500;
    daylight.gain = fw::blocks::calibrate_lens_shading(flat.view());
    module.shading = {daylight};
  }
  if (options.noise) {
    CalibrationStation noise_station(profile, nullptr, options.noise_width, options.noise_height,
                                     options.seed);
    for (const double gain : {1.0, 4.0, 16.0, 64.0}) {
      if (gain > profile.max_analogue_gain) break;
      std::vector<fw::blocks::NoiseSample> samples;
      for (const double level : {0.2, 1.0}) {  // of the metered half range
        const double exposure = flat.exposure_s * level / gain;
        const Capture a = noise_station.capture(*flat_scene, exposure, gain);
        const Capture b = noise_station.capture(*flat_scene, exposure, gain);
        samples.push_back(fw::blocks::measure_flat_noise(a.view(), b.view()));
      }
      module.noise.push_back(fw::blocks::fit_noise_model(samples, gain));
    }
  }
  if (!options.defects || mode == nullptr) return module;
  // A pixel collects the same light whatever the frame's size, so the exposure usually carries
  // over; a mode of another sensitivity is exposed again to half of its range.
  CalibrationStation station(profile, mode, width, height, options.seed);
  Capture field = station.capture(*flat_scene, flat.exposure_s);
  const double level = CalibrationStation::centre_level(field) / (field.white - field.black);
  if (level > 0 && (level < 0.25 || level > 0.75))
    field = station.capture(*flat_scene, flat.exposure_s * std::clamp(0.5 / level, 0.01, 100.0));
  const Capture dark =
      station.capture(*sensor::make_builtin_scene("dark"), options.dark_exposure_s);
  module.defects = fw::blocks::find_static_defects(dark.view(), field.view());
  return module;
}

std::string CalibrationKey::describe() const {
  char unit[32];
  std::snprintf(unit, sizeof unit, "0x%llX", static_cast<unsigned long long>(unit_seed));
  return profile + " unit " + unit + ", mode " + mode + " " + std::to_string(width) + "x" +
         std::to_string(height);
}

namespace {

constexpr int kCalibrationFileVersion = 1;

nlohmann::json key_json(const CalibrationKey& key) {
  return {{"profile", key.profile},
          {"unit_seed", key.unit_seed},
          {"mode", key.mode},
          {"width", key.width},
          {"height", key.height}};
}

}  // namespace

void save_module_calibration(const std::string& path, const CalibrationKey& key,
                             const ModuleCalibration& module) {
  nlohmann::json shading = nlohmann::json::array(), noise = nlohmann::json::array(),
                 defects = nlohmann::json::array();
  for (const auto& table : module.shading)
    shading.push_back({{"cct_k", table.cct_k}, {"gain", table.gain}});
  for (const auto& m : module.noise)
    noise.push_back({{"gain", m.gain}, {"shot", m.shot}, {"read", m.read}});
  for (const auto& d : module.defects)
    defects.push_back({d.where.x, d.where.y, d.deviation});
  const nlohmann::json file = {{"ispsim_module_calibration", kCalibrationFileVersion},
                               {"key", key_json(key)},
                               {"lens_shading", shading},
                               {"noise", noise},
                               {"defects", defects}};
  std::ofstream out(path);
  if (!(out << file.dump() << "\n")) throw ModelError("cannot write '" + path + "'");
}

ModuleCalibration load_module_calibration(const std::string& path, const CalibrationKey& key) {
  std::ifstream in(path);
  if (!in) throw ModelError("cannot read module calibration '" + path + "'");
  const auto fail = [&path](const std::string& why) {
    return ModelError("module calibration '" + path + "': " + why);
  };
  nlohmann::json file;
  try {
    file = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw fail(std::string("not valid JSON: ") + e.what());
  }
  try {
    if (!file.is_object() || file.value("ispsim_module_calibration", 0) != kCalibrationFileVersion)
      throw fail("not an ispsim module calibration (version " +
                 std::to_string(kCalibrationFileVersion) + ")");
    const nlohmann::json& k = file.at("key");
    CalibrationKey stored{k.at("profile").get<std::string>(), k.at("unit_seed").get<uint64_t>(),
                          k.at("mode").get<std::string>(), k.at("width").get<int>(),
                          k.at("height").get<int>()};
    if (!(stored == key))
      throw fail("measured for " + stored.describe() + ", not for this run's " + key.describe() +
                 " (name another file to calibrate anew)");
    ModuleCalibration module;
    for (const auto& t : file.at("lens_shading")) {
      fw::blocks::LensShadingTable table;
      table.cct_k = t.at("cct_k").get<double>();
      const auto gains = t.at("gain").get<std::vector<double>>();
      if (gains.size() != table.gain.size())
        throw fail("a lens shading table of " + std::to_string(gains.size()) + " gains, not " +
                   std::to_string(table.gain.size()));
      std::copy(gains.begin(), gains.end(), table.gain.begin());
      module.shading.push_back(table);
    }
    for (const auto& m : file.at("noise"))
      module.noise.push_back(
          {m.at("gain").get<double>(), m.at("shot").get<double>(), m.at("read").get<double>()});
    for (const auto& d : file.at("defects"))
      module.defects.push_back({{d.at(0).get<int>(), d.at(1).get<int>()}, d.at(2).get<double>()});
    return module;
  } catch (const nlohmann::json::exception& e) {
    throw fail(std::string("malformed: ") + e.what());
  }
}

}  // namespace ispsim::platform
