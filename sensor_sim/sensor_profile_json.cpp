// JSON <-> SensorProfile through one field list, so reading and writing can never disagree.
#include "sensor_sim/sensor_profile_json.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <type_traits>
#include <utility>

#include "model/common/error.hpp"
#include "sensor_sim/readout_modes.hpp"

namespace ispsim::sensor {
namespace {

using nlohmann::json;

template <typename Visitor>
void visit_optics(OpticsProfile& o, Visitor&& visit) {
  visit("enabled", o.enabled);
  visit("f_number", o.f_number);
  visit("focal_length_mm", o.focal_length_mm);
  visit("transmittance", o.transmittance);
  visit("chief_ray_angle_deg", o.chief_ray_angle_deg);
  visit("vignetting", o.vignetting);
  visit("colour_shading", o.colour_shading);
  visit("crosstalk_at_edge", o.crosstalk_at_edge);
  visit("aberration_sigma_um", o.aberration_sigma_um);
  visit("defocus_dioptres", o.defocus_dioptres);
}

template <typename Visitor>
void visit_mode(ReadoutMode& m, Visitor&& visit) {
  visit("name", m.name);
  visit("register_code", m.register_code);
  visit("formation", m.formation);
  visit("output_width", m.output_width);
  visit("output_height", m.output_height);
  visit("crop_x", m.crop_x);
  visit("crop_y", m.crop_y);
  visit("crop_width", m.crop_width);
  visit("crop_height", m.crop_height);
  visit("scale_factor", m.scale_factor);
  visit("line_length_pck", m.line_length_pck);
  visit("frame_length_lines", m.frame_length_lines);
  visit("pixel_clock_hz", m.pixel_clock_hz);
  visit("reference_fps", m.reference_fps);
}

constexpr std::pair<ModeFormation, const char*> kFormationNames[] = {
    {ModeFormation::kBinned, "binned"},
    {ModeFormation::kFullRemosaic, "full-remosaic"},
    {ModeFormation::kFullQuad, "full-quad"},
    {ModeFormation::kCropBinned, "crop-binned"},
    {ModeFormation::kCropBinnedScaled, "crop-binned-scaled"},
};

const char* formation_name(ModeFormation formation) {
  for (const auto& [value, name] : kFormationNames)
    if (value == formation) return name;
  return "?";
}

template <typename Visitor>
void visit_profile(SensorProfile& p, Visitor&& visit) {
  visit("name", p.name);
  visit("array_width_px", p.array_width_px);
  visit("array_height_px", p.array_height_px);
  visit("pixel_pitch_um", p.pixel_pitch_um);
  visit("quantum_efficiency", p.quantum_efficiency);
  visit("camera_from_srgb", p.camera_from_srgb);
  visit("full_well_electrons", p.full_well_electrons);
  visit("conversion_gain_uv_per_electron", p.conversion_gain_uv_per_electron);
  visit("adc_full_scale_mv", p.adc_full_scale_mv);
  visit("read_noise_electrons", p.read_noise_electrons);
  visit("adc_noise_dn", p.adc_noise_dn);
  visit("read_noise_tukey", p.read_noise_tukey);
  visit("read_noise_tukey_lambda", p.read_noise_tukey_lambda);
  visit("row_noise_electrons", p.row_noise_electrons);
  visit("max_analogue_gain", p.max_analogue_gain);
  visit("adc_bits", p.adc_bits);
  visit("black_level_dn", p.black_level_dn);
  visit("dark_current_e_per_s", p.dark_current_e_per_s);
  visit("dark_current_reference_c", p.dark_current_reference_c);
  visit("dark_current_doubling_c", p.dark_current_doubling_c);
  visit("unit_seed", p.unit_seed);
  visit("prnu_fraction", p.prnu_fraction);
  visit("dsnu_electrons", p.dsnu_electrons);
  visit("dark_current_nonuniformity", p.dark_current_nonuniformity);
  visit("hot_pixel_density", p.hot_pixel_density);
  visit("hot_pixel_dark_current_e_per_s", p.hot_pixel_dark_current_e_per_s);
  visit("dead_pixel_density", p.dead_pixel_density);
  visit("quad_cell_mismatch", p.quad_cell_mismatch);
  visit("pixel_clock_hz", p.pixel_clock_hz);
}

class Reader {
 public:
  // `owner` follows the field's name in messages (e.g. " of mode 'full'").
  Reader(const json& object, std::string source, std::string prefix, std::string owner = "")
      : object_(object),
        source_(std::move(source)),
        prefix_(std::move(prefix)),
        owner_(std::move(owner)) {}

