#pragma once
// Where a measurement is taken and how its pixels are summarised. Coordinates are continuous image
// coordinates: pixel (x, y) covers [x, x+1) x [y, y+1), so its centre is (x + 0.5, y + 0.5).
#include <array>
#include <string>
#include <vector>

#include "model/image/image.hpp"

namespace ispsim::iq {

struct Point2 {
  double x = 0, y = 0;
};

// A convex quadrilateral, corners in order around it (e.g. top-left, top-right, bottom-right,
// bottom-left). A pixel belongs to it when its centre lies inside.
struct Quad {
  std::array<Point2, 4> corners;
};

// Axis-aligned rectangle of whole pixels.
struct PixelRect {
  int x = 0, y = 0, width = 0, height = 0;
};

Quad to_quad(const PixelRect& rect);
// The central fraction of a rectangle (e.g. 0.6 keeps the middle 60% in each direction).
PixelRect inner_rect(const PixelRect& rect, double fraction);

// Throws MetricError naming `what` when the quad is not wholly inside a width x height image.
void require_inside(const Quad& quad, int width, int height, const std::string& what);
void require_inside(const PixelRect& rect, int width, int height, const std::string& what);

// Samples of each channel (outer index) over the pixels whose centres lie in the quad.
// Throws MetricError if the quad is outside the image or covers no pixel.
std::vector<std::vector<double>> region_samples(const Image16& image, const Quad& quad,
                                                const std::string& what);
std::vector<std::vector<double>> region_samples(const ImageF& image, const Quad& quad,
                                                const std::string& what);
// Samples in a rectangle, optionally every `step`-th pixel from (x + phase_x, y + phase_y), which
// picks one colour of a CFA mosaic (step 2 for Bayer, 4 for Quad Bayer).
std::vector<std::vector<double>> region_samples(const Image16& image, const PixelRect& rect,
                                                const std::string& what, int step = 1,
                                                int phase_x = 0, int phase_y = 0);

// Mean and standard deviation after rejecting outliers (dust, defect pixels, patch edges): values
// further than k_sigma robust sigmas from the median are dropped, where the robust sigma is
// 1.4826 x the median absolute deviation (a consistent estimator of sigma for Gaussian noise),
// or 1.2533 x the mean absolute deviation when the median one is zero.
struct SampleStats {
  double mean = 0;
  double std_dev = 0;  // sample standard deviation (n - 1) of the kept values
  int count = 0;       // values kept
  int rejected = 0;    // values dropped as outliers
};
SampleStats robust_stats(const std::vector<double>& values, double k_sigma = 3.0);

// Per-pixel average of the channels: the grey signal used for noise on RGB output images.
std::vector<double> channel_average(const std::vector<std::vector<double>>& samples);

}  // namespace ispsim::iq
