#include "model/reference/reference_pipeline.hpp"

#include <array>
#include <cmath>

#include "model/common/error.hpp"
#include "model/kernels/fixed_point.hpp"

namespace ispsim {
namespace {

void require_channels(const Image16& image, int channels, const char* stage) {
  if (image.channels() != channels || image.empty())
    throw ModelError(std::string(stage) + ": expected a " + std::to_string(channels) +
                     "-channel frame, got " + std::to_string(image.channels()) + " channels, " +
                     std::to_string(image.width()) + "x" + std::to_string(image.height()));
}

}  // namespace

Image16 reference_black_level(const Image16& raw, const BlackLevelParams& p) {
  require_channels(raw, 1, "black level");
  Image16 out(raw.width(), raw.height(), 1);
  for (int y = 0; y < raw.height(); ++y)
    black_level_line(raw.row(y), out.row(y), raw.width(), y, p);
  return out;
}

Image16 reference_white_balance(const Image16& raw, const WhiteBalanceParams& p) {
  require_channels(raw, 1, "white balance");
  Image16 out(raw.width(), raw.height(), 1);
  for (int y = 0; y < raw.height(); ++y)
    white_balance_line(raw.row(y), out.row(y), raw.width(), y, p);
  return out;
}

Image16 reference_demosaic(const Image16& raw, const DemosaicParams& p) {
  require_channels(raw, 1, "demosaic");
  if (raw.width() < kDemosaicMinSize || raw.height() < kDemosaicMinSize)
    throw ModelError("demosaic: frame " + std::to_string(raw.width()) + "x" +
                     std::to_string(raw.height()) + " is smaller than 3x3");
  Image16 out(raw.width(), raw.height(), 3);
  for (int y = 0; y < raw.height(); ++y) {
    const uint16_t* rows[kDemosaicWindowRows];
    for (int k = 0; k < kDemosaicWindowRows; ++k)
      rows[k] = raw.row(reflect101(y + k - 2, raw.height()));
    demosaic_line(rows, raw.width(), y, p, out.row(y));
  }
  return out;
}

Image16 reference_color_matrix(const Image16& rgb, const ColorMatrixParams& p) {
  require_channels(rgb, 3, "colour matrix");
  Image16 out(rgb.width(), rgb.height(), 3);
  for (int y = 0; y < rgb.height(); ++y)
    color_matrix_line(rgb.row(y), out.row(y), rgb.width(), p);
  return out;
}

Image16 reference_gamma(const Image16& rgb, const GammaParams& p) {
  require_channels(rgb, 3, "gamma");
  Image16 out(rgb.width(), rgb.height(), 3);
  const GammaTable table = expand_gamma(p);
  for (int y = 0; y < rgb.height(); ++y)
    gamma_line(rgb.row(y), out.row(y), rgb.width(), table);
  return out;
}

Nv12Frame reference_rgb_to_nv12(const Image16& rgb10, const CscParams& p) {
  require_channels(rgb10, 3, "RGB to YCbCr");
  return rgb_rows_to_nv12(
      rgb10.width(), rgb10.height(), [&](int y) { return rgb10.row(y); }, p);
}

Nv12Frame rgb_rows_to_nv12(int w, int h, const std::function<const uint16_t*(int y)>& rgb10_row,
                           const CscParams& p) {
  Nv12Frame out;
  out.width = w;
  out.height = h;
  out.luma.resize(static_cast<size_t>(w) * h);
  const int chroma_rows = (h + 1) / 2;
  out.chroma.resize(static_cast<size_t>(2 * chroma_width(w)) * chroma_rows);
  std::vector<uint8_t> ycbcr_even(3 * static_cast<size_t>(w)), ycbcr_odd(ycbcr_even.size());
  for (int cy = 0; cy < chroma_rows; ++cy) {
    const int y0 = 2 * cy, y1 = y0 + 1;
    rgb_to_ycbcr_line(rgb10_row(y0), ycbcr_even.data(), w, p);
    luma_of_line(ycbcr_even.data(), &out.luma[static_cast<size_t>(y0) * w], w);
    const uint8_t* second = ycbcr_even.data();
    if (y1 < h) {
      rgb_to_ycbcr_line(rgb10_row(y1), ycbcr_odd.data(), w, p);
      luma_of_line(ycbcr_odd.data(), &out.luma[static_cast<size_t>(y1) * w], w);
      second = ycbcr_odd.data();
    }
    subsample_chroma_420(ycbcr_even.data(), second, w,
                         &out.chroma[static_cast<size_t>(cy) * 2 * chroma_width(w)]);
  }
  return out;
}

// Pointwise stages are applied row by row into small buffers rather than into whole
// intermediate frames: the same kernels in the same order, with far less memory traffic.
Nv12Frame run_reference_pipeline(const Image16& raw, const IspParams& params) {
  require_channels(raw, 1, "ISP input");
  const int w = raw.width(), h = raw.height();
  Image16 balanced(w, h, 1);
  std::vector<uint16_t> corrected(static_cast<size_t>(w));
  for (int y = 0; y < h; ++y) {
    black_level_line(raw.row(y), corrected.data(), w, y, params.black_level);
    white_balance_line(corrected.data(), balanced.row(y), w, y, params.white_balance);
  }
  const Image16 rgb = reference_demosaic(balanced, params.demosaic);
  const GammaTable gamma = expand_gamma(params.gamma);
  std::vector<uint16_t> display(3 * static_cast<size_t>(w)), toned(display.size());
  return rgb_rows_to_nv12(
      w, h,
      [&](int y) {
        color_matrix_line(rgb.row(y), display.data(), w, params.color_matrix);
        gamma_line(display.data(), toned.data(), w, gamma);
        return toned.data();
      },
      params.csc);
}

Image8 nv12_to_rgb8(const Nv12Frame& frame) {
  // BT.709 limited range inverse (Rec. ITU-R BT.709-6, Kr 0.2126, Kb 0.0722), tabulated once per
  // code value so the per-pixel work is three table reads and adds.
  struct Tables {
    std::array<double, 256> luma{}, r_cr{}, g_cb{}, g_cr{}, b_cb{};
  };
  static const Tables t = [] {
    Tables tables;
    for (int code = 0; code < 256; ++code) {
      const double chroma = (code - 128) / 224.0;
      tables.luma[code] = (code - 16) / 219.0 * 255.0;
      tables.r_cr[code] = 1.5748 * chroma * 255.0;
      tables.g_cb[code] = -0.187324 * chroma * 255.0;
      tables.g_cr[code] = -0.468124 * chroma * 255.0;
      tables.b_cb[code] = 1.8556 * chroma * 255.0;
    }
    return tables;
  }();
  const size_t chroma_bytes =
      static_cast<size_t>(2 * chroma_width(frame.width)) * ((frame.height + 1) / 2);
  if (frame.width <= 0 || frame.height <= 0 ||
      frame.luma.size() != static_cast<size_t>(frame.width) * frame.height ||
      frame.chroma.size() != chroma_bytes)
    throw ModelError("NV12 frame of " + std::to_string(frame.width) + "x" +
                     std::to_string(frame.height) + " holds " + std::to_string(frame.luma.size()) +
                     " luma and " + std::to_string(frame.chroma.size()) + " chroma bytes");
  auto to_byte = [](double value) {
    return static_cast<uint8_t>(value <= 0.0 ? 0 : (value >= 255.0 ? 255 : value + 0.5));
  };
  Image8 out(frame.width, frame.height, 3);
  const int cw = chroma_width(frame.width);
  for (int y = 0; y < frame.height; ++y) {
    const uint8_t* uv = &frame.chroma[static_cast<size_t>(y / 2) * 2 * cw];
    const uint8_t* luma = &frame.luma[static_cast<size_t>(y) * frame.width];
    uint8_t* rgb = out.row(y);
    for (int x = 0; x < frame.width; ++x) {
      const double l = t.luma[luma[x]];
      const uint8_t cb = uv[2 * (x / 2)], cr = uv[2 * (x / 2) + 1];
      rgb[3 * x] = to_byte(l + t.r_cr[cr]);
      rgb[3 * x + 1] = to_byte(l + t.g_cb[cb] + t.g_cr[cr]);
      rgb[3 * x + 2] = to_byte(l + t.b_cb[cb]);
    }
  }
  return out;
}

}  // namespace ispsim
