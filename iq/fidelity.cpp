#include "iq/fidelity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "iq/colour.hpp"
#include "iq/metric_error.hpp"

namespace ispsim::iq {
namespace {

// Wang et al. 2004 constants.
constexpr double kK1 = 0.01;
constexpr double kK2 = 0.03;
constexpr int kWindow = 11;
constexpr double kWindowSigma = 1.5;

void require_comparable(const Image16& reference, const Image16& test, int border) {
  if (reference.width() != test.width() || reference.height() != test.height() ||
      reference.channels() != test.channels()) {
    throw MetricError("image comparison: reference is " + std::to_string(reference.width()) + "x" +
                      std::to_string(reference.height()) + "x" +
                      std::to_string(reference.channels()) + " but test is " +
                      std::to_string(test.width()) + "x" + std::to_string(test.height()) + "x" +
                      std::to_string(test.channels()));
  }
  if (border < 0 || 2 * border >= reference.width() || 2 * border >= reference.height()) {
    throw MetricError("image comparison: border " + std::to_string(border) +
                      " leaves no pixel of " + std::to_string(reference.width()) + "x" +
                      std::to_string(reference.height()));
  }
}

double psnr_from_mse(double mse, double peak) {
  if (mse == 0) return std::numeric_limits<double>::infinity();
  return 10.0 * std::log10(peak * peak / mse);
}

double mean_squared_error(const Image16& reference, const Image16& test, int border, int first,
                          int last) {
  double sum = 0;
  size_t count = 0;
  for (int y = border; y < reference.height() - border; ++y) {
    for (int x = border; x < reference.width() - border; ++x) {
      for (int c = first; c <= last; ++c) {
        const double d = static_cast<double>(reference.at(x, y, c)) - test.at(x, y, c);
        sum += d * d;
        ++count;
      }
    }
  }
  return sum / count;
}

// Separable 'valid' filtering with the normalised Gaussian window.
std::vector<double> filter_valid(const std::vector<double>& plane, int width, int height,
                                 const std::vector<double>& kernel) {
  const int out_w = width - kWindow + 1, out_h = height - kWindow + 1;
  std::vector<double> rows(static_cast<size_t>(out_w) * height);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < out_w; ++x) {
      double s = 0;
      for (int k = 0; k < kWindow; ++k)
        s += kernel[k] * plane[static_cast<size_t>(y) * width + x + k];
      rows[static_cast<size_t>(y) * out_w + x] = s;
    }
  }
  std::vector<double> out(static_cast<size_t>(out_w) * out_h);
  for (int y = 0; y < out_h; ++y) {
    for (int x = 0; x < out_w; ++x) {
      double s = 0;
      for (int k = 0; k < kWindow; ++k)
        s += kernel[k] * rows[static_cast<size_t>(y + k) * out_w + x];
      out[static_cast<size_t>(y) * out_w + x] = s;
    }
  }
  return out;
}

double ssim_plane(const std::vector<double>& a, const std::vector<double>& b, int width, int height,
                  double peak) {
  std::vector<double> kernel(kWindow);
  double total = 0;
  for (int k = 0; k < kWindow; ++k) {
    const double d = k - (kWindow - 1) / 2.0;
    kernel[k] = std::exp(-d * d / (2 * kWindowSigma * kWindowSigma));
    total += kernel[k];
  }
  for (double& k : kernel)
    k /= total;
  std::vector<double> aa(a.size()), bb(a.size()), ab(a.size());
  for (size_t i = 0; i < a.size(); ++i) {
    aa[i] = a[i] * a[i];
    bb[i] = b[i] * b[i];
    ab[i] = a[i] * b[i];
  }
  const auto mu_a = filter_valid(a, width, height, kernel);
  const auto mu_b = filter_valid(b, width, height, kernel);
  const auto e_aa = filter_valid(aa, width, height, kernel);
  const auto e_bb = filter_valid(bb, width, height, kernel);
  const auto e_ab = filter_valid(ab, width, height, kernel);
  const double c1 = (kK1 * peak) * (kK1 * peak), c2 = (kK2 * peak) * (kK2 * peak);
  double sum = 0;
  for (size_t i = 0; i < mu_a.size(); ++i) {
    const double ma = mu_a[i], mb = mu_b[i];
    const double var_a = e_aa[i] - ma * ma, var_b = e_bb[i] - mb * mb, cov = e_ab[i] - ma * mb;
    sum +=
        ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (var_a + var_b + c2));
  }
  return sum / mu_a.size();
}

}  // namespace

double psnr_db(const Image16& reference, const Image16& test, double peak, int channel,
               int border) {
  require_comparable(reference, test, border);
  if (channel < 0 || channel >= reference.channels()) {
    throw MetricError("PSNR: channel " + std::to_string(channel) + " of a " +
                      std::to_string(reference.channels()) + "-channel image");
  }
  return psnr_from_mse(mean_squared_error(reference, test, border, channel, channel), peak);
}

