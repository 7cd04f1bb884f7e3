// Sensor profiles as data: the built-in IMX989-class profile, the shipped JSON profiles, the
// loader's errors, and the physics behind the derived sensitivity.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <tuple>

#include "model/common/error.hpp"
#include "sensor_sim/pixel_array.hpp"
#include "sensor_sim/readout_modes.hpp"
#include "sensor_sim/sensor_profile_json.hpp"

namespace ispsim::sensor {
namespace {

const std::string kProfileDir = ISPSIM_SENSOR_PROFILE_DIR;

std::string write_temp(const std::string& name, const std::string& text) {
  const std::string path = testing::TempDir() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

// Expects ModelError whose message contains every piece.
void expect_error(const std::string& json_text, std::initializer_list<const char*> pieces) {
  // One file per test case: ctest runs the cases as parallel processes.
  const std::string path =
      write_temp(std::string("ispsim_bad_profile_") +
                     ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".json",
                 json_text);
  try {
    load_sensor_profile(path);
    ADD_FAILURE() << "expected ModelError for " << json_text.substr(0, 80);
  } catch (const ModelError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find(path), std::string::npos) << message;
    for (const char* piece : pieces)
      EXPECT_NE(message.find(piece), std::string::npos) << message << " lacks " << piece;
  }
}

// The built-in profile as JSON with one field's text replaced.
std::string builtin_with(const std::string& from, const std::string& to) {
  std::string text = sensor_profile_to_json(imx989_binned_profile());
  const size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

TEST(SensorProfile, BuiltInIsTheImx989ClassBinnedSensor) {
  const SensorProfile p = imx989_binned_profile();
  EXPECT_EQ(p.name, "imx989-binned");
  EXPECT_EQ(p.array_width_px, 4096);
  EXPECT_EQ(p.array_height_px, 3072);
  EXPECT_DOUBLE_EQ(p.pixel_pitch_um, 3.2);
  EXPECT_DOUBLE_EQ(p.full_well_electrons, 31000.0);
  EXPECT_DOUBLE_EQ(p.black_level_dn, 256.0);  // 64 DN at 10 bit
  EXPECT_DOUBLE_EQ(p.max_analogue_gain, 64.0);
  EXPECT_DOUBLE_EQ(p.optics.f_number, 1.9);
  EXPECT_NO_THROW(validate_profile(p));
}

TEST(SensorProfile, SensitivityFollowsTheCameraEquation) {
  // E = pi T L / (4 N^2) = pi 0.9 100 / (4 1.9^2) = 19.58 lx; x 10.24 um^2 x 1.14e16 photons
  // per lux-second-m^2 = 2.286e6 photons/s; x QE 0.30 = 6.86e5 e-/s.
  const SensorProfile p = imx989_binned_profile();
  EXPECT_NEAR(p.electrons_per_second, 6.86e5, 0.005e5);
  SensorProfile slower = p;
  slower.optics.f_number = 3.8;
  update_derived_fields(slower);
  EXPECT_NEAR(slower.electrons_per_second, p.electrons_per_second / 4, 1e-6);
}

TEST(SensorProfile, ShippedImx989JsonEqualsTheBuiltIn) {
  const SensorProfile loaded = load_sensor_profile(kProfileDir + "/imx989-binned.json");
  const SensorProfile builtin = imx989_binned_profile();
  EXPECT_EQ(sensor_profile_to_json(loaded), sensor_profile_to_json(builtin));
  EXPECT_DOUBLE_EQ(loaded.electrons_per_second, builtin.electrons_per_second);
  // The readout modes are part of it, every field of every mode.
  ASSERT_EQ(loaded.modes.size(), 6u);
  ASSERT_EQ(loaded.modes.size(), builtin.modes.size());
  for (size_t i = 0; i < builtin.modes.size(); ++i) {
    const ReadoutMode &a = loaded.modes[i], &b = builtin.modes[i];
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.register_code, b.register_code) << b.name;
    EXPECT_EQ(a.formation, b.formation) << b.name;
    EXPECT_EQ(std::tie(a.output_width, a.output_height, a.crop_x, a.crop_y, a.crop_width,
                       a.crop_height, a.scale_factor, a.line_length_pck, a.frame_length_lines),
              std::tie(b.output_width, b.output_height, b.crop_x, b.crop_y, b.crop_width,
                       b.crop_height, b.scale_factor, b.line_length_pck, b.frame_length_lines))
        << b.name;
    EXPECT_EQ(a.pixel_clock_hz, b.pixel_clock_hz) << b.name;
    EXPECT_EQ(a.reference_fps, b.reference_fps) << b.name;
  }
  EXPECT_NO_THROW(validate_readout_modes(builtin));
}

TEST(SensorProfile, SecondProfileIsADifferentSensor) {
  const SensorProfile p = load_sensor_profile(kProfileDir + "/half-inch-48mp-binned.json");
  EXPECT_EQ(p.name, "half-inch-48mp-binned");
  EXPECT_EQ(p.adc_bits, 10);
  EXPECT_DOUBLE_EQ(p.pixel_pitch_um, 1.6);
  EXPECT_DOUBLE_EQ(p.full_well_electrons, 7840.0);
  // A quarter of the pixel area, so about a quarter of the light per pixel.
  EXPECT_NEAR(p.electrons_per_second / imx989_binned_profile().electrons_per_second, 0.25, 0.05);
  EXPECT_EQ(make_sensor_profile(kProfileDir + "/half-inch-48mp-binned.json").name, p.name);
}

TEST(SensorProfile, JsonRoundTripKeepsEveryField) {
  SensorProfile p = imx989_binned_profile();
  p.unit_seed = 0xffffffffffffull;
  p.optics.colour_shading = {0.1, 0.2, 0.3};
  p.read_noise_tukey = true;
  p.modes[4].line_length_pck = 1801;  // still within 1% of 120 fps
  const std::string text = sensor_profile_to_json(p);
  EXPECT_EQ(sensor_profile_to_json(parse_sensor_profile(text, "<test>")), text);
}

TEST(SensorProfileErrors, NameTheFileTheFieldAndTheValue) {
  expect_error(builtin_with("\"full_well_electrons\": 31000.0", "\"full_well_electrons\": -5"),
               {"full_well_electrons", "-5"});
  expect_error(builtin_with("\"adc_bits\": 12", "\"adc_bits\": \"12\""),
               {"'adc_bits'", "integer", "\"12\""});
  expect_error(builtin_with("\"version\": 2", "\"version\": 3"), {"'version'", "(got 3)"});
  expect_error(builtin_with("\"f_number\": 1.9", "\"f_number\": 0.1"), {"optics.f_number", "0.1"});
  expect_error(builtin_with("\"adc_bits\": 12,", "\"adc_bit\": 12,"), {"'adc_bits'", "missing"});
  expect_error(builtin_with("\"name\"", "\"colour\": 1, \"name\""),
               {"'colour'", "not a sensor profile field"});
  expect_error(builtin_with("\"vignetting\"", "\"vignette\": 0, \"vignetting\""),
               {"'optics.vignette'"});
  expect_error(builtin_with("\"camera_from_srgb\": [", "\"camera_from_srgb\": [1, "),
               {"camera_from_srgb", "9 numbers"});
  expect_error("{ not json", {"not valid JSON"});
}

TEST(SensorProfileErrors, VersionOneFilesAreToldToAddModes) {
  std::string text = sensor_profile_to_json(imx989_binned_profile());
  text = text.substr(0, text.find(",\n  \"modes\"")) + "\n}\n";
  text.replace(text.find("\"version\": 2"), 12, "\"version\": 1");
  expect_error(text, {"'version'", "is 1", "\"modes\"", "version 2"});
}

TEST(SensorProfileErrors, BadModesNameTheModeAndTheField) {
  expect_error(builtin_with("\"name\": \"full-quad\"", "\"name\": \"full\""),
               {"mode 'full'", "modes[2]", "'name'", "repeats"});
  expect_error(builtin_with("\"register_code\": 2", "\"register_code\": 1"),
               {"mode 'full-quad'", "'register_code'", "repeats mode 'full'", "(got 1)"});
  expect_error(builtin_with("\"output_width\": 3840", "\"output_width\": 3842"),
               {"mode '4k'", "'output_width'", "crop_width 7680 / 2", "(got 3842)"});
  expect_error(builtin_with("\"crop_x\": 256", "\"crop_x\": 640"),
               {"mode '4k'", "'crop_width'", "native array width 8192", "(got 7680)"});
  expect_error(builtin_with("\"scale_factor\": 2", "\"scale_factor\": 3"),
               {"mode '1080p'", "'output_width'", "/ 6", "(got 1920)"});
  expect_error(builtin_with("\"line_length_pck\": 1800", "\"line_length_pck\": 0"),
               {"mode '1080p'", "'line_length_pck'", "(got 0)"});
  expect_error(builtin_with("\"frame_length_lines\": 2168", "\"frame_length_lines\": -1"),
               {"mode '720p'", "'frame_length_lines'", "(got -1)"});
  expect_error(builtin_with("\"reference_fps\": 120.0", "\"reference_fps\": 100.0"),
               {"mode '1080p'", "'reference_fps'", "(got 100)"});
  expect_error(builtin_with("\"pixel_clock_hz\": 480000000.0,\n      \"reference_fps\": 30.0",
                            "\"pixel_clock_hz\": 0.0,\n      \"reference_fps\": 30.0"),
               {"mode 'binned'", "'pixel_clock_hz'", "(got 0)"});
  expect_error(builtin_with("\"formation\": \"binned\"", "\"formation\": \"binning\""),
               {"'modes[0].formation' of mode 'binned'", "crop-binned-scaled", "\"binning\""});
  expect_error(builtin_with("\"formation\": \"binned\"", "\"formation\": \"crop-binned\""),
               {"mode 'binned'", "'formation'", "register_code 0"});
  expect_error(builtin_with("\"register_code\": 0", "\"register_code\": 70000"),
               {"'modes[0].register_code'", "0..65535", "70000"});
  expect_error(builtin_with("\"crop_height\": 6144,", "\"crop_height\": 6144, \"bin\": 2,"),
               {"'modes[0].bin'", "not a sensor profile field"});
}

TEST(SensorProfileErrors, MissingFileAndUnknownNameSayWhat) {
  EXPECT_THROW(load_sensor_profile("/nonexistent/profile.json"), ModelError);
  try {
    make_sensor_profile("imx123");
    FAIL();
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("'imx123'"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("imx989-binned"), std::string::npos);
  }
}

}  // namespace
}  // namespace ispsim::sensor
