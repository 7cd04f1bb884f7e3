// PNG through libpng's classic API (image data deflated by zlib in parallel) and TIFF through
// libtiff, both reporting failures as ImageError.
#include "model/image/image_io.hpp"

#include <png.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <csetjmp>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "model/common/error.hpp"
#include "model/common/row_bands.hpp"
#include "model/image/tiff_file.hpp"

namespace ispsim {
namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw ImageError(path + ": " + what);
}

struct FileCloser {
  void operator()(FILE* f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<FILE, FileCloser>;

FilePtr open_file(const std::string& path, const char* mode) {
  FilePtr file(std::fopen(path.c_str(), mode));
  if (!file) {
    fail(path, std::string("cannot open for ") + (mode[0] == 'r' ? "reading" : "writing") + ": " +
                   std::strerror(errno));
  }
  return file;
}

template <typename T>
void check_writable(const std::string& path, const Image<T>& image) {
  if (image.empty() || image.width() <= 0 || image.height() <= 0) fail(path, "image is empty");
  if (image.channels() != 1 && image.channels() != 3) {
    fail(path, "cannot write an image with " + std::to_string(image.channels()) +
                   " channels (1 or 3 are supported)");
  }
}

// ---- PNG -------------------------------------------------------------------------------------
// libpng reports errors through a callback that must not return; it longjmps back to the function
// that called setjmp. No object with a non-trivial destructor may be created between a setjmp and
// the libpng calls it guards (the condition under which setjmp/longjmp is defined in C++): they
// are owned by the callers, or made before the setjmp (png_write_pixels' compressed bands).

struct PngErrorState {
  char message[256] = {};
  std::jmp_buf jump;
};

[[noreturn]] void png_error_longjmp(png_structp png, png_const_charp message) {
  auto* state = static_cast<PngErrorState*>(png_get_error_ptr(png));
  std::snprintf(state->message, sizeof state->message, "%s", message);
  std::longjmp(state->jump, 1);
}

void png_warning_ignored(png_structp, png_const_charp) {}

struct PngPixels {
  int width = 0;
  int height = 0;
  int channels = 0;
  int bit_depth = 0;
  std::vector<png_byte> bytes;  // rows top to bottom, 16-bit samples big-endian as in the file
  std::vector<png_bytep> rows;
};

bool png_read_pixels(FILE* file, PngErrorState& error, PngPixels& out) {
  png_structp png =
      png_create_read_struct(PNG_LIBPNG_VER_STRING, &error, png_error_longjmp, png_warning_ignored);
  if (png == nullptr) return false;
  png_infop info = png_create_info_struct(png);
  if (info == nullptr || setjmp(error.jump)) {
    png_destroy_read_struct(&png, &info, nullptr);
    return false;
  }
  png_init_io(png, file);
  png_read_info(png, info);
  const int color_type = png_get_color_type(png, info);
  if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if (color_type == PNG_COLOR_TYPE_GRAY && png_get_bit_depth(png, info) < 8) {
    png_set_expand_gray_1_2_4_to_8(png);
  }
  if (color_type & PNG_COLOR_MASK_ALPHA) png_set_strip_alpha(png);
  png_set_interlace_handling(png);
  png_read_update_info(png, info);

  out.width = static_cast<int>(png_get_image_width(png, info));
  out.height = static_cast<int>(png_get_image_height(png, info));
  out.channels = png_get_channels(png, info);
  out.bit_depth = png_get_bit_depth(png, info);
  const size_t row_bytes = png_get_rowbytes(png, info);
  out.bytes.resize(row_bytes * out.height);
  out.rows.resize(out.height);
  for (int y = 0; y < out.height; ++y)
    out.rows[y] = out.bytes.data() + row_bytes * y;
  png_read_image(png, out.rows.data());
  png_read_end(png, nullptr);
  png_destroy_read_struct(&png, &info, nullptr);
  return true;
}

Image16 read_png(const std::string& path, int* bit_depth) {
  FilePtr file = open_file(path, "rb");
  PngErrorState error;
  PngPixels pixels;
  if (!png_read_pixels(file.get(), error, pixels)) {
    fail(path, std::string("unreadable or truncated PNG (libpng: ") + error.message + ")");
  }
  if (pixels.channels != 1 && pixels.channels != 3) {
    fail(path, "unsupported PNG layout with " + std::to_string(pixels.channels) + " channels");
  }
  if (pixels.bit_depth != 8 && pixels.bit_depth != 16) {
    fail(path, "unsupported PNG bit depth " + std::to_string(pixels.bit_depth));
  }
  Image16 image(pixels.width, pixels.height, pixels.channels);
  const size_t samples_per_row = static_cast<size_t>(pixels.width) * pixels.channels;
  for (int y = 0; y < pixels.height; ++y) {
    const png_byte* src = pixels.rows[y];
    uint16_t* dst = image.row(y);
    for (size_t i = 0; i < samples_per_row; ++i) {
      dst[i] =
          pixels.bit_depth == 16 ? static_cast<uint16_t>(src[2 * i] << 8 | src[2 * i + 1]) : src[i];
    }
  }
  if (bit_depth != nullptr) *bit_depth = pixels.bit_depth;
  return image;
}

// The PNG image data (IDAT) as one zlib stream, compressed on every core: libpng deflates on one
// thread, and a 50 MP frame spent 2.6 s there. Rows go in bands of kPngBandRows, each band an
// independent raw deflate stream (zlib level 1) ended by a sync flush, the last one by the final
// block; the bands concatenate into one stream, with the Adler-32 of the whole combined from the
// bands' (zlib's adler32_combine), as parallel gzip does. The bytes do not depend on the number of
// threads. Every row uses the Up filter (a byte minus the byte above), which costs one subtraction
// where libpng's adaptive choice tries all five filters.
constexpr int kPngBandRows = 256;

struct DeflatedBand {
  std::vector<unsigned char> bytes;  // grown as deflate fills it: about the compressed size
  uLong adler = 0;
  size_t input_bytes = 0;
};

// Compresses one band; throws ImageError if zlib fails (run_work_queue hands it to the caller).
void deflate_png_band(const PngPixels& pixels, size_t row_bytes, int band, bool last,
                      DeflatedBand& out) {
  const int y0 = band * kPngBandRows;
  const int y1 = std::min(pixels.height, y0 + kPngBandRows);
  z_stream stream{};
  if (deflateInit2(&stream, 1, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    throw ImageError("zlib: deflateInit2 failed");
  struct StreamEnd {
    z_stream* stream;
    ~StreamEnd() { deflateEnd(stream); }
  } stream_end{&stream};
  out.input_bytes = static_cast<size_t>(y1 - y0) * (row_bytes + 1);
  out.adler = adler32(0, nullptr, 0);
  size_t used = 0;
  std::vector<unsigned char> line(row_bytes + 1);
  line[0] = 2;  // PNG filter type Up
  for (int y = y0; y < y1; ++y) {
    const png_byte* row = pixels.rows[y];
    const png_byte* above = y > 0 ? pixels.rows[y - 1] : nullptr;
    for (size_t i = 0; i < row_bytes; ++i)
      line[i + 1] = static_cast<unsigned char>(row[i] - (above ? above[i] : 0));
    out.adler = adler32(out.adler, line.data(), static_cast<uInt>(line.size()));
    stream.next_in = line.data();
    stream.avail_in = static_cast<uInt>(line.size());
    const int flush = y + 1 < y1 ? Z_NO_FLUSH : (last ? Z_FINISH : Z_SYNC_FLUSH);
    // zlib's usual loop: call again while it filled all the output room it was given.
    do {
      if (out.bytes.size() - used < row_bytes + 64)
        out.bytes.resize(std::max<size_t>(2 * out.bytes.size(), used + 2 * row_bytes + 1024));
      stream.next_out = out.bytes.data() + used;
      stream.avail_out = static_cast<uInt>(out.bytes.size() - used);
      const int status = deflate(&stream, flush);
      used = out.bytes.size() - stream.avail_out;
      if (status == Z_STREAM_ERROR) throw ImageError("zlib: deflate failed");
    } while (stream.avail_out == 0);
  }
  out.bytes.resize(used);
}

std::vector<DeflatedBand> deflate_png_rows(const PngPixels& pixels, size_t row_bytes) {
  const int band_count = std::max(1, (pixels.height + kPngBandRows - 1) / kPngBandRows);
  std::vector<DeflatedBand> bands(band_count);
  // Bands of detail take longer than flat ones: whichever thread is free takes the next band.
  run_work_queue(band_count, host_threads(), [&](const auto& next) {
    for (int band; (band = next()) >= 0;)
      deflate_png_band(pixels, row_bytes, band, band + 1 == band_count, bands[band]);
  });
  return bands;
}

bool png_write_pixels(FILE* file, PngErrorState& error, PngPixels& pixels) {
  const size_t row_bytes =
      static_cast<size_t>(pixels.width) * pixels.channels * (pixels.bit_depth / 8);
  const std::vector<DeflatedBand> bands = deflate_png_rows(pixels, row_bytes);
  uLong adler = adler32(0, nullptr, 0);
  for (const DeflatedBand& band : bands)
    adler = adler32_combine(adler, band.adler, static_cast<z_off_t>(band.input_bytes));
  const unsigned char zlib_header[2] = {0x78, 0x01};  // deflate, 32 KiB window, fastest level
  unsigned char zlib_trailer[4];                      // the Adler-32, big-endian
  for (int i = 0; i < 4; ++i)
    zlib_trailer[i] = static_cast<unsigned char>(adler >> (24 - 8 * i));

  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &error, png_error_longjmp,
                                            png_warning_ignored);
  if (png == nullptr) return false;
  png_infop info = png_create_info_struct(png);
  if (info == nullptr || setjmp(error.jump)) {
    png_destroy_write_struct(&png, &info);
    return false;
  }
  png_init_io(png, file);
  png_set_IHDR(png, info, pixels.width, pixels.height, pixels.bit_depth,
               pixels.channels == 1 ? PNG_COLOR_TYPE_GRAY : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_write_info(png, info);
  // libpng writes the signature, the header and every chunk with its CRC; the zlib stream is split
  // over IDAT chunks (a reader joins them), at most 1 MiB each.
  const auto write_idat = [&](const unsigned char* data, size_t size) {
    constexpr size_t kChunkBytes = size_t{1} << 20;
    for (size_t offset = 0; offset < size; offset += kChunkBytes)
      png_write_chunk(png, reinterpret_cast<png_const_bytep>("IDAT"), data + offset,
                      std::min(kChunkBytes, size - offset));
  };
  write_idat(zlib_header, sizeof zlib_header);
  for (const DeflatedBand& band : bands)
    write_idat(band.bytes.data(), band.bytes.size());
  write_idat(zlib_trailer, sizeof zlib_trailer);
  png_write_chunk(png, reinterpret_cast<png_const_bytep>("IEND"), nullptr, 0);
  png_destroy_write_struct(&png, &info);
  return true;
}

template <typename T>
void write_png_any(const std::string& path, const Image<T>& image) {
  check_writable(path, image);
  PngPixels pixels;
  pixels.width = image.width();
  pixels.height = image.height();
  pixels.channels = image.channels();
  pixels.bit_depth = 8 * static_cast<int>(sizeof(T));
  const size_t samples_per_row = static_cast<size_t>(image.width()) * image.channels();
  const size_t row_bytes = samples_per_row * sizeof(T);
  pixels.rows.resize(image.height());
  if constexpr (sizeof(T) == 1) {
    // 8-bit rows are already in the file's layout: libpng reads them in place (it modifies the
    // rows it is given only for transforms, and none is set), so no copy of the frame is made.
    for (int y = 0; y < image.height(); ++y)
      pixels.rows[y] = const_cast<png_bytep>(reinterpret_cast<const png_byte*>(image.row(y)));
  } else {
    pixels.bytes.resize(row_bytes * image.height());
    for (int y = 0; y < image.height(); ++y) {
      png_byte* dst = pixels.bytes.data() + row_bytes * y;
      pixels.rows[y] = dst;
      const T* src = image.row(y);
      for (size_t i = 0; i < samples_per_row; ++i) {  // PNG stores 16-bit samples big-endian
        dst[2 * i] = static_cast<png_byte>(src[i] >> 8);
        dst[2 * i + 1] = static_cast<png_byte>(src[i] & 0xff);
      }
    }
  }
  FilePtr file = open_file(path, "wb");
  PngErrorState error;
  if (!png_write_pixels(file.get(), error, pixels)) {
    fail(path, std::string("cannot write PNG (libpng: ") + error.message + ")");
  }
  if (std::fflush(file.get()) != 0)
    fail(path, std::string("write failed: ") + std::strerror(errno));
}

// ---- TIFF ------------------------------------------------------------------------------------

Image16 read_tiff(const std::string& path, int* bit_depth) {
  TiffMessages messages;
  TiffPtr tiff = open_tiff(path, "r", messages);
  uint32_t width = 0, height = 0;
  uint16_t bits = 0, samples = 0, planar = 0, format = 0, photometric = 0;
  if (!TIFFGetField(tiff.get(), TIFFTAG_IMAGEWIDTH, &width) ||
      !TIFFGetField(tiff.get(), TIFFTAG_IMAGELENGTH, &height) || width == 0 || height == 0) {
    fail(path, "TIFF has no image size");
  }
  TIFFGetFieldDefaulted(tiff.get(), TIFFTAG_BITSPERSAMPLE, &bits);
  TIFFGetFieldDefaulted(tiff.get(), TIFFTAG_SAMPLESPERPIXEL, &samples);
  TIFFGetFieldDefaulted(tiff.get(), TIFFTAG_PLANARCONFIG, &planar);
  TIFFGetFieldDefaulted(tiff.get(), TIFFTAG_SAMPLEFORMAT, &format);
  if (!TIFFGetField(tiff.get(), TIFFTAG_PHOTOMETRIC, &photometric)) {
    photometric = samples >= 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK;
  }
  if (bits != 8 && bits != 16) fail(path, "unsupported TIFF bit depth " + std::to_string(bits));
  if (format != SAMPLEFORMAT_UINT) fail(path, "unsupported TIFF sample format (not unsigned int)");
  if (TIFFIsTiled(tiff.get())) fail(path, "tiled TIFF is not supported");
  int channels = 0;
  if (photometric == PHOTOMETRIC_MINISBLACK && samples >= 1) channels = 1;
  if (photometric == PHOTOMETRIC_RGB && samples >= 3) channels = 3;
  if (channels == 0) {
    fail(path, "unsupported TIFF photometric " + std::to_string(photometric) + " with " +
                   std::to_string(samples) + " samples per pixel");
  }

  Image16 image(static_cast<int>(width), static_cast<int>(height), channels);
  std::vector<uint8_t> line(static_cast<size_t>(TIFFScanlineSize(tiff.get())));
  const bool separate = planar == PLANARCONFIG_SEPARATE;
  const int bytes_per_sample = bits / 8;
  for (int plane = 0; plane < (separate ? channels : 1); ++plane) {
    for (uint32_t y = 0; y < height; ++y) {
      if (TIFFReadScanline(tiff.get(), line.data(), y, static_cast<uint16_t>(plane)) < 0) {
        fail(path, "truncated or corrupt TIFF at row " + std::to_string(y) +
                       " (libtiff: " + messages.last_error + ")");
      }
      const int stride = separate ? 1 : samples;  // libtiff returns samples in host byte order
      for (uint32_t x = 0; x < width; ++x) {
        for (int c = 0; c < (separate ? 1 : channels); ++c) {
          const size_t index = (static_cast<size_t>(x) * stride + c) * bytes_per_sample;
          uint16_t value = line[index];
          if (bits == 16) std::memcpy(&value, &line[index], sizeof value);
          image.at(static_cast<int>(x), static_cast<int>(y), separate ? plane : c) = value;
        }
      }
    }
  }
  if (bit_depth != nullptr) *bit_depth = bits;
  return image;
}

template <typename T>
void write_tiff_any(const std::string& path, const Image<T>& image) {
  check_writable(path, image);
  TiffMessages messages;
  TiffPtr tiff = open_tiff(path, "w", messages);
  TIFF* t = tiff.get();
  TIFFSetField(t, TIFFTAG_IMAGEWIDTH, static_cast<uint32_t>(image.width()));
  TIFFSetField(t, TIFFTAG_IMAGELENGTH, static_cast<uint32_t>(image.height()));
  TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, static_cast<uint16_t>(image.channels()));
  TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, static_cast<uint16_t>(8 * sizeof(T)));
  TIFFSetField(t, TIFFTAG_SAMPLEFORMAT, SAMPLEFORMAT_UINT);
  TIFFSetField(t, TIFFTAG_PHOTOMETRIC,
               image.channels() == 1 ? PHOTOMETRIC_MINISBLACK : PHOTOMETRIC_RGB);
  TIFFSetField(t, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
  TIFFSetField(t, TIFFTAG_ORIENTATION, ORIENTATION_TOPLEFT);
  if (TIFFIsCODECConfigured(COMPRESSION_ADOBE_DEFLATE)) {
    TIFFSetField(t, TIFFTAG_COMPRESSION, COMPRESSION_ADOBE_DEFLATE);
    TIFFSetField(t, TIFFTAG_PREDICTOR, PREDICTOR_HORIZONTAL);
  }
  TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, TIFFDefaultStripSize(t, 0));
  // The encoder may modify the buffer it is given (predictor), so each row goes through a copy.
  const size_t samples_per_row = static_cast<size_t>(image.width()) * image.channels();
  std::vector<T> line(samples_per_row);
  for (int y = 0; y < image.height(); ++y) {
    std::memcpy(line.data(), image.row(y), samples_per_row * sizeof(T));
    if (TIFFWriteScanline(t, line.data(), static_cast<uint32_t>(y), 0) < 0) {
      fail(path, "cannot write TIFF row " + std::to_string(y) +
                     " (libtiff: " + messages.last_error + ")");
    }
  }
  if (!TIFFFlush(t)) fail(path, "cannot write TIFF (libtiff: " + messages.last_error + ")");
}

enum class FileFormat { kPng, kTiff, kUnknown };

FileFormat sniff_format(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, std::string("cannot open for reading: ") + std::strerror(errno));
  unsigned char head[8] = {};
  in.read(reinterpret_cast<char*>(head), sizeof head);
  const std::streamsize got = in.gcount();
  if (got == 8 && png_sig_cmp(head, 0, 8) == 0) return FileFormat::kPng;
  if (got >= 4 && ((head[0] == 'I' && head[1] == 'I' && head[2] == 42 && head[3] == 0) ||
                   (head[0] == 'M' && head[1] == 'M' && head[2] == 0 && head[3] == 42))) {
    return FileFormat::kTiff;
  }
  return FileFormat::kUnknown;
}

}  // namespace

Image16 read_image(const std::string& path, int* bit_depth) {
  switch (sniff_format(path)) {
    case FileFormat::kPng:
      return read_png(path, bit_depth);
    case FileFormat::kTiff:
      return read_tiff(path, bit_depth);
    case FileFormat::kUnknown:
      break;
  }
  fail(path, "not a PNG or TIFF file (unrecognised signature)");
}

void write_png(const std::string& path, const Image8& image) {
  write_png_any(path, image);
}
void write_png(const std::string& path, const Image16& image) {
  write_png_any(path, image);
}
void write_tiff(const std::string& path, const Image8& image) {
  write_tiff_any(path, image);
}
void write_tiff(const std::string& path, const Image16& image) {
  write_tiff_any(path, image);
}

}  // namespace ispsim
