#pragma once
// Lines as kernels see them: planar 16-bit samples, each plane with margins on both sides so a
// windowed kernel can read past the edges (the schedule fills them by reflection) and a SIMD
// kernel can run whole vectors past the line's end without a scalar tail.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "model/kernels/cfa.hpp"

namespace ispsim::blocks {

constexpr int kMaxPlanes = 3;
constexpr int kRowMargin = 32;  // samples before and after each plane: >= any window radius
constexpr int kRowAlign = 64;   // plane widths round up to this: a whole number of any vector

constexpr int padded_width(int width) {
  return (width + kRowAlign - 1) / kRowAlign * kRowAlign;
}

struct RowRef {
  uint16_t* plane[kMaxPlanes] = {};
};

struct ConstRowRef {
  const uint16_t* plane[kMaxPlanes] = {};
};

// A window of input rows: rows[k] is frame row y - radius + k, already reflected at the frame's
// top and bottom by the schedule.
struct RowWindow {
  const ConstRowRef* rows = nullptr;
  int count = 0;
  const ConstRowRef& centre() const { return rows[count / 2]; }
  // Plane 0 of the first kRows rows, top to bottom: what a raw windowed kernel takes.
  template <int kRows>
  std::array<const uint16_t*, kRows> raw_rows() const {
    std::array<const uint16_t*, kRows> planes{};
    for (int k = 0; k < kRows && k < count; ++k)
      planes[static_cast<size_t>(k)] = rows[k].plane[0];
    return planes;
  }
};

// One line of up to three planes in one allocation, reused from line to line.
class PlanarLine {
 public:
  PlanarLine() = default;
  PlanarLine(int width, int planes) { resize(width, planes); }

  void resize(int width, int planes) {
    width_ = width;
    planes_ = planes;
    stride_ = static_cast<size_t>(kRowMargin) * 2 + padded_width(width);
    const size_t needed = stride_ * planes;
    if (storage_.size() < needed) storage_.resize(needed);
  }
  int width() const { return width_; }
  int planes() const { return planes_; }
  uint16_t* plane(int p) { return storage_.data() + p * stride_ + kRowMargin; }
  const uint16_t* plane(int p) const { return storage_.data() + p * stride_ + kRowMargin; }
  RowRef ref() {
    RowRef r;
    for (int p = 0; p < planes_; ++p)
      r.plane[p] = plane(p);
    return r;
  }
  ConstRowRef cref() const {
    ConstRowRef r;
    for (int p = 0; p < planes_; ++p)
      r.plane[p] = plane(p);
    return r;
  }
  // Mirrors `radius` samples at each end of every plane (reflect-101: -1 -> 1, w -> w-2), as a
  // window centred on an edge pixel expects. Needs width > radius.
  void reflect_margins(int radius) {
    for (int p = 0; p < planes_; ++p) {
      uint16_t* s = plane(p);
      for (int k = 1; k <= radius; ++k) {
        s[-k] = s[reflect101(-k, width_)];
        s[width_ - 1 + k] = s[reflect101(width_ - 1 + k, width_)];
      }
    }
  }
  // Repeats the last sample of every plane `count` times past the end.
  void replicate_right(int count) {
    for (int p = 0; p < planes_; ++p) {
      uint16_t* s = plane(p);
      for (int k = 0; k < count; ++k)
        s[width_ + k] = s[width_ - 1];
    }
  }

 private:
  int width_ = 0;
  int planes_ = 0;
  size_t stride_ = 0;
  std::vector<uint16_t> storage_;
};

// The last `count` lines a windowed block needs, addressed by frame row.
class LineRing {
 public:
  void resize(int count, int width, int planes) {
    lines_.resize(static_cast<size_t>(count));
    for (auto& line : lines_)
      line.resize(width, planes);
  }
  int count() const { return static_cast<int>(lines_.size()); }
  PlanarLine& line(int row) { return lines_[static_cast<size_t>(row % count())]; }
  const PlanarLine& line(int row) const { return lines_[static_cast<size_t>(row % count())]; }

 private:
  std::vector<PlanarLine> lines_;
};

// A bypassed block's line: `planes` planes of `width` samples copied through unchanged.
inline void copy_planes(const ConstRowRef& in, const RowRef& out, int planes, int width) {
  for (int p = 0; p < planes; ++p)
    std::copy(in.plane[p], in.plane[p] + width, out.plane[p]);
}

// The window a (2r+1)-row kernel reads for output row y: frame rows y-r..y+r mirrored
// (reflect-101) at the top and at `height`, each line's margins mirrored too. `line_of_row(row)`
// returns the PlanarLine holding a frame row. Every schedule gathers its windows here.
// Contract kernels may rely on (the demosaic keeps work between rows by it): a line's samples do
// not change while its storage appears in consecutive windows; a new row arrives in storage no
// window of the previous row held.
template <typename LineOfRow>
void gather_window(int y, int radius, int height, LineOfRow&& line_of_row, ConstRowRef* window) {
  for (int k = 0; k <= 2 * radius; ++k) {
    PlanarLine& line = line_of_row(reflect101(y - radius + k, height));
    line.reflect_margins(radius);
    window[k] = line.cref();
  }
}

}  // namespace ispsim::blocks
