// The reference schedule: the same bits from the SIMD and scalar paths and from any thread
// count, on random and structured frames, odd sizes, every CFA phase and every bypass setting;
// clear errors for frames it cannot take.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "model/common/error.hpp"
#include "model/reference/frame_blocks.hpp"
#include "model/reference/reference_pipeline.hpp"
#include "testbench/test_frames.hpp"

namespace ispsim {
namespace {

void set_bypass(IspParams& p, unsigned mask) {
  int bit = 0;
  blocks::for_each_block(
      p, [&](auto, auto& block_params) { block_params.bypass = (mask >> bit++) & 1; });
}

Nv12Frame run(const Image16& raw, const IspParams& p, int threads, KernelPath path) {
  ReferencePipeline pipeline(threads, path);
  Nv12Frame out;
  pipeline.run(raw, p, out);
  return out;
}

TEST(ReferencePipeline, SimdEqualsScalarForEveryPhaseAndBypassSetting) {
  const int blocks_in_pipeline = static_cast<int>(blocks::pipeline_descriptors().size());
  for (unsigned mask = 0; mask < (1u << blocks_in_pipeline); ++mask) {
    IspParams p = test::typical_isp_params(29, 11);
    p.frame.cfa_phase = static_cast<int>(mask % 4);
    set_bypass(p, mask);
    const Image16 raw = mask % 2 ? test::structured_raw(29, 11) : test::random_raw(29, 11, mask);
    ASSERT_TRUE(run(raw, p, 1, KernelPath::kSimd) == run(raw, p, 1, KernelPath::kScalar))
        << "bypass mask " << mask;
  }
}

TEST(ReferencePipeline, SameBitsForAnyThreadCount) {
  for (const auto& [w, h] : {std::pair{67, 41}, std::pair{7, 7}, std::pair{130, 7}}) {
    const IspParams p = test::typical_isp_params(w, h);
    const Image16 raw = test::random_raw(w, h, static_cast<uint32_t>(w * h));
    const Nv12Frame one = run(raw, p, 1, KernelPath::kSimd);
    for (int threads : {2, 3, 5})
      EXPECT_TRUE(run(raw, p, threads, KernelPath::kSimd) == one)
          << w << "x" << h << " " << threads;
  }
}

TEST(ReferencePipeline, ReusedBuffersGiveTheSameFrameAgainAtAnotherSize) {
  const IspParams p = test::typical_isp_params();
  ReferencePipeline pipeline(2);
  Nv12Frame first, second, third;
  const Image16 a = test::random_raw(40, 10, 1), b = test::random_raw(17, 9, 2);
  pipeline.run(a, p, first);
  pipeline.run(b, p, second);
  pipeline.run(a, p, third);
  EXPECT_TRUE(first == third);
  EXPECT_TRUE(second == run_reference_pipeline(b, p));
}

// The last block's full-resolution output is the NV12 frame's luma: the frame-at-a-time chain
// and the streaming row bands agree on every block before it.
TEST(FrameAfterBlock, TheLastBlocksLumaIsThePipelinesLuma) {
  for (const auto& [w, h] : {std::pair{64, 48}, std::pair{37, 11}}) {
    const IspParams p = test::typical_isp_params(w, h);
    const Image16 raw = test::random_raw(w, h, uint32_t(w));
    const Image16 ycbcr = frame_after_block(raw, p, "csc");
    const Nv12Frame nv12 = run_reference_pipeline(raw, p);
    ASSERT_EQ(ycbcr.channels(), 3);
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x)
        ASSERT_EQ(ycbcr.at(x, y, 0), nv12.luma[size_t(y) * w + x]) << x << "," << y;
  }
}

// A flat field at black with noise (sigma 40 codes): clipped at black before the noise
// reduction, its mean after it is lifted by about 0.4 sigma (the mean of the positive half of
// a normal distribution, sigma / sqrt(2 pi)); through the pedestal the noise reduction averages
// the noise whole and the mean stays near black (what is left of the noise after it still
// clips at 0).
TEST(FrameAfterBlock, ThePedestalKeepsADarkFieldsMeanAtBlack) {
  const int w = 64, h = 48;
  Image16 raw(w, h, 1);
  std::mt19937 rng(5);
  std::normal_distribution<double> noise(256.0, 40.0);
  for (auto& s : raw.samples())
    s = static_cast<uint16_t>(std::clamp(std::lround(noise(rng)), 0L, 4095L));
  const auto mean_after_nr = [&](int pedestal) {
    IspParams p = test::typical_isp_params(w, h);
    p.defect_pixel.bypass = true;
    p.black_level.norm_gain = 4096;
    p.black_level.pedestal = static_cast<uint16_t>(pedestal);
    p.bayer_nr.shot = 0;
    p.bayer_nr.read = 1600;  // sigma 40
    p.bayer_nr.strength = 255;
    p.bayer_nr.wide = true;
    p.bayer_nr.pedestal = static_cast<uint16_t>(pedestal);
    prepare_isp_params(p);
    const Image16 out = frame_after_block(raw, p, "bayer_nr");
    double sum = 0;
    for (const uint16_t s : out.samples())
      sum += s;
    return sum / (w * h);
  };
  const double clipped_lift = 40.0 / std::sqrt(2 * 3.14159265358979);  // 16 codes
  EXPECT_GT(mean_after_nr(0), 0.75 * clipped_lift);                    // 15.2 measured
  EXPECT_LT(mean_after_nr(64), 0.4 * clipped_lift);  // 3.9: the NR's output still clips at 0
}

TEST(FrameAfterBlock, StopsAtTheNamedBlockAndNamesTheBlocksForAnUnknownOne) {
  const IspParams p = test::typical_isp_params(40, 20);
  const Image16 raw = test::random_raw(40, 20, 9);
  EXPECT_TRUE(frame_after_block(raw, p, "defect_pixel") ==
              run_block_on_frame<blocks::DefectPixel>(p.defect_pixel, raw, 0));
  EXPECT_EQ(frame_after_block(raw, p, "lens_shading").channels(), 1);
  EXPECT_EQ(frame_after_block(raw, p, "demosaic").channels(), 3);
  try {
    frame_after_block(raw, p, "sharpen");
    FAIL();
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("'sharpen'"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("lens_shading"), std::string::npos) << e.what();
  }
}

TEST(ReferencePipeline, RejectsFramesItCannotTake) {
  const IspParams p = test::typical_isp_params();
  EXPECT_THROW(run_reference_pipeline(Image16(2, 8, 1), p), ModelError);
  EXPECT_THROW(run_reference_pipeline(Image16(8, 8, 3), p), ModelError);  // one exposure taken
  EXPECT_THROW(run_reference_pipeline(Image16(8, 8, 4), p), ModelError);
  IspParams merging = p;
  merging.hdr_merge.bypass = false;
  merging.hdr_merge.exposures = 3;
  EXPECT_THROW(run_reference_pipeline(Image16(8, 8, 2), merging), ModelError);
  EXPECT_NO_THROW(run_reference_pipeline(Image16(8, 8, 3), merging));
  try {
    run_reference_pipeline(Image16(8, 2, 1), p);
    FAIL();
  } catch (const ModelError& e) {
    EXPECT_NE(std::string(e.what()).find("8x2"), std::string::npos) << e.what();
  }
}

// The blocks of today keep their order, whatever blocks are added between them (a new block is
// its folders and a line in pipeline.def, not an edit here); names are unique.
TEST(ReferencePipeline, NamesBlocksInPipelineOrder) {
  std::vector<std::string> names;
  for (const auto& d : blocks::pipeline_descriptors())
    names.push_back(d.name);
  const std::vector<std::string> in_order = {"black_level",  "white_balance", "demosaic",
                                             "color_matrix", "gamma",         "csc"};
  auto next = names.begin();
  for (const std::string& name : in_order) {
    next = std::find(next, names.end(), name);
    ASSERT_NE(next, names.end()) << name << " missing or out of order";
  }
  std::vector<std::string> sorted = names;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end()) << "a name twice";
  EXPECT_THROW(blocks::pipeline_descriptor("no_such_block"), ModelError);
}

TEST(Nv12ToRgb, GreyAndPrimariesDecodeWithBt709) {
  Nv12Frame f;
  f.width = 2;
  f.height = 2;
  f.luma = {16, 235, 126, 126};
  f.chroma = {128, 128};
  const Image8 rgb = nv12_to_rgb8(f);
  EXPECT_EQ(rgb.at(0, 0, 0), 0);
  EXPECT_EQ(rgb.at(1, 0, 1), 255);
  EXPECT_EQ(rgb.at(0, 1, 2), 128);  // (126 - 16) / 219 * 255 = 128.08
  f.chroma.pop_back();
  EXPECT_THROW(nv12_to_rgb8(f), ModelError);
}

}  // namespace
}  // namespace ispsim
