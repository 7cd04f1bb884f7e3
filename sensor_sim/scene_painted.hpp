#pragma once
// Scenes painted from flat-coloured rectangles and at most one slanted edge, rendered by exact
// area coverage (each output pixel gets the area-weighted mean of the scene over its square),
// which is what a pixel integrating light over its aperture sees: edges are anti-aliased without
// supersampling and the slanted edge has no stair-steps. Internal to sensor_sim.
#include <array>
#include <memory>
#include <string>
#include <vector>

#include "sensor_sim/scene.hpp"

namespace ispsim::sensor {

using Rgb = std::array<double, 3>;

// A rectangle of one colour painted over a `parent` colour. The scene is the background plus the
// sum of (colour - parent) x coverage over all rectangles, which is exact for nested and tiled
// rectangles whatever the pixel size.
struct PaintedRect {
  NormRect bounds;
  std::array<float, 3> delta;
};

struct PaintedSceneSpec {
  std::string name;
  Rgb background{};
  std::vector<PaintedRect> rects;
  // The edge: inside `edge_region`, right of the line through its centre leaning edge_angle_deg
  // (x grows downwards), `edge_delta` is added to what the rectangles paint there.
  bool has_edge = false;
  NormRect edge_region{};
  double edge_angle_deg = 5.0;
  double edge_delta = 0;
  ChartLayout layout;
};

// Adds a rectangle of `colour` over a parent of `parent` colour.
void paint(PaintedSceneSpec& spec, const NormRect& bounds, const Rgb& colour, const Rgb& parent);
Rgb grey(double value);

// Adds the 6x4 colour chart inside `bounds` on a `surround` grey over `parent`, every colour
// multiplied by `scale`, and records it in the layout.
void paint_color_chart(PaintedSceneSpec& spec, const NormRect& bounds, double surround,
                       const Rgb& parent, double scale);

std::unique_ptr<Scene> make_painted_scene(PaintedSceneSpec spec);

}  // namespace ispsim::sensor
