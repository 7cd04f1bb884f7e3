// Packing follows the MIPI CSI-2 specification's RAW10 and RAW12 data formats ("RAW10": four
// pixels' bits [9:2] in four bytes, then their bits [1:0] in one byte, first pixel lowest;
// "RAW12": two pixels' bits [11:4], then both low nibbles, first pixel lowest), the same layout
// as model/kernels/csi2 uses on the link, so a dump matches a line packet's payload byte for byte.
#include "sensor_sim/raw_output/raw_dump.hpp"

#include "model/kernels/csi2.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <vector>

#include "model/common/error.hpp"
#include "model/kernels/cfa.hpp"

namespace ispsim::sensor {
namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what) {
  throw ImageError(path + ": raw dump " + what);
}

void pack_row(const uint16_t* in, int width, RawPacking packing, uint8_t* out) {
  switch (packing) {
    case RawPacking::kU16Le:
      for (int x = 0; x < width; ++x) {
        *out++ = static_cast<uint8_t>(in[x] & 0xFF);
        *out++ = static_cast<uint8_t>(in[x] >> 8);
      }
      break;
    case RawPacking::kRaw10:
      csi2::pack_raw10(in, width, out);
      break;
    case RawPacking::kRaw12:
      csi2::pack_raw12(in, width, out);
      break;
  }
}

void unpack_row(const uint8_t* in, int width, RawPacking packing, uint16_t* out) {
  switch (packing) {
    case RawPacking::kU16Le:
      for (int x = 0; x < width; ++x, in += 2)
        out[x] = static_cast<uint16_t>(in[0] | in[1] << 8);
      break;
    case RawPacking::kRaw10:
      csi2::unpack_raw10(in, width, out);
      break;
    case RawPacking::kRaw12:
      csi2::unpack_raw12(in, width, out);
      break;
  }
}

int packing_group(RawPacking packing) {
  return packing == RawPacking::kRaw10 ? 4 : (packing == RawPacking::kRaw12 ? 2 : 1);
}

int packing_bits(RawPacking packing) {
  return packing == RawPacking::kRaw10 ? 10 : (packing == RawPacking::kRaw12 ? 12 : 0);
}

void check_format(const std::string& path, int width, int height, const RawDumpFormat& f) {
  if (width <= 0 || height <= 0) fail(path, "image is empty");
  if (f.bits < 8 || f.bits > 16) {
    fail(path, "bits " + std::to_string(f.bits) + " is outside 8..16");
  }
  const int needed_bits = packing_bits(f.packing);
  if (needed_bits != 0 && f.bits != needed_bits) {
    fail(path, std::string("packing ") + packing_name(f.packing) + " holds " +
                   std::to_string(needed_bits) + "-bit samples, not bits " +
                   std::to_string(f.bits));
  }
  // CSI-2 RAW10/RAW12 line lengths are whole pixel groups; a partial group has no defined layout.
  if (width % packing_group(f.packing) != 0) {
    fail(path, "width " + std::to_string(width) + " is not a multiple of " +
                   std::to_string(packing_group(f.packing)) + " as " + packing_name(f.packing) +
                   " requires");
  }
  if (f.cfa_phase < 0 || f.cfa_phase >= kCfaPhaseCount) {
    fail(path, "cfa_phase " + std::to_string(f.cfa_phase) + " is outside 0..3");
  }
  // Levels and shot metadata: what the file's reader needs to make sense of its samples.
  const double code_max = std::ldexp(1.0, f.bits) - 1;
  if (!(f.white_level > 0 && f.white_level <= code_max))
    fail(path, "white_level " + std::to_string(f.white_level) + " is outside 1.." +
                   std::to_string(static_cast<int>(code_max)) + " for bits " +
                   std::to_string(f.bits));
  for (double level : f.black_level)
    if (!(level >= 0 && level < f.white_level))
      fail(path, "black_level " + std::to_string(level) + " is not in 0..white_level");
  if (!(f.iso >= 0 && f.exposure_s >= 0 && f.noise_scale >= 0 && f.noise_offset >= 0))
    fail(path, "iso, exposure_s or noise_profile is negative");
}

RawPacking packing_from_name(const std::string& path, const std::string& name) {
  for (RawPacking p : {RawPacking::kU16Le, RawPacking::kRaw10, RawPacking::kRaw12}) {
    if (name == packing_name(p)) return p;
  }
  fail(path, "sidecar packing \"" + name + "\" is not u16le, raw10 or raw12");
}

}  // namespace

size_t raw_dump_row_bytes(int width, RawPacking packing) {
  const auto w = static_cast<size_t>(width);
  switch (packing) {
    case RawPacking::kRaw10:
      return w / 4 * 5;
    case RawPacking::kRaw12:
      return w / 2 * 3;
    case RawPacking::kU16Le:
      break;
  }
  return w * 2;
}

const char* packing_name(RawPacking packing) {
  switch (packing) {
    case RawPacking::kRaw10:
      return "raw10";
    case RawPacking::kRaw12:
      return "raw12";
    case RawPacking::kU16Le:
      break;
  }
  return "u16le";
}

