// Speed of the full sensor model on the binned 4096x3072 (12.5 MP) frame: scene, optics (shading,
// blur), fixed pattern, shot/dark/read/row noise, ADC. Threads render row bands; the bits do not
// depend on the thread count. Not a ctest test: run ispsim_sensor_bench by hand.
#include <benchmark/benchmark.h>

#include <cstdint>

#include "sensor_sim/fixed_pattern.hpp"
#include "sensor_sim/pixel_array.hpp"
#include "sensor_sim/remosaic.hpp"

namespace ispsim::sensor {
namespace {

void render(benchmark::State& state, const char* scene_name, bool cache_fixed_pattern) {
  const auto scene = make_builtin_scene(scene_name);
  const SensorProfile profile;
  SensorSettings settings;  // 4096 x 3072, 1/32 s
  settings.exposure_s = 0.01;
  RenderOptions options;
  options.threads = static_cast<int>(state.range(0));
  FixedPatternCache cache;
  if (cache_fixed_pattern) {
    options.fixed_pattern_cache = &cache;
    // The first frame of a unit only registers it; the second fills the cache.
    for (uint32_t warm_up = 0; warm_up < 2; ++warm_up)
      render_raw_frame(*scene, profile, settings, 1, warm_up, options);
  }
  uint32_t frame = 0;
  for (auto _ : state)
    benchmark::DoNotOptimize(render_raw_frame(*scene, profile, settings, 1, frame++, options));
  const double pixels = static_cast<double>(settings.width) * settings.height;
  state.counters["Mpix/s"] =
      benchmark::Counter(pixels * 1e-6 * state.iterations(), benchmark::Counter::kIsRate);
}

// The unit's fixed pattern generated every frame (the default).
void BM_SensorChartBinned(benchmark::State& state) {
  render(state, "chart", false);
}
// The fixed pattern kept between frames (RenderOptions::fixed_pattern_cache), as a video stream.
void BM_SensorChartBinnedCachedPattern(benchmark::State& state) {
  render(state, "chart", true);
}
void BM_SensorFlatBinnedCachedPattern(benchmark::State& state) {
  render(state, "flat", true);
}

// The full mode's on-sensor remosaic of a noisy 8192x6144 Quad Bayer frame (threads = argument),
// work the binned mode does not have. Target: at most 0.2 s on 2 threads, under a tenth of a
// whole full-mode `ispsim run`.
void BM_Remosaic8192x6144(benchmark::State& state) {
  Image16 quad(8192, 6144, 1);
  uint32_t random = 1;
  for (auto& sample : quad.samples()) {
    random = random * 1664525u + 1013904223u;
    sample = static_cast<uint16_t>(256 + 1500 + (random >> 24));
  }
  const RawFormat format;
  for (auto _ : state)
    benchmark::DoNotOptimize(
        remosaic_quad_to_bayer(quad, format, static_cast<int>(state.range(0))));
  state.counters["Mpix/s"] =
      benchmark::Counter(8192.0 * 6144 * 1e-6 * state.iterations(), benchmark::Counter::kIsRate);
}

// Wall time, not CPU time of the calling thread: the work runs on the band threads.
BENCHMARK(BM_SensorChartBinned)
    ->Arg(1)
    ->Arg(2)
    ->Arg(4)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_SensorChartBinnedCachedPattern)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_SensorFlatBinnedCachedPattern)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Remosaic8192x6144)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace ispsim::sensor

BENCHMARK_MAIN();
