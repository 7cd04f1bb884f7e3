// Readout modes: the Quad Bayer array, its remosaic and QSC, charge binning, crop/scale modes,
// rolling-shutter timing per mode against the reference table, and dual conversion gain.
// Full-resolution frames are tested on small windows; a 50 MP frame is never rendered here.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>
#include <vector>

#include "model/common/error.hpp"
#include "sensor_sim/fixed_pattern.hpp"
#include "sensor_sim/readout_modes.hpp"
#include "sensor_sim/remosaic.hpp"
#include "sensor_sim/sensor_profile_json.hpp"

namespace ispsim::sensor {
namespace {

constexpr int kRggb[2][2] = {{0, 1}, {1, 2}};

class UniformScene : public Scene {
 public:
  UniformScene(float r, float g, float b) : rgb_{r, g, b} {}
  std::string name() const override { return "uniform"; }
  void sample_row(int, int width, int, float* rgb) const override {
    for (int x = 0; x < width; ++x)
      std::copy(rgb_.begin(), rgb_.end(), rgb + 3 * x);
  }

 private:
  std::array<float, 3> rgb_;
};

// The built-in profile, alive for the whole test run (mode lookups return references into it).
const SensorProfile& imx989() {
  static const SensorProfile profile = imx989_binned_profile();
  return profile;
}

SensorProfile bare_binned() {
  SensorProfile p;
  p.optics.enabled = false;
  p.hot_pixel_density = p.dead_pixel_density = 0;
  return p;
}

SensorSettings exposure(double seconds) {
  SensorSettings s;
  s.exposure_s = seconds;
  return s;
}

// Mean of the pixels whose (x mod 4, y mod 4) is (px, py), minus black.
double tile_mean(const Image16& f, int px, int py, double black) {
  double sum = 0;
  int n = 0;
  for (int y = py; y < f.height(); y += 4)
    for (int x = px; x < f.width(); x += 4, ++n)
      sum += f.at(x, y) - black;
  return sum / n;
}

// Mean per Bayer colour (0 R, 1 G, 2 B), minus black.
std::array<double, 3> bayer_means(const Image16& f, double black) {
  std::array<double, 3> sum{}, n{};
  for (int y = 0; y < f.height(); ++y)
    for (int x = 0; x < f.width(); ++x) {
      sum[kRggb[y & 1][x & 1]] += f.at(x, y) - black;
      n[kRggb[y & 1][x & 1]] += 1;
    }
  return {sum[0] / n[0], sum[1] / n[1], sum[2] / n[2]};
}

const OutputWindow kSmallWindow{1024, 1024, 128, 96};

TEST(ReadoutModes, QuadBayerRawHasTwoByTwoSameColourCells) {
  const UniformScene red(1.0f, 0.0f, 0.0f);
  const Image16 quad =
      render_mode_frame(red, bare_binned(), find_readout_mode(imx989(), "full-quad"),
                        exposure(0.01), 1, 0, {}, kSmallWindow);
  ASSERT_EQ(quad.width(), 128);
  ASSERT_EQ(quad.height(), 96);
  // Red cell (top-left 2x2 of each 4x4 tile) is several times brighter than the blue one.
  for (int py = 0; py < 2; ++py)
    for (int px = 0; px < 2; ++px)
      EXPECT_GT(tile_mean(quad, px, py, 256), 5 * tile_mean(quad, px + 2, py + 2, 256));
}

TEST(ReadoutModes, QuadCellMismatchIsInRawAndRemovedByQsc) {
  const UniformScene grey(0.5f, 0.5f, 0.5f);
  SensorProfile p = bare_binned();
  p.prnu_fraction = 0;
  Image16 quad = render_mode_frame(grey, p, find_readout_mode(imx989(), "full-quad"),
                                   exposure(0.02), 2, 0, {}, kSmallWindow);
  const auto spread = [](const Image16& f) {
    double lo = 1e9, hi = 0;
    for (int py = 0; py < 2; ++py)
      for (int px = 0; px < 2; ++px) {
        const double m = tile_mean(f, px, py, 256);
        lo = std::min(lo, m);
        hi = std::max(hi, m);
      }
    return hi / lo - 1;
  };
  EXPECT_GT(spread(quad), 0.01);  // sigma 2% per position: the 4 red positions differ
  apply_quad_sensitivity_correction(quad, native_pixel_profile(p), raw_format(p, {}),
                                    kSmallWindow.x, kSmallWindow.y);
  EXPECT_LT(spread(quad), 0.004);
}

TEST(ReadoutModes, RemosaicGivesBayerColoursOnFlatAndColourFields) {
  for (const UniformScene& scene :
       {UniformScene(0.5f, 0.5f, 0.5f), UniformScene(0.8f, 0.3f, 0.1f)}) {
    const SensorProfile p = bare_binned();
    const SensorSettings s = exposure(0.02);
    Image16 quad = render_mode_frame(scene, p, find_readout_mode(imx989(), "full-quad"), s, 3, 0,
                                     {}, kSmallWindow);
    const Image16 bayer =
        render_mode_frame(scene, p, find_readout_mode(imx989(), "full"), s, 3, 0, {}, kSmallWindow);
    // Per-colour truth from the quad raw: its cells' colours, QSC-corrected.
    apply_quad_sensitivity_correction(quad, native_pixel_profile(p), raw_format(p, s),
                                      kSmallWindow.x, kSmallWindow.y);
    std::array<double, 3> truth{};
    for (int c = 0; c < 4; ++c)
      for (int i = 0; i < 4; ++i)
        truth[kRggb[c >> 1][c & 1]] +=
            tile_mean(quad, (c & 1) * 2 + (i & 1), (c >> 1) * 2 + (i >> 1), 256) /
            (c == 1 || c == 2 ? 8 : 4);
    const auto got = bayer_means(bayer, 256);
    for (int c = 0; c < 3; ++c)
      EXPECT_NEAR(got[c] / truth[c], 1.0, 0.01) << "colour " << c;
  }
}

// The remosaic as remosaic.hpp describes it, in double precision and written plainly: for a site
// whose Quad Bayer colour is not its Bayer colour, the pixels of the Bayer colour within 2
// pixels (inside the frame), weighted 1/d^2 for a mean m, then reweighted by
// 1 / (1 + |v - m| / edge_scale), edge_scale = 4 sqrt(K (m - black) + 4 K^2) + 1, K = DN per e-.
Image16 remosaic_golden(const Image16& quad, const RawFormat& format) {
  const auto quad_colour = [](int x, int y) { return kRggb[(y / 2) % 2][(x / 2) % 2]; };
  const double k = (format.white_level_dn - format.black_level_dn) / 7800.0;
  Image16 out(quad.width(), quad.height(), 1);
  for (int y = 0; y < quad.height(); ++y)
    for (int x = 0; x < quad.width(); ++x) {
      const int want = kRggb[y % 2][x % 2];
      if (quad_colour(x, y) == want) {
        out.at(x, y) = quad.at(x, y);
        continue;
      }
      std::vector<std::pair<double, double>> near;  // (value, 1/d^2)
      for (int dy = -2; dy <= 2; ++dy)
        for (int dx = -2; dx <= 2; ++dx) {
          const int sx = x + dx, sy = y + dy;
          if (sx < 0 || sy < 0 || sx >= quad.width() || sy >= quad.height()) continue;
          if ((dx || dy) && quad_colour(sx, sy) == want)
            near.emplace_back(quad.at(sx, sy), 1.0 / (dx * dx + dy * dy));
        }
      if (near.empty()) {  // frames 1 or 2 pixels across: the site keeps its value
        out.at(x, y) = quad.at(x, y);
        continue;
      }
      double sum = 0, weights = 0;
      for (const auto& [v, w] : near) {
        sum += w * v;
        weights += w;
      }
      const double m = sum / weights;
      const double edge_scale =
          4 * std::sqrt(k * std::max(0.0, m - format.black_level_dn) + 4 * k * k) + 1;
      sum = weights = 0;
      for (const auto& [v, w] : near) {
        const double edge_weight = w / (1 + std::abs(v - m) / edge_scale);
        sum += edge_weight * v;
        weights += edge_weight;
      }
      out.at(x, y) = static_cast<uint16_t>(
          std::clamp(std::floor(sum / weights + 0.5), 0.0, double(format.white_level_dn)));
    }
  return out;
}

TEST(ReadoutModes, RemosaicMatchesTheWrittenOutFormula) {
  // Random noise over a step edge and a saturated patch, on odd sizes (widths not a multiple of
  // the 4-pixel tile) so every site phase meets the frame's borders.
  for (const auto& [width, height] : {std::pair{37, 23}, std::pair{64, 16}, std::pair{6, 5},
                                      std::pair{2, 9}, std::pair{9, 2}, std::pair{1, 1}}) {
    Image16 quad(width, height, 1);
    uint32_t state = 7u + width;
    for (int y = 0; y < height; ++y)
      for (int x = 0; x < width; ++x) {
        state = state * 1664525u + 1013904223u;
        const int level = x < width / 2 ? 300 : 2500;
        quad.at(x, y) = static_cast<uint16_t>(level + (state >> 24));
        if (x < 3 && y < 3) quad.at(x, y) = 4095;
      }
    const RawFormat format;
    const Image16 golden = remosaic_golden(quad, format);
    const Image16 got = remosaic_quad_to_bayer(quad, format, 2);
    int worst = 0, differing = 0;
    for (int y = 0; y < height; ++y)
      for (int x = 0; x < width; ++x) {
        const int d = std::abs(int(got.at(x, y)) - int(golden.at(x, y)));
        worst = std::max(worst, d);
        differing += d != 0;
      }
    // Single-precision sums may round the other way on a half code; nothing more.
    EXPECT_LE(worst, 1) << width << "x" << height;
    EXPECT_LE(differing, width * height / 100 + 1) << width << "x" << height;
  }
}

TEST(ReadoutModes, OnePassQscAndRemosaicEqualsTheTwoSteps) {
  // The full mode corrects and remosaics in one in-place pass; the two separate steps (each
  // tested on its own above) must give the same bits, for any band count.
  const SensorProfile native = native_pixel_profile(bare_binned());
  const RawFormat format;
  Image16 quad(38, 26, 1);
  uint32_t state = 99;
  for (auto& sample : quad.samples()) {
    state = state * 1664525u + 1013904223u;
    sample = static_cast<uint16_t>(200 + (state >> 20));  // some below black, some saturating
  }
  Image16 two_steps = quad;
  apply_quad_sensitivity_correction(two_steps, native, format, 8, 4);
  two_steps = remosaic_quad_to_bayer(two_steps, format);
  for (int threads : {1, 3, 64}) {
    Image16 one_pass = quad;
    correct_and_remosaic_in_place(one_pass, native, format, 8, 4, threads);
    EXPECT_TRUE(one_pass == two_steps) << threads << " threads";
  }
}

TEST(ReadoutModes, BinnedProfileIsTheNativePixelBinned) {
  const SensorProfile binned;
  const SensorProfile native = native_pixel_profile(binned);
  EXPECT_DOUBLE_EQ(native.pixel_pitch_um, 1.6);
  EXPECT_DOUBLE_EQ(native.full_well_electrons, 7750.0);  // reference estimate ~7800 e-
  EXPECT_NEAR(native.electrons_per_second * 4, binned.electrons_per_second, 1e-6);
  EXPECT_EQ(native.read_noise_electrons, binned.read_noise_electrons);  // read once
  const SensorProfile back = binned_profile_from_native(native);
  EXPECT_EQ(back.name, binned.name);
  EXPECT_DOUBLE_EQ(back.full_well_electrons, binned.full_well_electrons);
  EXPECT_DOUBLE_EQ(back.conversion_gain_uv_per_electron, binned.conversion_gain_uv_per_electron);
  EXPECT_DOUBLE_EQ(back.prnu_fraction, binned.prnu_fraction);
  EXPECT_NEAR(back.electrons_per_second, binned.electrons_per_second, 1e-6);
}

TEST(ReadoutModes, BinningAveragesTheQuadMismatchExactly) {
  const SensorProfile p;
  for (int cell = 0; cell < 4; ++cell) {
    double sum = 0;
    for (int i = 0; i < 4; ++i)
      sum += quad_cell_gain(p, (cell & 1) * 2 + (i & 1), (cell >> 1) * 2 + (i >> 1));
    EXPECT_NEAR(sum / 4, 1.0, 1e-12);
  }
}

// Temporal dark noise in electrons from two frames' difference, at 16x analogue gain so the
// ADC's noise and steps are small against the pixel's read noise.
double dark_noise_e(const SensorProfile& binned, const ReadoutMode& mode, double k) {
  const UniformScene dark(0, 0, 0);
  SensorSettings s = exposure(1e-4);
  s.analogue_gain = 16;
  const Image16 a = render_mode_frame(dark, binned, mode, s, 5, 0, {}, kSmallWindow);
  const Image16 b = render_mode_frame(dark, binned, mode, s, 5, 1, {}, kSmallWindow);
  double sum = 0, sq = 0;
  for (size_t i = 0; i < a.sample_count(); ++i) {
    const double d = double(a.samples()[i]) - b.samples()[i];
    sum += d;
    sq += d * d;
  }
  const double n = a.sample_count();
  return std::sqrt((sq / n - (sum / n) * (sum / n)) / 2) / k;
}

TEST(ReadoutModes, ChargeBinningReadsNoiseOnceWithFourTimesTheWell) {
  const SensorProfile binned = bare_binned();
  const SensorProfile native = native_pixel_profile(binned);
  SensorSettings gain16;
  gain16.analogue_gain = 16;
  const double k_binned = system_gain_dn_per_electron(binned, gain16);
  const double k_native = system_gain_dn_per_electron(native, gain16);
  EXPECT_NEAR(k_native / k_binned, 4.0, 1e-9);  // the same ADC range holds a quarter of the well
  const double binned_e = dark_noise_e(binned, find_readout_mode(imx989(), "binned"), k_binned);
  const double native_e = dark_noise_e(binned, find_readout_mode(imx989(), "full-quad"), k_native);
  // Summing 4 native pixels digitally would give 2x the native read noise; charge binning one.
  EXPECT_LT(binned_e, 1.2 * native_e);
  EXPECT_NEAR(native_e, binned.read_noise_electrons, 0.2);
  // Saturation: the binned code range holds 4x the native charge.
  const UniformScene white(1, 1, 1);
  const Image16 sat = render_mode_frame(white, binned, find_readout_mode(imx989(), "binned"),
                                        exposure(0.5), 1, 0, {}, kSmallWindow);
  EXPECT_NEAR((bayer_means(sat, 256)[1]) / system_gain_dn_per_electron(binned, {}),
              4 * native.full_well_electrons, 0.01 * binned.full_well_electrons);
}

TEST(ReadoutModes, FrameRatesMatchTheReferenceTable) {
  for (const ReadoutMode& mode : imx989().modes) {
    EXPECT_NEAR(mode.fps() / mode.reference_fps, 1.0, 0.01) << mode.name;
    EXPECT_GE(mode.frame_length_lines, mode.read_rows() + 8) << mode.name;
  }
  const ReadoutMode& full = find_readout_mode(imx989(), "full");
  EXPECT_NEAR(full.line_time_s(), 5.2e-6, 0.1e-6);         // table: ~5.1-5.3 us
  EXPECT_NEAR(rolling_shutter_skew_s(full), 32e-3, 1e-3);  // table: ~32 ms
  EXPECT_NEAR(find_readout_mode(imx989(), "binned").fps(), 30.0, 0.3);
  EXPECT_NEAR(find_readout_mode(imx989(), "4k").fps(), 30.0, 0.3);
  EXPECT_NEAR(find_readout_mode(imx989(), "1080p").fps(), 120.0, 1.2);
}

TEST(ReadoutModes, RollingShutterExposureWindowPerRow) {
  const ReadoutMode& mode = find_readout_mode(imx989(), "binned");
  const RowExposure first = row_exposure(mode, 0.01, 0), last = row_exposure(mode, 0.01, 3071);
  EXPECT_DOUBLE_EQ(first.end_s - first.start_s, 0.01);
  EXPECT_NEAR(last.end_s - first.end_s, 3071 * 5000 / 480e6, 1e-12);
  // 1080p reads two binned rows per output row.
  EXPECT_NEAR(row_exposure(find_readout_mode(imx989(), "1080p"), 0.001, 1).end_s, 3 * 1800 / 480e6,
              1e-12);
}

TEST(ReadoutModes, CropAndScaledModesHaveTheirSizes) {
  const UniformScene grey(0.5f, 0.5f, 0.5f);
  const SensorProfile p = bare_binned();
  for (const char* name : {"4k", "1080p", "720p"}) {
    const ReadoutMode& mode = find_readout_mode(imx989(), name);
    const Image16 f = render_mode_frame(grey, p, mode, exposure(0.01), 1, 0, {}, {0, 0, 96, 64});
    EXPECT_EQ(f.width(), 96);
    EXPECT_EQ(f.height(), 64);
    EXPECT_GT(bayer_means(f, 256)[1], 100.0);
  }
  EXPECT_EQ(find_readout_mode(imx989(), "4k").output_width, 3840);
  EXPECT_THROW(find_readout_mode(imx989(), "8k"), ModelError);
  EXPECT_THROW(render_mode_frame(grey, p, find_readout_mode(imx989(), "full"), exposure(0.01), 1, 0,
                                 {}, {2, 0, 64, 64}),
               ModelError);
}

TEST(ReadoutModes, DcgCombinedIsLinearAcrossTheSwitchAndQuieterInShadows) {
  const UniformScene grey(0.5f, 0.5f, 0.5f);
  const SensorProfile p = bare_binned();
  const ReadoutMode& binned = find_readout_mode(imx989(), "binned");
  SensorSettings s = exposure(1e-3);
  s.dcg_ratio = 4;
  EXPECT_EQ(raw_format(p, s).white_level_dn, 3900);  // reference table
  const double slope =
      bayer_means(render_mode_frame(grey, p, binned, s, 1, 0, {}, kSmallWindow), 64)[1] / 1e-3;
  // Green electrons per second, to place the exposures around the switch (~6200 e- at ratio 4).
  const double green_e_per_s = slope / (4 * 959.0 / 31000.0);
  for (double electrons : {2000.0, 5000.0, 7000.0, 12000.0, 25000.0}) {
    s.exposure_s = electrons / green_e_per_s;
    const double mean =
        bayer_means(render_mode_frame(grey, p, binned, s, 1, 0, {}, kSmallWindow), 64)[1];
    EXPECT_NEAR(mean / s.exposure_s / slope, 1.0, 0.01) << electrons << " e-";
  }
  s.dcg_ratio = 16;
  EXPECT_EQ(raw_format(p, s).white_level_dn, 15408);
  // Shadows: DCG (HCG read) against the normal LCG read, both in electrons.
  SensorSettings dcg = exposure(1e-4), lcg = exposure(1e-4);
  dcg.dcg_ratio = 4;
  const double k_lcg = system_gain_dn_per_electron(p, lcg);
  const double k_hcg = k_lcg * 4 * 959.0 / (4095 - 256);
  const UniformScene dark(0, 0, 0);
  const auto noise_e = [&](const SensorSettings& settings, double k) {
    const Image16 a = render_mode_frame(dark, p, binned, settings, 7, 0, {}, kSmallWindow);
    const Image16 b = render_mode_frame(dark, p, binned, settings, 7, 1, {}, kSmallWindow);
    double sq = 0;
    for (size_t i = 0; i < a.sample_count(); ++i)
      sq += std::pow(double(a.samples()[i]) - b.samples()[i], 2);
    return std::sqrt(sq / a.sample_count() / 2) / k;
  };
  EXPECT_LT(noise_e(dcg, k_hcg), 0.8 * noise_e(lcg, k_lcg));
}

TEST(ReadoutModes, RemosaicIsTheSameForAnyThreadCount) {
  // A rendered full-resolution window, whose remosaic runs with RenderOptions.threads bands.
  const UniformScene colour(0.8f, 0.3f, 0.1f);
  const SensorProfile p = bare_binned();
  const ReadoutMode& full = find_readout_mode(imx989(), "full");
  RenderOptions options;
  const Image16 one =
      render_mode_frame(colour, p, full, exposure(0.02), 5, 0, options, kSmallWindow);
  for (int threads : {2, 3, 5}) {
    options.threads = threads;
    EXPECT_TRUE(render_mode_frame(colour, p, full, exposure(0.02), 5, 0, options, kSmallWindow) ==
                one)
        << threads << " threads";
  }
  // The remosaic alone on a noisy frame with edges: band borders at every row phase of the 4x4
  // tile, and more bands than rows.
  Image16 quad(36, 22, 1);
  uint32_t state = 1;
  for (auto& sample : quad.samples()) {
    state = state * 1664525u + 1013904223u;
    sample = static_cast<uint16_t>(256 + (state >> 20));
  }
  const Image16 reference = remosaic_quad_to_bayer(quad, RawFormat{}, 1);
  for (int threads : {2, 3, 4, 7, 64})
    EXPECT_TRUE(remosaic_quad_to_bayer(quad, RawFormat{}, threads) == reference)
        << threads << " threads";
}

// Records the widths of the grid the pixel array samples the scene on.
class GridProbeScene : public UniformScene {
 public:
  GridProbeScene() : UniformScene(0.5f, 0.5f, 0.5f) {}
  void sample_row(int y, int width, int height, float* rgb) const override {
    grid_width = width;
    grid_height = height;
    UniformScene::sample_row(y, width, height, rgb);
  }
  mutable int grid_width = 0, grid_height = 0;
};

// The 1/2-inch 48 MP profile's modes are estimates of its class (0.8 um Quad Bayer, 8000 x 6000),
// at its 300 MHz pixel clock: full resolution 15 fps (48 MP at 10 bit is 7.2 Gbit/s, what a
// 4-lane D-PHY carries), binned 12 MP 30 fps, 4K 60 fps and 1080p 120 fps from the central
// 7680 x 4320 window; no 720p mode.
TEST(ReadoutModes, FortyEightMpProfileHasItsOwnModes) {
  const SensorProfile p =
      load_sensor_profile(ISPSIM_SENSOR_PROFILE_DIR "/half-inch-48mp-binned.json");
  ASSERT_EQ(p.modes.size(), 5u);
  const ReadoutMode& full = find_readout_mode(p, "full");
  EXPECT_EQ(full.output_width, 8000);
  EXPECT_EQ(full.output_height, 6000);
  EXPECT_NEAR(full.fps(), 15.0, 0.01);
  EXPECT_NEAR(rolling_shutter_skew_s(full), 5999 * 3200 / 300e6, 1e-12);
  EXPECT_NEAR(find_readout_mode(p, "binned").fps(), 30.0, 0.01);
  EXPECT_NEAR(find_readout_mode(p, "4k").fps(), 60.0, 0.01);
  EXPECT_NEAR(find_readout_mode(p, "1080p").fps(), 120.0, 0.01);
  EXPECT_THROW(find_readout_mode(p, "720p"), ModelError);  // the IMX989 class has it; this not
  EXPECT_EQ(readout_mode_for_code(p, 5), nullptr);
  EXPECT_NE(readout_mode_for_code(imx989(), 5), nullptr);
  // Frames are formed from this sensor's 8000 x 6000 array, not the IMX989's 8192 x 6144.
  SensorProfile bare = p;
  bare.optics.enabled = false;
  const GridProbeScene probe;
  render_mode_frame(probe, bare, full, exposure(0.01), 1, 0, {}, {7936, 5936, 64, 64});
  EXPECT_EQ(probe.grid_width, 8000);
  EXPECT_EQ(probe.grid_height, 6000);
  render_mode_frame(probe, bare, find_readout_mode(p, "4k"), exposure(0.01), 1, 0, {},
                    {0, 0, 64, 64});
  EXPECT_EQ(probe.grid_width, 4000);
  EXPECT_EQ(probe.grid_height, 3000);
}

}  // namespace
}  // namespace ispsim::sensor
