#include "model/image/tiff_file.hpp"

#include <cstdarg>
#include <cstdio>

#include "model/common/error.hpp"

namespace ispsim {
namespace {

int keep_error(TIFF*, void* user_data, const char* module, const char* format, va_list args) {
  char text[512];
  std::vsnprintf(text, sizeof text, format, args);
  auto* messages = static_cast<TiffMessages*>(user_data);
  messages->last_error = (module != nullptr ? std::string(module) + ": " : std::string()) + text;
  return 1;  // handled: keep libtiff from printing to stderr
}

int ignore_warning(TIFF*, void*, const char*, const char*, va_list) {
  return 1;
}

}  // namespace

TiffPtr open_tiff(const std::string& path, const char* mode, TiffMessages& messages) {
  TIFFOpenOptions* options = TIFFOpenOptionsAlloc();
  TIFFOpenOptionsSetErrorHandlerExtR(options, keep_error, &messages);
  TIFFOpenOptionsSetWarningHandlerExtR(options, ignore_warning, &messages);
  TiffPtr tiff(TIFFOpenExt(path.c_str(), mode, options));
  TIFFOpenOptionsFree(options);
  if (!tiff)
    throw ImageError(path + ": cannot open TIFF for " + (mode[0] == 'r' ? "reading" : "writing") +
                     " (libtiff: " + messages.last_error + ")");
  return tiff;
}

}  // namespace ispsim
