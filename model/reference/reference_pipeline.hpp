#pragma once
// The reference schedule: each kernel applied to a whole frame, in pipeline order. Reading
// run_reference_pipeline() tells the pipeline.
#include <cstdint>
#include <functional>
#include <vector>

#include "model/image/image.hpp"
#include "model/params/isp_params.hpp"

namespace ispsim {

// NV12: a full-resolution Y plane and a half-resolution interleaved CbCr plane, tightly packed.
struct Nv12Frame {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> luma;    // width x height
  std::vector<uint8_t> chroma;  // 2*chroma_width x ceil(height/2)
  bool operator==(const Nv12Frame& o) const {
    return width == o.width && height == o.height && luma == o.luma && chroma == o.chroma;
  }
};

Image16 reference_black_level(const Image16& raw, const BlackLevelParams& p);
Image16 reference_white_balance(const Image16& raw, const WhiteBalanceParams& p);
Image16 reference_demosaic(const Image16& raw, const DemosaicParams& p);
Image16 reference_color_matrix(const Image16& rgb, const ColorMatrixParams& p);
Image16 reference_gamma(const Image16& rgb, const GammaParams& p);
Nv12Frame reference_rgb_to_nv12(const Image16& rgb10, const CscParams& p);
// The same from rows produced on demand (each row is asked for once, in order).
Nv12Frame rgb_rows_to_nv12(int width, int height,
                           const std::function<const uint16_t*(int y)>& rgb10_row,
                           const CscParams& p);

// 12-bit raw (1 channel) to NV12.
Nv12Frame run_reference_pipeline(const Image16& raw, const IspParams& params);

// NV12 back to 8-bit RGB for viewing (BT.709 limited range, chroma upsampled by replication).
Image8 nv12_to_rgb8(const Nv12Frame& frame);

}  // namespace ispsim
