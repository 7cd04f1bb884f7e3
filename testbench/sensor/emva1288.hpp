#pragma once
// An EMVA 1288-style characterisation of a linear camera from its raw frames (Release 3.1 / 4.0
// Linear): the photon transfer method for the system gain K, temporal dark noise and saturation;
// averaged frame stacks for the spatial non-uniformities DSNU and PRNU; dynamic range from the
// saturation capacity and the absolute sensitivity threshold. The analysis works on planes of
// samples (one CFA site of a colour sensor), not on the sensor model, so it applies to any data.
//
// Model (EMVA 1288): mu_y = mu_y.dark + K mu_e; sigma_y^2 = K^2 sigma_d^2 + sigma_q^2 + K (mu_y -
// mu_y.dark) with sigma_q^2 = 1/12 DN^2.
#include <vector>

#include "model/image/image.hpp"

namespace ispsim::emva {

// Samples of one plane (one CFA site, or a monochrome frame), row-major.
using Plane = std::vector<double>;

// Every second pixel of every second row from (dx, dy): one site of a 2x2 CFA.
Plane cfa_plane(const Image16& frame, int dx, int dy);

// Mean of two frames and their temporal variance: half the variance of their difference, which
// cancels every fixed pattern (EMVA 1288 R3.1 eq. 35).
struct TemporalPoint {
  double mean_dn = 0;
  double variance_dn2 = 0;
};
TemporalPoint temporal_point(const Plane& a, const Plane& b);

// One exposure level of the photon transfer sweep: a pair of lit frames and a pair of dark frames.
struct SweepPoint {
  double exposure = 0;  // any increasing measure of the light (seconds, photons)
  TemporalPoint bright, dark;
};

// Spatial variance of the mean of a stack of L frames, minus the temporal variance left in that
// mean (per-pixel variance across the stack / L), with outliers excluded: pixels further than
// `outlier_sigmas` robust sigmas (1.4826 x median absolute deviation) from the median are defect
// pixels and are counted, not included (EMVA 1288 characterises them separately).
struct SpatialResult {
  double mean_dn = 0;
  double variance_dn2 = 0;
  int excluded = 0;
};
SpatialResult spatial_nonuniformity(const std::vector<Plane>& stack, double outlier_sigmas = 6.0);

struct Measurement {
  std::vector<SweepPoint> sweep;    // increasing exposure, up to beyond saturation
  std::vector<Plane> dark_stack;    // L dark frames (DSNU)
  std::vector<Plane> bright_stack;  // L lit frames near 50% of saturation (PRNU)
};

struct Result {
  double system_gain_dn_per_e = 0;   // K: slope of the photon transfer curve below 70% saturation
  double temporal_dark_noise_e = 0;  // sigma_d = sqrt(sigma_y.dark^2 - sigma_q^2) / K
  // Saturation capacity: the clip level, where the mean response stops rising (the plateau of the
  // dark-subtracted mean over the sweep, divided by K). This is the full well, or the ADC range
  // when that clips first.
  double saturation_capacity_e = 0;
  // The EMVA 1288 saturation point mu_e.sat: the signal where the temporal variance peaks. It
  // lies below the clip level by a few noise sigmas plus the PRNU spread, since some pixels clip
  // before the mean gets there (4-5% below at 31000 e-, ~9% at 1000 e-).
  double saturation_max_variance_e = 0;
  double sensitivity_threshold_e = 0;  // mu_e.min = 1/2 + sqrt(1/4 + sigma_d^2 + sigma_q^2/K^2)
  double dynamic_range = 0;            // saturation capacity / mu_e.min
  double dynamic_range_db = 0;
  double dynamic_range_max_variance_db = 0;  // the EMVA figure, from saturation_max_variance_e
  double dsnu_e = 0;
  double prnu_fraction = 0;
  int fit_points = 0;          // sweep points used for K
  int defect_pixels = 0;       // excluded from DSNU and PRNU
  double linearity_error = 0;  // largest relative deviation of the PTC points from the fit
};

// Throws std::invalid_argument if the sweep has fewer than 3 usable points or stacks < 2 frames.
Result analyse(const Measurement& measurement);

}  // namespace ispsim::emva
