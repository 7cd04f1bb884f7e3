#include "iq/ciede2000.hpp"

#include <cmath>

namespace ispsim::iq {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kDeg = kPi / 180.0;
constexpr double kPow25To7 = 6103515625.0;  // 25^7

// Hue angle in degrees in [0, 360); 0 for an achromatic colour (Sharma eq. 4).
double hue_prime_deg(double b, double a_prime) {
  if (b == 0.0 && a_prime == 0.0) return 0.0;
  const double h = std::atan2(b, a_prime) / kDeg;
  return h < 0.0 ? h + 360.0 : h;
}

}  // namespace

double ciede2000(const Lab& reference, const Lab& sample, double kl, double kc, double kh) {
  // Step 1: C', h' with the a* axis stretched by G, which depends on the mean chroma.
  const double c1 = std::hypot(reference.a, reference.b);
  const double c2 = std::hypot(sample.a, sample.b);
  const double c_mean7 = std::pow((c1 + c2) / 2.0, 7.0);
  const double g = 0.5 * (1.0 - std::sqrt(c_mean7 / (c_mean7 + kPow25To7)));
  const double a1p = (1.0 + g) * reference.a;
  const double a2p = (1.0 + g) * sample.a;
  const double c1p = std::hypot(a1p, reference.b);
  const double c2p = std::hypot(a2p, sample.b);
  const double h1p = hue_prime_deg(reference.b, a1p);
  const double h2p = hue_prime_deg(sample.b, a2p);

  // Step 2: differences; the hue difference is zero when either colour is achromatic (eq. 10).
  const double dlp = sample.l - reference.l;
  const double dcp = c2p - c1p;
  double dhp = 0.0;
  if (c1p * c2p != 0.0) {
    dhp = h2p - h1p;
    if (dhp > 180.0) dhp -= 360.0;
    if (dhp < -180.0) dhp += 360.0;
  }
  const double dHp = 2.0 * std::sqrt(c1p * c2p) * std::sin(dhp * kDeg / 2.0);

  // Step 3: means and weighting functions. The hue mean takes the shorter arc (eq. 14).
  const double lp_mean = (reference.l + sample.l) / 2.0;
  const double cp_mean = (c1p + c2p) / 2.0;
  double hp_mean = h1p + h2p;
  if (c1p * c2p != 0.0) {
    if (std::fabs(h1p - h2p) <= 180.0) {
      hp_mean /= 2.0;
    } else if (h1p + h2p < 360.0) {
      hp_mean = (hp_mean + 360.0) / 2.0;
    } else {
      hp_mean = (hp_mean - 360.0) / 2.0;
    }
  }
  const double t = 1.0 - 0.17 * std::cos((hp_mean - 30.0) * kDeg) +
                   0.24 * std::cos(2.0 * hp_mean * kDeg) +
                   0.32 * std::cos((3.0 * hp_mean + 6.0) * kDeg) -
                   0.20 * std::cos((4.0 * hp_mean - 63.0) * kDeg);
  const double d_theta = 30.0 * std::exp(-std::pow((hp_mean - 275.0) / 25.0, 2.0));
  const double cp_mean7 = std::pow(cp_mean, 7.0);
  const double rc = 2.0 * std::sqrt(cp_mean7 / (cp_mean7 + kPow25To7));
  const double l50 = (lp_mean - 50.0) * (lp_mean - 50.0);
  const double sl = 1.0 + 0.015 * l50 / std::sqrt(20.0 + l50);
  const double sc = 1.0 + 0.045 * cp_mean;
  const double sh = 1.0 + 0.015 * cp_mean * t;
  const double rt = -std::sin(2.0 * d_theta * kDeg) * rc;

  const double tl = dlp / (kl * sl);
  const double tc = dcp / (kc * sc);
  const double th = dHp / (kh * sh);
  return std::sqrt(tl * tl + tc * tc + th * th + rt * tc * th);
}

}  // namespace ispsim::iq
