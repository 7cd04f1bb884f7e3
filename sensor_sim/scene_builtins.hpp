#pragma once
// Constructors of the built-in scenes other than "chart" (scene.hpp lists and describes them).
// Internal to sensor_sim: callers use make_builtin_scene(name).
#include <memory>
#include <string>
#include <vector>

#include "sensor_sim/scene.hpp"

namespace ispsim::sensor {

std::unique_ptr<Scene> make_colorchecker_scene();
std::unique_ptr<Scene> make_edge_scene();
std::unique_ptr<Scene> make_star_scene();
std::unique_ptr<Scene> make_wedge_scene();
std::unique_ptr<Scene> make_hdr_scene();
std::unique_ptr<Scene> make_uniform_scene(const std::string& name, float level);
// `inner` with every value (and the layout's wedge values) multiplied by `factor`.
std::unique_ptr<Scene> make_scaled_scene(std::unique_ptr<Scene> inner, const std::string& name,
                                         double factor);

// An image held in memory as linear RGB (interleaved, width x height), resampled per row.
std::unique_ptr<Scene> make_image_scene(std::string name, int width, int height,
                                        std::vector<float> linear_rgb);
// OpenEXR file -> linear RGB scene values x scale.
std::unique_ptr<Scene> load_exr_scene(const std::string& path, double scale);
bool is_exr_file(const std::string& path);

}  // namespace ispsim::sensor
