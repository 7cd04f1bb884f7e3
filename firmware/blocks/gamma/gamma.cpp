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

void Gamma::encode(const Tuning& tuning, RegisterWrites& writes) {
  if (!(tuning.contrast > -1.0 && tuning.contrast < 1.0))
    throw_bad_tuning("gamma_contrast", tuning.contrast, "-1 < c < 1");
  writes.push_back({isp::GAMMA_CTRL, isp::GAMMA_CTRL_BYPASS(tuning.bypass)});
  const double contrast = tuning.contrast;
  const auto lut = knots([contrast](double x) { return tone_curve(x, contrast); });
  for (unsigned i = 0; i < isp::GAMMA_LUT_COUNT; ++i)
    writes.push_back({isp::GAMMA_LUT + 4 * i, isp::GAMMA_LUT_VALUE(lut[i])});
}

}  // namespace ispsim::fw::blocks
