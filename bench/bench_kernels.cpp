// Each block's kernel alone on 4096-sample lines (planar, hot in cache): where the reference
// pipeline's time goes, block by block and path by path.
#include <benchmark/benchmark.h>

#include <random>
#include <vector>

#include "model/blocks/pipeline.hpp"
#include "testbench/test_frames.hpp"

namespace ispsim {
namespace {

constexpr int kLineWidth = 4096;

template <typename Block>
void run_kernel(benchmark::State& state, const typename Block::Params& params, bool simd) {
  constexpr blocks::BlockDescriptor d = Block::kDescriptor;
  std::vector<blocks::PlanarLine> in(static_cast<size_t>(d.window_rows));
  std::mt19937 rng(1);
  for (auto& line : in) {
    line.resize(kLineWidth, blocks::plane_count(d.input));
    for (int p = 0; p < line.planes(); ++p)
      for (int x = 0; x < kLineWidth; ++x)
        line.plane(p)[x] = static_cast<uint16_t>(rng() % 1024);
    line.reflect_margins(d.window_radius());
  }
  std::vector<blocks::ConstRowRef> window;
  for (const auto& line : in)
    window.push_back(line.cref());
  blocks::PlanarLine out(kLineWidth, blocks::plane_count(d.output));
  int y = 0;
  for (auto _ : state) {
    const blocks::RowWindow win{window.data(), d.window_rows};
    const blocks::RowContext row{y++ & 1, kLineWidth, 0};
    if (simd)
      Block::process_row(params, win, out.ref(), row);
    else
      Block::process_row_scalar(params, win, out.ref(), row);
    benchmark::DoNotOptimize(out.plane(0));
  }
  state.counters["Mpix/s"] =
      benchmark::Counter(kLineWidth / 1e6, benchmark::Counter::kIsIterationInvariantRate);
}

void register_kernel_benchmarks() {
  static const IspParams params = test::typical_isp_params();
  blocks::for_each_block(params, [](auto block, const auto& block_params) {
    using Block = decltype(block);
    for (bool simd : {true, false})
      benchmark::RegisterBenchmark(
          (std::string("BM_Kernel/") + Block::kDescriptor.name + (simd ? "/simd" : "/scalar"))
              .c_str(),
          [&block_params, simd](benchmark::State& state) {
            run_kernel<Block>(state, block_params, simd);
          });
  });
}

const bool registered = (register_kernel_benchmarks(), true);

}  // namespace
}  // namespace ispsim
