#include "firmware/blocks/gamma/gamma.hpp"

#include <algorithm>
#include <cmath>

#include "model/regmap/regmap.hpp"

namespace ispsim::fw::blocks {
namespace isp = regs::isp;
static_assert(Gamma::kKnots == isp::GAMMA_LUT_COUNT, "one knot per GAMMA_LUT register");

double Gamma::srgb_oetf(double linear) {
  if (linear <= 0.0031308) return 12.92 * linear;
  return 1.055 * std::pow(linear, 1.0 / 2.4) - 0.055;
}

double Gamma::contrast_curve(double encoded, double contrast) {
  return encoded + contrast * encoded * (1.0 - encoded) * (2.0 * encoded - 1.0);
}

double Gamma::tone_curve(double linear, double contrast) {
  return contrast_curve(srgb_oetf(linear), contrast);
}

std::array<uint16_t, Gamma::kKnots> Gamma::knots(const std::function<double(double)>& curve) {
  constexpr int kRawMax = 4095;
  std::array<uint16_t, kKnots> lut{};
  for (int i = 0; i < kKnots; ++i) {
    const double x = std::min(i * kKnotSpacing, kRawMax) / static_cast<double>(kRawMax);
    const double code = std::round(kOutMax * curve(x));
    lut[i] = static_cast<uint16_t>(std::clamp(code, 0.0, static_cast<double>(kOutMax)));
  }
  return lut;
}

namespace {

// The roll-off's scale a: the one whose curve meets the straight line at the knee with slope 1.
// k + (1 - k) log(1 + (L - k) / a) / log(1 + (H - k) / a) has slope (1 - k) / (a log(1 +
// (H - k) / a)) at the knee, which falls as a grows; bisected in log a.
double rolloff_scale(double headroom) {
  const double k = Gamma::kHighlightKnee, span = headroom - k;
  auto slope = [&](double a) { return (1.0 - k) / (a * std::log1p(span / a)); };
  double lo = 1e-9, hi = 1e9;
  for (int i = 0; i < 200; ++i) {
    const double mid = std::sqrt(lo * hi);
    (slope(mid) > 1.0 ? lo : hi) = mid;
  }
  return std::sqrt(lo * hi);
}

double rolloff_with_scale(double linear, double headroom, double a) {
  const double k = Gamma::kHighlightKnee;
  if (headroom <= 1.0 || linear <= k) return std::min(linear, 1.0);
  const double x = std::min(linear, headroom);
  return k + (1.0 - k) * std::log1p((x - k) / a) / std::log1p((headroom - k) / a);
}

}  // namespace

double Gamma::highlight_rolloff(double linear, double headroom) {
  if (headroom <= 1.0 || linear <= kHighlightKnee) return std::min(linear, 1.0);
  return rolloff_with_scale(linear, headroom, rolloff_scale(headroom));
}

void Gamma::encode(const Tuning& tuning, RegisterWrites& writes) {
  if (!(tuning.contrast > -1.0 && tuning.contrast < 1.0))
    throw_bad_tuning("gamma_contrast", tuning.contrast, "-1 < c < 1");
  if (!(tuning.input_power > 0.0 && tuning.input_power <= 1.0))
    throw_bad_tuning("gamma.input_power", tuning.input_power, "0 < power <= 1");
  if (!(tuning.headroom >= 1.0 && tuning.headroom <= 1e6))
    throw_bad_tuning("gamma.headroom", tuning.headroom, "1..1e6");
  writes.push_back({isp::GAMMA_CTRL, isp::GAMMA_CTRL_BYPASS(tuning.bypass)});
  const double contrast = tuning.contrast;
  const double power = tuning.input_power, headroom = tuning.headroom;
  // The scale is the frame's, not the knot's: solved once.
  const double scale = headroom > 1.0 ? rolloff_scale(headroom) : 1.0;
  const auto lut = knots([=](double x) {
    const double linear = headroom * std::pow(x, 1.0 / power);
    return tone_curve(rolloff_with_scale(linear, headroom, scale), contrast);
  });
  for (unsigned i = 0; i < isp::GAMMA_LUT_COUNT; ++i)
    writes.push_back({isp::GAMMA_LUT + 4 * i, isp::GAMMA_LUT_VALUE(lut[i])});
}

}  // namespace ispsim::fw::blocks