void write_raw_dump(const std::string& path, const Image16& raw, const RawDumpFormat& format) {
  if (raw.empty()) fail(path, "image is empty");
  if (raw.channels() != 1) {
    fail(path, "image has " + std::to_string(raw.channels()) + " channels (a raw frame has 1)");
  }
  check_format(path, raw.width(), raw.height(), format);
  const uint32_t code_max = (1u << format.bits) - 1;
  for (int y = 0; y < raw.height(); ++y) {
    for (int x = 0; x < raw.width(); ++x) {
      if (raw.at(x, y) > code_max) {
        fail(path, "sample " + std::to_string(raw.at(x, y)) + " at (" + std::to_string(x) + ", " +
                       std::to_string(y) + ") exceeds bits " + std::to_string(format.bits));
      }
    }
  }
  const nlohmann::json sidecar = {
      {"width", raw.width()},
      {"height", raw.height()},
      {"bits", format.bits},
      {"packing", packing_name(format.packing)},
      {"row_bytes", raw_dump_row_bytes(raw.width(), format.packing)},
      {"cfa_phase", format.cfa_phase},
      {"cfa_pattern", cfa_phase_name(format.cfa_phase)},
      {"black_level", format.black_level},  // R, Gr, Gb, B
      {"white_level", format.white_level},
      {"cfa_layout", format.quad_bayer ? "quad-bayer" : "bayer"},
  };
  nlohmann::json shot = sidecar;
  if (format.iso > 0) shot["iso"] = format.iso;
  if (format.exposure_s > 0) shot["exposure_s"] = format.exposure_s;
  if (format.noise_scale > 0 || format.noise_offset > 0)
    shot["noise_profile"] = {format.noise_scale, format.noise_offset};

  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) fail(path, std::string("cannot open for writing: ") + std::strerror(errno));
  std::vector<uint8_t> line(raw_dump_row_bytes(raw.width(), format.packing));
  for (int y = 0; y < raw.height() && out; ++y) {
    pack_row(raw.row(y), raw.width(), format.packing, line.data());
    out.write(reinterpret_cast<const char*>(line.data()),
              static_cast<std::streamsize>(line.size()));
  }
  out.close();
  std::ofstream json(path + ".json", std::ios::trunc);
  if (json) json << shot.dump(2) << '\n';
  json.close();
  if (!out || !json) {
    const std::string reason = std::strerror(errno);
    std::remove(path.c_str());
    std::remove((path + ".json").c_str());
    fail(path, "write failed: " + reason);
  }
}

Image16 read_raw_dump(const std::string& path, RawDumpFormat* format_out) {
  const std::string sidecar_path = path + ".json";
  std::ifstream json_in(sidecar_path);
  if (!json_in) fail(sidecar_path, std::string("cannot open sidecar: ") + std::strerror(errno));
  RawDumpFormat format;
  int width = 0, height = 0;
  try {
    const nlohmann::json sidecar = nlohmann::json::parse(json_in);
    width = sidecar.at("width").get<int>();
    height = sidecar.at("height").get<int>();
    format.bits = sidecar.at("bits").get<int>();
    format.packing = packing_from_name(sidecar_path, sidecar.at("packing").get<std::string>());
    format.cfa_phase = sidecar.at("cfa_phase").get<int>();
    format.black_level = sidecar.at("black_level").get<std::array<double, 4>>();
    format.white_level = sidecar.at("white_level").get<double>();
    const std::string layout = sidecar.value("cfa_layout", "bayer");
    if (layout != "bayer" && layout != "quad-bayer")
      fail(sidecar_path, "sidecar cfa_layout \"" + layout + "\" is not bayer or quad-bayer");
    format.quad_bayer = layout == "quad-bayer";
    format.iso = sidecar.value("iso", 0.0);
    format.exposure_s = sidecar.value("exposure_s", 0.0);
    if (sidecar.contains("noise_profile")) {
      const auto profile = sidecar.at("noise_profile").get<std::array<double, 2>>();
      format.noise_scale = profile[0];
      format.noise_offset = profile[1];
    }
    check_format(sidecar_path, width, height, format);
    // Fields that repeat others must agree with them.
    if (sidecar.contains("row_bytes") &&
        sidecar.at("row_bytes").get<size_t>() != raw_dump_row_bytes(width, format.packing))
      fail(sidecar_path, "sidecar row_bytes " + sidecar.at("row_bytes").dump() + " is not the " +
                             std::to_string(raw_dump_row_bytes(width, format.packing)) + " of a " +
                             std::to_string(width) + "-sample " + packing_name(format.packing) +
                             " row");
    if (sidecar.contains("cfa_pattern") &&
        sidecar.at("cfa_pattern").get<std::string>() != cfa_phase_name(format.cfa_phase))
      fail(sidecar_path, "sidecar cfa_pattern " + sidecar.at("cfa_pattern").dump() +
                             " contradicts cfa_phase " + std::to_string(format.cfa_phase) + " (" +
                             cfa_phase_name(format.cfa_phase) + ")");
  } catch (const nlohmann::json::exception& e) {
    fail(sidecar_path, std::string("sidecar is malformed: ") + e.what());
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, std::string("cannot open for reading: ") + std::strerror(errno));
  const std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                   std::istreambuf_iterator<char>());
  const size_t row_bytes = raw_dump_row_bytes(width, format.packing);
  if (bytes.size() != row_bytes * height) {
    fail(path, "has " + std::to_string(bytes.size()) + " bytes, the sidecar's " +
                   std::to_string(width) + "x" + std::to_string(height) + " " +
                   packing_name(format.packing) + " needs " + std::to_string(row_bytes * height));
  }
  Image16 raw(width, height, 1);
  for (int y = 0; y < height; ++y) {
    unpack_row(bytes.data() + row_bytes * y, width, format.packing, raw.row(y));
  }
  if (format_out != nullptr) *format_out = format;
  return raw;
}

}  // namespace ispsim::sensor
