// The iq subcommand: reads two PNG/TIFF images in the same space, prints fidelity scores and
// optional chart results, and writes them as JSON.
#include "apps/cmd_iq.hpp"

#include "apps/command_errors.hpp"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "iq/chart.hpp"
#include "iq/dynamic_range.hpp"
#include "iq/fidelity.hpp"
#include "iq/metric_error.hpp"
#include "iq/noise.hpp"
#include "iq/sfr.hpp"
#include "model/common/error.hpp"
#include "model/image/image_io.hpp"
#include "sensor_sim/raw_output/ground_truth.hpp"

namespace ispsim::app {
namespace {

using nlohmann::json;

struct IqOptions {
  std::string reference_path;
  std::string test_path;
  std::string chart;
  std::vector<double> quad;
  std::vector<int> roi;
  int border = 0;
  int wedge_steps = 10;
  double patch_fill = 0.8;
  double black_level = 0;
  double snr_threshold = 1;
  std::string json_path;
  std::string diff_path;
  std::string truth_path;  // linear truth (ispsim sensor --truth): gain-matched comparison
};

struct LoadedImage {
  Image16 pixels;
  int bit_depth = 0;
};

// JSON has no infinity: an exact match (infinite PSNR) is written as null.
json finite_or_null(double value) {
  return std::isfinite(value) ? json(value) : json(nullptr);
}

std::string fixed(double value, int decimals) {
  if (!std::isfinite(value)) return value > 0 ? "inf" : "-inf";
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

iq::PixelRect region_option(const IqOptions& options, const Image16& image) {
  if (options.roi.empty()) return {0, 0, image.width(), image.height()};
  if (options.roi.size() != 4) {
    throw MetricError("--roi needs 4 integers x,y,w,h, got " + std::to_string(options.roi.size()));
  }
  return {options.roi[0], options.roi[1], options.roi[2], options.roi[3]};
}

iq::ChartGeometry chart_geometry(const IqOptions& options) {
  if (options.quad.size() != 8) {
    throw MetricError(
        "--chart colorchecker needs --quad x0,y0,x1,y1,x2,y2,x3,y3 (8 numbers: "
        "top-left, top-right, bottom-right, bottom-left corners of the patch grid), "
        "got " +
        std::to_string(options.quad.size()) + " numbers");
  }
  iq::ChartGeometry geometry;
  for (int i = 0; i < 4; ++i)
    geometry.corners[i] = {options.quad[2 * i], options.quad[2 * i + 1]};
  geometry.patch_fill = options.patch_fill;
  return geometry;
}

json colorchecker_section(const Image16& image, double peak, const IqOptions& options) {
  const iq::ChartGeometry geometry = chart_geometry(options);
  const iq::ChartColourResult colour = iq::analyze_colorchecker(image, peak, geometry);
  const std::vector<iq::NoiseSample> neutrals =
      iq::chart_neutral_noise(image, geometry, options.black_level);
  json patches = json::array();
  for (const iq::PatchColour& p : colour.patches) {
    patches.push_back({{"number", p.number},
                       {"name", p.name},
                       {"lab_measured", {p.measured.l, p.measured.a, p.measured.b}},
                       {"lab_reference", {p.reference.l, p.reference.a, p.reference.b}},
                       {"de00", p.de00},
                       {"de00_chroma_corrected", p.de00_chroma_corrected},
                       {"delta_chroma", p.delta_chroma}});
  }
  json snr = json::array();
  for (const iq::NoiseSample& n : neutrals)
    snr.push_back(finite_or_null(n.snr_db));
  return {{"de00_mean", colour.de00_mean},
          {"de00_max", colour.de00_max},
          {"de00_chroma_corrected_mean", colour.de00_chroma_corrected_mean},
          {"saturation_ratio", colour.saturation_ratio},
          {"white_balance_error", colour.white_balance_error},
          {"neutral_delta_a", colour.neutral_delta_a},
          {"neutral_delta_b", colour.neutral_delta_b},
          {"snr_db_neutrals", snr},
          {"patches", patches}};
}

json edge_section(const Image16& image, const IqOptions& options) {
  const iq::SfrResult sfr = iq::slanted_edge_sfr(image, region_option(options, image));
  return {{"mtf50_cy_px", sfr.mtf50_cy_px},         {"mtf_half_nyquist", sfr.mtf_half_nyquist},
          {"edge_angle_deg", sfr.edge_angle_deg},   {"transposed", sfr.transposed},
          {"frequency_cy_px", sfr.frequency_cy_px}, {"mtf", sfr.mtf}};
}

json wedge_section(const Image16& image, double peak, const IqOptions& options) {
  iq::DynamicRangeOptions dr;
  dr.black_level = options.black_level;
  dr.white_level = peak;
  dr.snr_threshold = options.snr_threshold;
  const iq::DynamicRangeResult r = iq::dynamic_range(
      image, iq::wedge_strip_steps(region_option(options, image), options.wedge_steps), dr);
  json steps = json::array();
  for (const iq::WedgeStep& s : r.steps) {
    steps.push_back({{"signal", s.signal}, {"noise", s.noise}, {"clipped", s.clipped}});
  }
  return {{"dynamic_range_stops", r.stops},         {"threshold_reached", r.threshold_reached},
          {"snr_threshold", options.snr_threshold}, {"saturation_signal", r.saturation_signal},
          {"threshold_signal", r.threshold_signal}, {"steps", steps}};
}

json chart_section(const Image16& image, double peak, const IqOptions& options) {
  if (options.chart == "colorchecker") return colorchecker_section(image, peak, options);
  if (options.chart == "edge") return edge_section(image, options);
  return wedge_section(image, peak, options);
}

void print_chart(const std::string& label, const json& chart, const std::string& kind) {
  std::cout << "\n" << kind << " (" << label << ")\n";
  if (kind == "colorchecker") {
    std::cout << "  dE00 mean / max          " << fixed(chart["de00_mean"], 2) << " / "
              << fixed(chart["de00_max"], 2) << "\n"
              << "  dE00 chroma-corrected    " << fixed(chart["de00_chroma_corrected_mean"], 2)
              << "\n"
              << "  saturation ratio         " << fixed(chart["saturation_ratio"], 3) << "\n"
              << "  white balance error      " << fixed(chart["white_balance_error"], 2)
              << "  (da* " << fixed(chart["neutral_delta_a"], 2) << ", db* "
              << fixed(chart["neutral_delta_b"], 2) << ")\n"
              << "  SNR neutrals dB          ";
    for (const json& snr : chart["snr_db_neutrals"]) {
      std::cout << (snr.is_null() ? std::string("inf") : fixed(snr, 1)) << " ";
    }
    std::cout << "\n  patch                  dE00  dE00cc\n";
    for (const json& p : chart["patches"]) {
      char line[96];
      std::snprintf(line, sizeof line, "  %2d %-18s %6.2f  %6.2f\n", p["number"].get<int>(),
                    p["name"].get<std::string>().c_str(), p["de00"].get<double>(),
                    p["de00_chroma_corrected"].get<double>());
      std::cout << line;
    }
  } else if (kind == "edge") {
    std::cout << "  MTF50                    " << fixed(chart["mtf50_cy_px"], 4) << " cy/px\n"
              << "  MTF at 0.25 cy/px        " << fixed(chart["mtf_half_nyquist"], 3) << "\n"
              << "  edge angle               " << fixed(chart["edge_angle_deg"], 2) << " deg"
              << (chart["transposed"].get<bool>() ? " (horizontal edge)" : "") << "\n";
  } else {
    std::cout << "  dynamic range            " << fixed(chart["dynamic_range_stops"], 2) << " stops"
              << (chart["threshold_reached"].get<bool>() ? "" : " (lower bound)") << " to SNR "
              << fixed(chart["snr_threshold"], 1) << "\n";
  }
}

json measure(const IqOptions& options) {
  LoadedImage reference, test;
  reference.pixels = read_image(options.reference_path, &reference.bit_depth);
  test.pixels = read_image(options.test_path, &test.bit_depth);
  json report;
  report["reference"] = options.reference_path;
  report["test"] = options.test_path;
  if (reference.bit_depth != test.bit_depth) {
    // Compare on the 16-bit scale; an 8-bit file is widened by 257 so 255 maps to 65535.
    if (reference.bit_depth == 8) reference.pixels = iq::widen_to_16bit(reference.pixels);
    if (test.bit_depth == 8) test.pixels = iq::widen_to_16bit(test.pixels);
    report["note"] = "8-bit input widened to 16 bit (x257) to compare with the 16-bit one";
  }
  const double peak = reference.bit_depth == 16 || test.bit_depth == 16 ? 65535 : 255;
  report["bit_depth"] = peak > 255 ? 16 : 8;
  report["border"] = options.border;
  // psnr_db and cpsnr_db are the same figure: the PSNR of the MSE over all channels.
  const double cpsnr = iq::cpsnr_db(reference.pixels, test.pixels, peak, options.border);
  report["psnr_db"] = finite_or_null(cpsnr);
  report["cpsnr_db"] = finite_or_null(cpsnr);
  json channels = json::array();
  for (int c = 0; c < reference.pixels.channels(); ++c) {
    channels.push_back(
        finite_or_null(iq::psnr_db(reference.pixels, test.pixels, peak, c, options.border)));
  }
  report["psnr_db_channels"] = channels;
  report["ssim"] = iq::ssim(reference.pixels, test.pixels, peak, options.border);
  if (!options.chart.empty()) {
    json chart = {{"type", options.chart}};
    chart["test"] = chart_section(test.pixels, peak, options);
    chart["ref"] = chart_section(reference.pixels, peak, options);
    report["chart"] = chart;
  }
  if (!options.diff_path.empty()) {
    write_png(options.diff_path, iq::difference_map(reference.pixels, test.pixels, peak));
    report["difference_map"] = options.diff_path;
  }
  return report;
}

std::string db_or_inf(const json& value) {
  return value.is_null() ? std::string("inf") : fixed(value.get<double>(), 2);
}

void print_report(const json& report) {
  std::cout << "ispsim iq: " << report["test"].get<std::string>() << " against "
            << report["reference"].get<std::string>() << " (" << report["bit_depth"].get<int>()
            << "-bit, border " << report["border"].get<int>() << ")\n";
  if (report.contains("note")) std::cout << "  note: " << report["note"].get<std::string>() << "\n";
  std::cout << "  PSNR (all channels, CPSNR) " << db_or_inf(report["cpsnr_db"]) << " dB\n"
            << "  PSNR per channel           ";
  for (const json& channel : report["psnr_db_channels"])
    std::cout << db_or_inf(channel) << " ";
  std::cout << "dB\n  SSIM (channel mean)        " << fixed(report["ssim"].get<double>(), 4)
            << "\n";
  if (report.contains("difference_map")) {
    std::cout << "  difference map (x10)       " << report["difference_map"].get<std::string>()
              << "\n";
  }
  if (report.contains("chart")) {
    const std::string kind = report["chart"]["type"];
    print_chart("test", report["chart"]["test"], kind);
    print_chart("reference", report["chart"]["ref"], kind);
  }
}

// Against the scene's linear truth: how raw developers are compared (iq/fidelity.hpp).
json measure_against_truth(const IqOptions& options) {
  int bit_depth = 0;
  const Image16 test = read_image(options.test_path, &bit_depth);
  const ImageF truth = sensor::read_linear_tiff(options.truth_path);
  const double peak = bit_depth == 16 ? 65535 : 255;
  const iq::GainMatchedFidelity f = iq::gain_matched_fidelity(truth, test, peak, options.border);
  return {
      {"truth", options.truth_path},
      {"test", options.test_path},
      {"border", options.border},
      {"gains", {f.gains[0], f.gains[1], f.gains[2]}},
      {"psnr_db_channels",
       {finite_or_null(f.psnr_db[0]), finite_or_null(f.psnr_db[1]), finite_or_null(f.psnr_db[2])}},
      {"cpsnr_db", finite_or_null(f.cpsnr_db)}};
}

void run_iq(const IqOptions& options) {
  if (options.reference_path.empty() == options.truth_path.empty())
    throw MetricError(
        "give either --ref (an image in the test's space) or --truth (a linear truth "
        "TIFF from ispsim sensor --truth)");
  const bool against_truth = !options.truth_path.empty();
  const json report = against_truth ? measure_against_truth(options) : measure(options);
  if (!options.json_path.empty()) {
    std::ofstream out(options.json_path);
    if (!(out << report.dump(2) << "\n"))
      throw Error("cannot write JSON report " + options.json_path);
  }
  if (!against_truth) return print_report(report);
  std::cout << "ispsim iq: " << options.test_path << " against the linear truth "
            << options.truth_path << " (gain-matched per channel in linear light: "
            << fixed(report["gains"][0].get<double>(), 4) << " "
            << fixed(report["gains"][1].get<double>(), 4) << " "
            << fixed(report["gains"][2].get<double>(), 4) << ")\n  CPSNR "
            << db_or_inf(report["cpsnr_db"]) << " dB, per channel ";
  for (const json& channel : report["psnr_db_channels"])
    std::cout << db_or_inf(channel) << " ";
  std::cout << "dB\n";
}

}  // namespace

void add_iq_command(CLI::App& root, int& exit_code) {
  auto options = std::make_shared<IqOptions>();
  CLI::App* iq = root.add_subcommand(
      "iq", "Image-quality scores of a test image against a reference (PSNR, CPSNR, SSIM, charts)");
  iq->add_option("--ref", options->reference_path, "Reference image (PNG or TIFF, 8/16-bit)");
  iq->add_option("--truth", options->truth_path,
                 "Instead of --ref: the scene's linear truth (ispsim sensor --truth PREFIX writes "
                 "PREFIX-srgb.tif); the test is gain-matched per channel in linear light and "
                 "compared in 8-bit sRGB codes");
  iq->add_option("--test", options->test_path, "Test image in the same space and size")->required();
  iq->add_option("--chart", options->chart, "Chart to measure in both images")
      ->check(CLI::IsMember({"colorchecker", "edge", "wedge"}));
  iq->add_option("--quad", options->quad,
                 "ColorChecker patch-grid corners x0,y0,...,x3,y3: top-left, top-right, "
                 "bottom-right, bottom-left (patch 1 top-left)")
      ->delimiter(',');
  iq->add_option("--roi", options->roi,
                 "Region x,y,w,h of the edge or wedge (default: whole image)")
      ->delimiter(',');
  iq->add_option("--border", options->border, "Pixels to ignore at each image border")
      ->check(CLI::NonNegativeNumber);
  iq->add_option("--steps", options->wedge_steps, "Number of equal steps in the wedge region")
      ->check(CLI::Range(2, 1000));
  iq->add_option("--patch-fill", options->patch_fill,
                 "Fraction of each chart cell covered by its patch")
      ->check(CLI::Range(0.05, 1.0));
  iq->add_option("--black-level", options->black_level, "Black level for noise and wedge signal");
  iq->add_option("--snr-threshold", options->snr_threshold,
                 "SNR at the dark end of the dynamic range")
      ->check(CLI::PositiveNumber);
  iq->add_option("--json", options->json_path, "Write the results as JSON to this file");
  iq->add_option("--diff", options->diff_path, "Write |ref - test| x10 as an 8-bit PNG");
  iq->callback([options, &exit_code]() {
    exit_code = run_command("iq", [&] {
      run_iq(*options);
      return 0;
    });
  });
}

}  // namespace ispsim::app