double cpsnr_db(const Image16& reference, const Image16& test, double peak, int border) {
  require_comparable(reference, test, border);
  return psnr_from_mse(mean_squared_error(reference, test, border, 0, reference.channels() - 1),
                       peak);
}

double ssim(const Image16& reference, const Image16& test, double peak, int border) {
  require_comparable(reference, test, border);
  const int width = reference.width() - 2 * border, height = reference.height() - 2 * border;
  if (width < kWindow || height < kWindow) {
    throw MetricError("SSIM: " + std::to_string(width) + "x" + std::to_string(height) +
                      " pixels inside the border; the 11x11 window needs at least 11x11");
  }
  double sum = 0;
  for (int c = 0; c < reference.channels(); ++c) {
    std::vector<double> a(static_cast<size_t>(width) * height), b(a.size());
    for (int y = 0; y < height; ++y) {
      for (int x = 0; x < width; ++x) {
        a[static_cast<size_t>(y) * width + x] = reference.at(x + border, y + border, c);
        b[static_cast<size_t>(y) * width + x] = test.at(x + border, y + border, c);
      }
    }
    sum += ssim_plane(a, b, width, height, peak);
  }
  return sum / reference.channels();
}

Image8 difference_map(const Image16& reference, const Image16& test, double peak,
                      double amplification) {
  require_comparable(reference, test, 0);
  Image8 map(reference.width(), reference.height(), reference.channels());
  const double scale = amplification * 255.0 / peak;
  for (size_t i = 0; i < map.sample_count(); ++i) {
    const double d = std::fabs(static_cast<double>(reference.data()[i]) - test.data()[i]);
    map.data()[i] = static_cast<uint8_t>(std::min(255.0, std::round(d * scale)));
  }
  return map;
}

Image16 widen_to_16bit(const Image16& eight_bit_samples) {
  Image16 wide = eight_bit_samples;
  for (uint16_t& v : wide.samples())
    v = static_cast<uint16_t>(std::min<int>(v, 255) * 257);
  return wide;
}

GainMatchedFidelity gain_matched_fidelity(const ImageF& linear_truth, const Image16& test,
                                          double peak, int border) {
  if (linear_truth.width() != test.width() || linear_truth.height() != test.height() ||
      linear_truth.channels() != 3 || test.channels() != 3)
    throw MetricError("gain-matched comparison: truth is " + std::to_string(linear_truth.width()) +
                      "x" + std::to_string(linear_truth.height()) + "x" +
                      std::to_string(linear_truth.channels()) + ", test " +
                      std::to_string(test.width()) + "x" + std::to_string(test.height()) + "x" +
                      std::to_string(test.channels()) + " (both RGB, the same size)");
  if (border < 0 || 2 * border >= test.width() || 2 * border >= test.height())
    throw MetricError("gain-matched comparison: border " + std::to_string(border) +
                      " leaves no pixel");
  // The test's codes decoded to linear light (a table: a code has at most peak + 1 values), and
  // the least-squares gain per channel: sum(t r) / sum(t t).
  const auto top = static_cast<size_t>(peak);
  std::vector<double> linear(top + 1);
  for (size_t code = 0; code <= top; ++code)
    linear[code] = srgb_decode(static_cast<double>(code) / peak);
  auto decoded = [&](size_t i) { return linear[std::min<size_t>(test.data()[i], top)]; };
  GainMatchedFidelity result;
  double squared_error[3] = {0, 0, 0};
  long count = 0;
  for (int c = 0; c < 3; ++c) {
    double tr = 0, tt = 0;
    for (int y = border; y < test.height() - border; ++y)
      for (int x = border; x < test.width() - border; ++x) {
        const double t = decoded((static_cast<size_t>(y) * test.width() + x) * 3 + c);
        tr += t * linear_truth.at(x, y, c);
        tt += t * t;
      }
    if (!(tt > 0))
      throw MetricError("gain-matched comparison: the test's channel " + std::to_string(c) +
                        " is black");
    result.gains[c] = tr / tt;
  }
  auto code = [](double linear) {
    return std::round(255.0 * srgb_encode(std::clamp(linear, 0.0, 1.0)));
  };
  for (int y = border; y < test.height() - border; ++y)
    for (int x = border; x < test.width() - border; ++x) {
      for (int c = 0; c < 3; ++c) {
        const double t = decoded((static_cast<size_t>(y) * test.width() + x) * 3 + c);
        const double d = code(t * result.gains[c]) - code(linear_truth.at(x, y, c));
        squared_error[c] += d * d;
      }
      ++count;
    }
  double total = 0;
  for (int c = 0; c < 3; ++c) {
    result.psnr_db[c] = psnr_from_mse(squared_error[c] / count, 255.0);
    total += squared_error[c];
  }
  result.cpsnr_db = psnr_from_mse(total / (3.0 * count), 255.0);
  return result;
}

}  // namespace ispsim::iq
