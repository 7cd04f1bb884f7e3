#pragma once
// Ground-truth images for fidelity tests: the scene as the optics deliver it, in linear camera RGB
// or linear sRGB, stored losslessly as 32-bit floating-point TIFF so no quantisation or transfer
// curve stands between the truth and the measurement.
#include <string>

#include "model/image/image.hpp"

namespace ispsim::sensor {

// Writes a 3-channel linear image as a TIFF with SampleFormat IEEE floating point, 32 bits per
// sample (TIFF 6.0 section 19), deflate-compressed with the floating-point predictor where libtiff
// has the codec. `description` goes into ImageDescription, e.g. "linear camera RGB". Throws
// ispsim::ImageError naming the path on an image that is empty, not 3 channels, or holds a NaN or
// infinity (a ground truth must be a number everywhere), and on a failed write.
void write_linear_tiff(const std::string& path, const ImageF& rgb,
                       const std::string& description = {});

// Reads a file written by write_linear_tiff (any 32-bit float, 3-sample, contiguous, strip TIFF).
// `description`, if given, receives ImageDescription ("" when absent). ImageError otherwise.
ImageF read_linear_tiff(const std::string& path, std::string* description = nullptr);

}  // namespace ispsim::sensor
