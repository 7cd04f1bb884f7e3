#pragma once
// Interleaved multi-channel image: the one image type shared by sensor, model, metrics and I/O.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ispsim {

template <typename T>
class Image {
 public:
  Image() = default;
  Image(int width, int height, int channels, T fill = T{})
      : width_(width),
        height_(height),
        channels_(channels),
        samples_(static_cast<size_t>(width) * height * channels, fill) {}

  int width() const { return width_; }
  int height() const { return height_; }
  int channels() const { return channels_; }
  bool empty() const { return samples_.empty(); }
  size_t sample_count() const { return samples_.size(); }

  T* row(int y) { return samples_.data() + static_cast<size_t>(y) * width_ * channels_; }
  const T* row(int y) const {
    return samples_.data() + static_cast<size_t>(y) * width_ * channels_;
  }
  T& at(int x, int y, int c = 0) { return row(y)[static_cast<size_t>(x) * channels_ + c]; }
  const T& at(int x, int y, int c = 0) const {
    return row(y)[static_cast<size_t>(x) * channels_ + c];
  }

  T* data() { return samples_.data(); }
  const T* data() const { return samples_.data(); }
  std::vector<T>& samples() { return samples_; }
  const std::vector<T>& samples() const { return samples_; }

  bool operator==(const Image& other) const {
    return width_ == other.width_ && height_ == other.height_ && channels_ == other.channels_ &&
           samples_ == other.samples_;
  }
  bool operator!=(const Image& other) const { return !(*this == other); }

 private:
  int width_ = 0;
  int height_ = 0;
  int channels_ = 0;
  std::vector<T> samples_;
};

using Image8 = Image<uint8_t>;
using Image16 = Image<uint16_t>;
using ImageF = Image<float>;

}  // namespace ispsim
