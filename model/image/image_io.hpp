#pragma once
// Image files at the edges of the simulator: PNG and TIFF, 8 or 16 bit, gray or RGB.
// Errors are ispsim::ImageError with a message that names the file and what is wrong.
#include <string>

#include "model/image/image.hpp"

namespace ispsim {

// Reads a PNG or TIFF file (recognised by its signature), 8 or 16 bit, gray, gray+alpha, RGB, RGBA
// or palette. Alpha is dropped, palettes are expanded to RGB, so the result has 1 or 3 channels.
// Samples are returned as stored: 8-bit files keep the range 0..255. If bit_depth is given it is
// set to 8 or 16 (1, 2 and 4-bit gray PNGs are expanded to 8 bit and report 8).
Image16 read_image(const std::string& path, int* bit_depth = nullptr);

// Writes a 1- or 3-channel image as an 8-bit or 16-bit PNG.
void write_png(const std::string& path, const Image8& image);
void write_png(const std::string& path, const Image16& image);

// Writes a 1- or 3-channel image as an 8-bit or 16-bit TIFF (deflate compression, one image).
void write_tiff(const std::string& path, const Image8& image);
void write_tiff(const std::string& path, const Image16& image);

}  // namespace ispsim
