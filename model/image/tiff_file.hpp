#pragma once
// libtiff files opened with their error text captured (libtiff would print it to stderr), for
// every TIFF reader and writer in the project. Failing to open throws ImageError naming the path.
#include <tiffio.h>

#include <memory>
#include <string>

namespace ispsim {

struct TiffMessages {
  std::string last_error;  // libtiff's last error, "module: text"
};

struct TiffCloser {
  void operator()(TIFF* tiff) const { TIFFClose(tiff); }
};
using TiffPtr = std::unique_ptr<TIFF, TiffCloser>;

// `mode` as for TIFFOpen ("r", "w"). `messages` must outlive the returned handle.
TiffPtr open_tiff(const std::string& path, const char* mode, TiffMessages& messages);

}  // namespace ispsim