  [[noreturn]] void fail(const std::string& key, const std::string& what) const {
    throw ModelError("sensor profile " + source_ + ": field '" + prefix_ + key + "'" + owner_ +
                     " " + what);
  }

  const json& field(const std::string& key) {
    seen_.insert(key);
    const auto it = object_.find(key);
    if (it == object_.end()) fail(key, "is missing");
    return *it;
  }

  void operator()(const std::string& key, double& value) {
    const json& j = field(key);
    if (!j.is_number()) fail(key, "must be a number (got " + j.dump() + ")");
    value = j.get<double>();
  }
  void operator()(const std::string& key, int& value) {
    const json& j = field(key);
    if (!j.is_number_integer()) fail(key, "must be an integer (got " + j.dump() + ")");
    value = j.get<int>();
  }
  void operator()(const std::string& key, uint16_t& value) {
    const json& j = field(key);
    if (!j.is_number_unsigned() || j.get<uint64_t>() > 0xFFFF)
      fail(key, "must be an integer 0..65535 (got " + j.dump() + ")");
    value = j.get<uint16_t>();
  }
  void operator()(const std::string& key, ModeFormation& value) {
    const json& j = field(key);
    std::string names;
    for (const auto& [formation, name] : kFormationNames) {
      if (j.is_string() && j.get<std::string>() == name) {
        value = formation;
        return;
      }
      names += (names.empty() ? "" : ", ") + std::string(name);
    }
    fail(key, "must be one of " + names + " (got " + j.dump() + ")");
  }
  void operator()(const std::string& key, uint64_t& value) {
    const json& j = field(key);
    if (!j.is_number_unsigned()) fail(key, "must be a non-negative integer (got " + j.dump() + ")");
    value = j.get<uint64_t>();
  }
  void operator()(const std::string& key, bool& value) {
    const json& j = field(key);
    if (!j.is_boolean()) fail(key, "must be true or false (got " + j.dump() + ")");
    value = j.get<bool>();
  }
  void operator()(const std::string& key, std::string& value) {
    const json& j = field(key);
    if (!j.is_string()) fail(key, "must be a string (got " + j.dump() + ")");
    value = j.get<std::string>();
  }
  template <size_t N>
  void operator()(const std::string& key, std::array<double, N>& value) {
    const json& j = field(key);
    const auto bad = [&] {
      fail(key, "must be an array of " + std::to_string(N) + " numbers (got " + j.dump() + ")");
    };
    if (!j.is_array() || j.size() != N) bad();
    for (size_t i = 0; i < N; ++i) {
      if (!j[i].is_number()) bad();
      value[i] = j[i].get<double>();
    }
  }

  // Rejects keys no visitor asked for (typos).
  void reject_unknown(const std::set<std::string>& also_allowed = {}) const {
    for (const auto& item : object_.items())
      if (!seen_.count(item.key()) && !also_allowed.count(item.key()))
        fail(item.key(), "is not a sensor profile field");
  }

