#include "sensor_sim/raw_output/ground_truth.hpp"

#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "model/common/error.hpp"
#include "model/image/tiff_file.hpp"

namespace ispsim::sensor {
namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw ImageError(path + ": float TIFF " + what);
}

// libtiff reports through callbacks; keep the last message for the ImageError instead of letting
// libtiff print to stderr.

}  // namespace

void write_linear_tiff(const std::string& path, const ImageF& rgb, const std::string& description) {
  if (rgb.empty() || rgb.width() <= 0 || rgb.height() <= 0) fail(path, "image is empty");
  if (rgb.channels() != 3) {
    fail(path, "image has " + std::to_string(rgb.channels()) + " channels (RGB needs 3)");
  }
  for (int y = 0; y < rgb.height(); ++y) {
    const float* row = rgb.row(y);
    for (int i = 0; i < rgb.width() * 3; ++i) {
      if (!std::isfinite(row[i])) {
        fail(path, "sample at (" + std::to_string(i / 3) + ", " + std::to_string(y) + ") channel " +
                       std::to_string(i % 3) + " is not finite");
      }
    }
  }
  TiffMessages messages;
  TiffPtr tiff = open_tiff(path, "w", messages);
  TIFF* t = tiff.get();
  TIFFSetField(t, TIFFTAG_IMAGEWIDTH, static_cast<uint32_t>(rgb.width()));
  TIFFSetField(t, TIFFTAG_IMAGELENGTH, static_cast<uint32_t>(rgb.height()));
  TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, 3);
  TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, 32);
  TIFFSetField(t, TIFFTAG_SAMPLEFORMAT, SAMPLEFORMAT_IEEEFP);
  TIFFSetField(t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_RGB);
  TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
  TIFFSetField(t, TIFFTAG_ORIENTATION, ORIENTATION_TOPLEFT);
  if (!description.empty()) TIFFSetField(t, TIFFTAG_IMAGEDESCRIPTION, description.c_str());
  if (TIFFIsCODECConfigured(COMPRESSION_ADOBE_DEFLATE)) {
    // Predictor 3 (Adobe TIFF Technical Note 3) groups float bytes by significance, which is what
    // lets deflate shrink smooth float images.
    TIFFSetField(t, TIFFTAG_COMPRESSION, COMPRESSION_ADOBE_DEFLATE);
    TIFFSetField(t, TIFFTAG_PREDICTOR, PREDICTOR_FLOATINGPOINT);
  }
  TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, TIFFDefaultStripSize(t, 0));
  // The predictor encodes in place, so each row goes through a copy.
  std::vector<float> line(static_cast<size_t>(rgb.width()) * 3);
  for (int y = 0; y < rgb.height(); ++y) {
    std::memcpy(line.data(), rgb.row(y), line.size() * sizeof(float));
    if (TIFFWriteScanline(t, line.data(), static_cast<uint32_t>(y), 0) < 0) {
      fail(path,
           "cannot write row " + std::to_string(y) + " (libtiff: " + messages.last_error + ")");
    }
  }
  if (!TIFFFlush(t)) fail(path, "cannot write (libtiff: " + messages.last_error + ")");
}

ImageF read_linear_tiff(const std::string& path, std::string* description) {
  TiffMessages messages;
  TiffPtr tiff = open_tiff(path, "r", messages);
  TIFF* t = tiff.get();
  uint32_t width = 0, height = 0;
  uint16_t bits = 0, samples = 0, planar = 0, format = 0;
  if (!TIFFGetField(t, TIFFTAG_IMAGEWIDTH, &width) ||
      !TIFFGetField(t, TIFFTAG_IMAGELENGTH, &height) || width == 0 || height == 0) {
    fail(path, "has no image size");
  }
  TIFFGetFieldDefaulted(t, TIFFTAG_BITSPERSAMPLE, &bits);
  TIFFGetFieldDefaulted(t, TIFFTAG_SAMPLESPERPIXEL, &samples);
  TIFFGetFieldDefaulted(t, TIFFTAG_PLANARCONFIG, &planar);
  TIFFGetFieldDefaulted(t, TIFFTAG_SAMPLEFORMAT, &format);
  if (format != SAMPLEFORMAT_IEEEFP || bits != 32) {
    fail(path, "has " + std::to_string(bits) + "-bit samples of format " + std::to_string(format) +
                   ", not 32-bit IEEE float");
  }
  if (samples != 3 || planar != PLANARCONFIG_CONTIG || TIFFIsTiled(t)) {
    fail(path, "is not 3 contiguous samples per pixel in strips");
  }
  ImageF rgb(static_cast<int>(width), static_cast<int>(height), 3);
  if (TIFFScanlineSize(t) != static_cast<tmsize_t>(width * 3 * sizeof(float))) {
    fail(path, "has an unexpected scanline size");
  }
  for (uint32_t y = 0; y < height; ++y) {
    // libtiff returns the samples in host byte order.
    if (TIFFReadScanline(t, rgb.row(static_cast<int>(y)), y, 0) < 0) {
      fail(path, "truncated or corrupt at row " + std::to_string(y) +
                     " (libtiff: " + messages.last_error + ")");
    }
  }
  if (description != nullptr) {
    const char* text = nullptr;
    *description = TIFFGetField(t, TIFFTAG_IMAGEDESCRIPTION, &text) && text ? text : "";
  }
  return rgb;
}

}  // namespace ispsim::sensor
