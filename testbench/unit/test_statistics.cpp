// The 3A statistics unit against the quantities written out here quad by quad, its bands merged,
// its memory image, and the reference pipeline's statistics against the frame leaving the tap.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "model/common/error.hpp"
#include "model/reference/frame_blocks.hpp"
#include "model/reference/reference_pipeline.hpp"
#include "model/stats/isp_stats.hpp"
#include "testbench/test_frames.hpp"

namespace ispsim {
namespace {

using stats::Accumulator;
using stats::StatsParams;

struct Expected {
  std::vector<uint32_t> histogram = std::vector<uint32_t>(256, 0);
  std::vector<uint32_t> zones = std::vector<uint32_t>(768 * 7, 0);
};

// Quad by quad over the whole frame, from the layout's description.
Expected expected_statistics(const Image16& raw, int phase, int dark, int saturated) {
  Expected e;
  const int qw = raw.width() / 2, qh = raw.height() / 2;
  const char* names[4] = {"RGGB", "GRBG", "GBRG", "BGGR"};
  for (int qy = 0; qy < qh; ++qy) {
    int previous_g = 0;
    for (int qx = 0; qx < qw; ++qx) {
      int r = 0, gr = 0, gb = 0, b = 0;
      for (int dy = 0; dy < 2; ++dy)
        for (int dx = 0; dx < 2; ++dx) {
          const int v = raw.at(2 * qx + dx, 2 * qy + dy);
          const char letter = names[phase][dy * 2 + dx];
          if (letter == 'R') r = v;
          if (letter == 'B') b = v;
          // A green in the row holding red is Gr, in the row holding blue Gb.
          const bool row_has_red = names[phase][dy * 2] == 'R' || names[phase][dy * 2 + 1] == 'R';
          if (letter == 'G') (row_has_red ? gr : gb) = v;
        }
      const int g = int(std::floor((gr + gb) / 2.0 + 0.5));
      const int luma = int(std::floor((r + 2 * g + b) / 4.0 + 0.5));
      ++e.histogram[size_t(std::min(luma / 16, 255))];
      const int zx = qx * 32 / qw, zy = qy * 24 / qh;
      uint32_t* z = &e.zones[size_t(zy * 32 + zx) * 7];
      if (g > dark && r < saturated && gr < saturated && gb < saturated && b < saturated) {
        z[0] += r;
        z[1] += g;
        z[2] += b;
        ++z[3];
      }
      z[4] += luma;
      ++z[5];
      if (qx > 0 && (qx - 1) * 32 / qw == zx) z[6] += std::abs(g - previous_g);
      previous_g = g;
    }
  }
  return e;
}

Accumulator gather(const Image16& raw, int phase, const StatsParams& p, int first, int end,
                   Accumulator a = {}) {
  if (first == 0) a.begin(raw.width(), raw.height(), phase, p);
  for (int y = first; y < end; ++y)
    a.add_row(y, raw.row(y));
  return a;
}

StatsParams limits(int dark, int saturated) {
  StatsParams p;
  p.enable = true;
  p.dark = uint16_t(dark);
  p.saturated = uint16_t(saturated);
  return p;
}

TEST(Statistics, MatchQuadByQuadForEveryPhaseAndOddSizes) {
  for (const auto& [w, h] : {std::pair{70, 45}, {64, 48}, {5, 3}, {130, 70}})
    for (int phase = 0; phase < 4; ++phase) {
      const Image16 raw = test::random_raw(w, h, uint32_t(w * h + phase));
      const Accumulator a = gather(raw, phase, limits(500, 3500), 0, h);
      const Expected e = expected_statistics(raw, phase, 500, 3500);
      EXPECT_TRUE(std::equal(e.histogram.begin(), e.histogram.end(), a.histogram().begin()))
          << w << "x" << h << " phase " << phase;
      ASSERT_EQ(a.zones(), e.zones) << w << "x" << h << " phase " << phase;
    }
}

TEST(Statistics, BandsMergedEqualOnePass) {
  const Image16 raw = test::random_raw(96, 64, 3);
  const StatsParams p = limits(100, 4000);
  const Accumulator whole = gather(raw, 1, p, 0, 64);
  Accumulator top = gather(raw, 1, p, 0, 22);
  Accumulator bottom;
  bottom.begin(96, 64, 1, p);
  bottom = gather(raw, 1, p, 22, 64, bottom);
  top.merge(bottom);
  EXPECT_EQ(top.memory_image(), whole.memory_image());
  Accumulator broken;
  broken.begin(96, 64, 1, p);
  EXPECT_THROW(broken.add_row(3, raw.row(3)), ModelError);  // an odd row without its partner
}

TEST(Statistics, MemoryImageLayout) {
  const Image16 raw = test::random_raw(64, 48, 4);
  const std::vector<uint8_t> bytes = gather(raw, 0, limits(0, 4096), 0, 48).memory_image();
  ASSERT_EQ(bytes.size(), stats::kBytes);
  EXPECT_EQ(std::string(bytes.begin(), bytes.begin() + 4), "STAT");
  auto word = [&](int i) {
    uint32_t v = 0;
    std::memcpy(&v, &bytes[size_t(4 * i)], 4);  // little-endian host
    return v;
  };
  EXPECT_EQ(word(1), 64u);
  EXPECT_EQ(word(2), 48u);
  EXPECT_EQ(word(3), 32u * 24);
  uint32_t histogram_total = 0, quads_total = 0, white_total = 0;
  for (int i = 0; i < 256; ++i)
    histogram_total += word(4 + i);
  for (int z = 0; z < 768; ++z) {
    quads_total += word(260 + 7 * z + 5);
    white_total += word(260 + 7 * z + 3);
  }
  EXPECT_EQ(histogram_total, 32u * 24);
  EXPECT_EQ(quads_total, 32u * 24);
  EXPECT_LE(white_total, 32u * 24);  // green above 0 and below 4096: almost every quad
  EXPECT_GT(white_total, 32u * 20);
}

TEST(Statistics, ReferencePipelineGathersTheFrameLeavingGreenBalance) {
  const int w = 100, h = 74;
  IspParams p = test::typical_isp_params(w, h);
  p.stats = limits(80, 3800);
  const Image16 raw = test::random_raw(w, h, 12);
  const Image16 tap = frame_after_block(raw, p, stats::kTapBlock);
  const std::vector<uint8_t> expected = gather(tap, 0, p.stats, 0, h).memory_image();
  for (int threads : {1, 2, 3}) {
    ReferencePipeline pipeline(threads);
    Nv12Frame out;
    pipeline.run(raw, p, out);
    ASSERT_NE(pipeline.statistics(), nullptr);
    EXPECT_EQ(pipeline.statistics()->memory_image(), expected) << threads << " threads";
  }
  p.stats.enable = false;
  ReferencePipeline off;
  Nv12Frame out;
  off.run(raw, p, out);
  EXPECT_EQ(off.statistics(), nullptr);
}

}  // namespace
}  // namespace ispsim
