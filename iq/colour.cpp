#include "iq/colour.hpp"

#include <Eigen/Core>
#include <Eigen/LU>
#include <array>
#include <cmath>

namespace ispsim::iq {
namespace {

using Mat3 = Eigen::Matrix3d;
using Vec3 = Eigen::Vector3d;

constexpr Xyz white_from_chromaticity(double x, double y) {
  return {x / y, 1.0, (1.0 - x - y) / y};
}

Vec3 vec(const Xyz& xyz) {
  return Vec3(xyz.x, xyz.y, xyz.z);
}

// RGB -> XYZ from primaries and white (the usual derivation: scale each primary's XYZ so that
// RGB = (1,1,1) maps to the white). sRGB primaries: R (0.64, 0.33), G (0.30, 0.60), B (0.15, 0.06).
Mat3 srgb_to_xyz_matrix() {
  const std::array<std::array<double, 2>, 3> primaries = {
      {{0.64, 0.33}, {0.30, 0.60}, {0.15, 0.06}}};
  Mat3 p;
  for (int c = 0; c < 3; ++c)
    p.col(c) = vec(white_from_chromaticity(primaries[c][0], primaries[c][1]));
  const Vec3 scale = p.inverse() * vec(kWhiteD65);
  return p * scale.asDiagonal();
}

const Mat3& rgb_to_xyz() {
  static const Mat3 m = srgb_to_xyz_matrix();
  return m;
}

const Mat3& xyz_to_rgb() {
  static const Mat3 m = rgb_to_xyz().inverse();
  return m;
}

// Bradford cone response matrix (Lam 1985, as used in ICC.1 Annex E).
const Mat3& bradford() {
  static const Mat3 m = (Mat3() << 0.8951, 0.2664, -0.1614,  //
                         -0.7502, 1.7135, 0.0367,            //
                         0.0389, -0.0685, 1.0296)
                            .finished();
  return m;
}

const Mat3& bradford_inverse() {
  static const Mat3 m = bradford().inverse();
  return m;
}

constexpr double kLabEpsilon = 216.0 / 24389.0;
constexpr double kLabKappa = 24389.0 / 27.0;
constexpr double kPi = 3.14159265358979323846;

double lab_f(double t) {
  return t > kLabEpsilon ? std::cbrt(t) : (kLabKappa * t + 16.0) / 116.0;
}

}  // namespace

const Xyz kWhiteD65 = white_from_chromaticity(0.3127, 0.3290);
const Xyz kWhiteD50 = {0.9642, 1.0, 0.8249};

double srgb_encode(double linear) {
  if (linear <= 0.0031308) return 12.92 * linear;
  return 1.055 * std::pow(linear, 1.0 / 2.4) - 0.055;
}

double srgb_decode(double encoded) {
  if (encoded <= 0.04045) return encoded / 12.92;
  return std::pow((encoded + 0.055) / 1.055, 2.4);
}

Rgb srgb_encode(const Rgb& linear) {
  return {srgb_encode(linear.r), srgb_encode(linear.g), srgb_encode(linear.b)};
}

Rgb srgb_decode(const Rgb& encoded) {
  return {srgb_decode(encoded.r), srgb_decode(encoded.g), srgb_decode(encoded.b)};
}

Xyz linear_srgb_to_xyz(const Rgb& linear) {
  const Vec3 v = rgb_to_xyz() * Vec3(linear.r, linear.g, linear.b);
  return {v[0], v[1], v[2]};
}

Rgb xyz_to_linear_srgb(const Xyz& xyz) {
  const Vec3 v = xyz_to_rgb() * vec(xyz);
  return {v[0], v[1], v[2]};
}

Lab xyz_to_lab(const Xyz& xyz, const Xyz& white) {
  const double fx = lab_f(xyz.x / white.x);
  const double fy = lab_f(xyz.y / white.y);
  const double fz = lab_f(xyz.z / white.z);
  return {116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)};
}

Xyz lab_to_xyz(const Lab& lab, const Xyz& white) {
  const double fy = (lab.l + 16.0) / 116.0;
  const double fx = fy + lab.a / 500.0;
  const double fz = fy - lab.b / 200.0;
  auto finv = [](double f) {
    const double cube = f * f * f;
    return cube > kLabEpsilon ? cube : (116.0 * f - 16.0) / kLabKappa;
  };
  const double yr = lab.l > kLabKappa * kLabEpsilon ? fy * fy * fy : lab.l / kLabKappa;
  return {finv(fx) * white.x, yr * white.y, finv(fz) * white.z};
}

Xyz bradford_adapt(const Xyz& xyz, const Xyz& source_white, const Xyz& destination_white) {
  const Mat3& cone = bradford();
  const Vec3 gain = (cone * vec(destination_white)).cwiseQuotient(cone * vec(source_white));
  const Vec3 v = bradford_inverse() * (gain.asDiagonal() * (cone * vec(xyz)));
  return {v[0], v[1], v[2]};
}

Lab srgb_to_lab_d50(const Rgb& encoded) {
  return xyz_to_lab(adapt_d65_to_d50(linear_srgb_to_xyz(srgb_decode(encoded))), kWhiteD50);
}

Rgb lab_d50_to_srgb(const Lab& lab) {
  return srgb_encode(xyz_to_linear_srgb(adapt_d50_to_d65(lab_to_xyz(lab, kWhiteD50))));
}

double chroma(const Lab& lab) {
  return std::hypot(lab.a, lab.b);
}

double hue_deg(const Lab& lab) {
  const double h = std::atan2(lab.b, lab.a) * 180.0 / kPi;
  return h < 0 ? h + 360.0 : h;
}

double delta_e76(const Lab& reference, const Lab& sample) {
  const double dl = sample.l - reference.l, da = sample.a - reference.a,
               db = sample.b - reference.b;
  return std::sqrt(dl * dl + da * da + db * db);
}

double delta_chroma(const Lab& reference, const Lab& sample) {
  return chroma(sample) - chroma(reference);
}

double delta_ab(const Lab& reference, const Lab& sample) {
  return std::hypot(sample.a - reference.a, sample.b - reference.b);
}

}  // namespace ispsim::iq