 private:
  const json& object_;
  std::string source_, prefix_, owner_;
  std::set<std::string> seen_;
};

}  // namespace

SensorProfile parse_sensor_profile(const std::string& json_text, const std::string& source) {
  json root;
  try {
    root = json::parse(json_text);
  } catch (const json::parse_error& e) {
    throw ModelError("sensor profile " + source + ": not valid JSON: " + e.what());
  }
  if (!root.is_object()) throw ModelError("sensor profile " + source + ": expected a JSON object");
  Reader reader(root, source, "");
  int version = 0;
  reader("version", version);
  if (version == 1)
    reader.fail("version",
                "is 1, which has no readout modes: add a \"modes\" array (see "
                "sensor_sim/profiles/imx989-binned.json for the built-in table) and set version " +
                    std::to_string(kSensorProfileVersion));
  if (version != kSensorProfileVersion)
    reader.fail("version", "must be " + std::to_string(kSensorProfileVersion) + " (got " +
                               std::to_string(version) + ")");
  SensorProfile profile;
  visit_profile(profile, reader);
  const json& optics = reader.field("optics");
  if (!optics.is_object()) reader.fail("optics", "must be an object (got " + optics.dump() + ")");
  Reader optics_reader(optics, source, "optics.");
  visit_optics(profile.optics, optics_reader);
  optics_reader.reject_unknown();
  const json& modes = reader.field("modes");
  if (!modes.is_array()) reader.fail("modes", "must be an array (got " + modes.dump() + ")");
  profile.modes.assign(modes.size(), ReadoutMode{});
  for (size_t i = 0; i < modes.size(); ++i) {
    const std::string prefix = "modes[" + std::to_string(i) + "].";
    if (!modes[i].is_object())
      reader.fail("modes[" + std::to_string(i) + "]",
                  "must be an object (got " + modes[i].dump() + ")");
    const auto name = modes[i].find("name");
    const std::string owner = name != modes[i].end() && name->is_string()
                                  ? " of mode '" + name->get<std::string>() + "'"
                                  : "";
    Reader mode_reader(modes[i], source, prefix, owner);
    visit_mode(profile.modes[i], mode_reader);
    mode_reader.reject_unknown();
  }
  reader.reject_unknown();
  update_derived_fields(profile);
  try {
    validate_profile(profile);
    validate_readout_modes(profile);
  } catch (const ModelError& e) {
    throw ModelError(source + ": " + e.what());
  }
  return profile;
}

SensorProfile load_sensor_profile(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw ModelError("sensor profile '" + path + "': cannot open the file");
  std::stringstream text;
  text << file.rdbuf();
  return parse_sensor_profile(text.str(), "'" + path + "'");
}

std::string sensor_profile_to_json(const SensorProfile& profile) {
  SensorProfile copy = profile;
  // Insertion order: version first, then the fields as SensorProfile declares them.
  nlohmann::ordered_json root;
  root["version"] = kSensorProfileVersion;
  const auto write_into = [](nlohmann::ordered_json& target) {
    return [&target](const std::string& key, const auto& value) {
      if constexpr (std::is_same_v<std::decay_t<decltype(value)>, ModeFormation>)
        target[key] = formation_name(value);
      else
        target[key] = value;
    };
  };
  visit_profile(copy, write_into(root));
  nlohmann::ordered_json optics;
  visit_optics(copy.optics, write_into(optics));
  root["optics"] = optics;
  nlohmann::ordered_json modes = nlohmann::ordered_json::array();
  for (ReadoutMode& mode : copy.modes) {
    nlohmann::ordered_json entry;
    visit_mode(mode, write_into(entry));
    modes.push_back(entry);
  }
  root["modes"] = modes;
  return root.dump(2) + "\n";
}

SensorProfile make_sensor_profile(const std::string& name_or_path) {
  if (name_or_path == "imx989-binned") return imx989_binned_profile();
  std::ifstream probe(name_or_path);
  if (!probe)
    throw ModelError("unknown sensor profile '" + name_or_path +
                     "'; built-in profiles: imx989-binned; or give a JSON file");
  return load_sensor_profile(name_or_path);
}

}  // namespace ispsim::sensor
