#pragma once
// The reference schedule: the pipeline's blocks applied row by row, each row pulled through
// small ring buffers (a block holds only the rows the next block's window needs), in bands of
// rows on threads. Every row is computed by the same kernels from the same inputs whatever the
// band, so the bits do not depend on the thread count. Buffers are kept across frames.
#include <cstdint>
#include <memory>
#include <vector>

#include "model/blocks/pipeline.hpp"
#include "model/image/image.hpp"

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

// Which arithmetic the kernels run: the SIMD path chosen for the host (the default) or the
// scalar specification, for tests that hold one against the other.
enum class KernelPath { kSimd, kScalar };

class ReferencePipeline {
 public:
  explicit ReferencePipeline(int threads = 1, KernelPath path = KernelPath::kSimd);
  ~ReferencePipeline();
  ReferencePipeline(const ReferencePipeline&) = delete;
  ReferencePipeline& operator=(const ReferencePipeline&) = delete;

  // 12-bit raw (a channel per exposure, see check_isp_input) to NV12 in `out` (its buffers reused
  // when the size repeats). Throws ModelError for an input the pipeline cannot take.
  void run(const Image16& raw, const IspParams& params, Nv12Frame& out);
  int threads() const { return threads_; }
  // The last frame's 3A statistics; null when params.stats.enable was off.
  const stats::Accumulator* statistics() const { return has_statistics_ ? &statistics_ : nullptr; }

 private:
  struct Band;
  int threads_;
  KernelPath path_;
  std::vector<std::unique_ptr<Band>> bands_;
  bool has_statistics_ = false;
  stats::Accumulator statistics_;
};

// Throws ModelError unless `raw` is a frame the pipeline's windows can take, with a channel per
// exposure the HDR merge takes (interleaved, longest first; one when it is bypassed).
void check_isp_input(const Image16& raw, const IspParams& params);

// Row y of a frame with interleaved channels as a line of planes (a plane per channel); `line`
// already sized for the frame.
void frame_row_to_line(const Image16& frame, int y, blocks::PlanarLine& line);

// One frame on one thread, with buffers of its own.
Nv12Frame run_reference_pipeline(const Image16& raw, const IspParams& params);

// NV12 back to 8-bit RGB for viewing (BT.709 limited range, chroma upsampled by replication).
Image8 nv12_to_rgb8(const Nv12Frame& frame);

}  // namespace ispsim
