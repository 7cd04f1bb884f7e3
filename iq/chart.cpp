#include "iq/chart.hpp"

#include <algorithm>
#include <cmath>

#include "iq/ciede2000.hpp"
#include "iq/metric_error.hpp"

namespace ispsim::iq {
namespace {

// Colour means reject beyond 3 robust sigmas: dust, defects and stray edge pixels.
constexpr double kColourRejectSigma = 3.0;

Point2 bilinear(const std::array<Point2, 4>& c, double u, double v) {
  const double w00 = (1 - u) * (1 - v), w10 = u * (1 - v), w11 = u * v, w01 = (1 - u) * v;
  return {w00 * c[0].x + w10 * c[1].x + w11 * c[2].x + w01 * c[3].x,
          w00 * c[0].y + w10 * c[1].y + w11 * c[2].y + w01 * c[3].y};
}

}  // namespace

ChartGeometry scaled(const ChartGeometry& geometry, double factor) {
  ChartGeometry out = geometry;
  for (Point2& p : out.corners) {
    p.x *= factor;
    p.y *= factor;
  }
  return out;
}

std::vector<Quad> locate_patches(const ChartGeometry& geometry) {
  if (!(geometry.patch_fill > 0 && geometry.patch_fill <= 1 && geometry.sample_fraction > 0 &&
        geometry.sample_fraction <= 1)) {
    throw MetricError("chart geometry: patch_fill and sample_fraction must be in (0, 1]");
  }
  const double half_u = 0.5 * geometry.patch_fill * geometry.sample_fraction / kColorCheckerColumns;
  const double half_v = 0.5 * geometry.patch_fill * geometry.sample_fraction / kColorCheckerRows;
  std::vector<Quad> patches;
  for (int row = 0; row < kColorCheckerRows; ++row) {
    for (int column = 0; column < kColorCheckerColumns; ++column) {
      const double u = (column + 0.5) / kColorCheckerColumns;
      const double v = (row + 0.5) / kColorCheckerRows;
      patches.push_back(Quad{{bilinear(geometry.corners, u - half_u, v - half_v),
                              bilinear(geometry.corners, u + half_u, v - half_v),
                              bilinear(geometry.corners, u + half_u, v + half_v),
                              bilinear(geometry.corners, u - half_u, v + half_v)}});
    }
  }
  return patches;
}

ChartColourResult analyze_colorchecker(const Image16& image, double white_code,
                                       const ChartGeometry& geometry) {
  if (image.channels() != 3) {
    throw MetricError("colour chart: needs an RGB image, got " + std::to_string(image.channels()) +
                      " channel(s)");
  }
  Quad outline{geometry.corners};
  require_inside(outline, image.width(), image.height(), "colour chart quadrilateral");
  const auto& reference = colorchecker_reference();
  const std::vector<Quad> regions = locate_patches(geometry);

  ChartColourResult result;
  for (int i = 0; i < kColorCheckerPatches; ++i) {
    const auto samples =
        region_samples(image, regions[i], "colour chart patch " + std::to_string(i + 1));
    PatchColour patch;
    patch.number = i + 1;
    patch.name = reference[i].name;
    patch.reference = reference[i].lab_d50;
    double* mean[3] = {&patch.encoded_mean.r, &patch.encoded_mean.g, &patch.encoded_mean.b};
    for (int c = 0; c < 3; ++c) {
      const SampleStats stats = robust_stats(samples[c], kColourRejectSigma);
      *mean[c] = stats.mean / white_code;
      patch.rejected += stats.rejected;
      patch.pixel_count = stats.count + stats.rejected;
    }
    patch.measured = srgb_to_lab_d50(patch.encoded_mean);
    patch.de00 = ciede2000(patch.reference, patch.measured);
    patch.delta_chroma = delta_chroma(patch.reference, patch.measured);
    result.patches.push_back(patch);
  }

  double reference_chroma = 0, measured_chroma = 0;
  for (int i = 0; i < kChromaticPatches; ++i) {
    reference_chroma += chroma(result.patches[i].reference);
    measured_chroma += chroma(result.patches[i].measured);
  }
  result.saturation_ratio = measured_chroma / reference_chroma;
  result.chroma_scale = measured_chroma > 0 ? reference_chroma / measured_chroma : 1.0;

  for (PatchColour& patch : result.patches) {
    const Lab corrected{patch.measured.l, patch.measured.a * result.chroma_scale,
                        patch.measured.b * result.chroma_scale};
    patch.de00_chroma_corrected = ciede2000(patch.reference, corrected);
    result.de00_mean += patch.de00 / kColorCheckerPatches;
    result.de00_max = std::max(result.de00_max, patch.de00);
    result.de00_chroma_corrected_mean += patch.de00_chroma_corrected / kColorCheckerPatches;
  }
  const int neutrals = kColorCheckerPatches - kFirstNeutralPatch;
  for (int i = kFirstNeutralPatch; i < kColorCheckerPatches; ++i) {
    const PatchColour& patch = result.patches[i];
    result.white_balance_error += delta_ab(patch.reference, patch.measured) / neutrals;
    result.neutral_delta_a += (patch.measured.a - patch.reference.a) / neutrals;
    result.neutral_delta_b += (patch.measured.b - patch.reference.b) / neutrals;
  }
  return result;
}

}  // namespace ispsim::iq
