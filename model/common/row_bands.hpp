#pragma once
// Splits rows [0, rows) into `bands` contiguous bands and runs fn(y0, y1) for each on its own
// thread (the calling thread takes the last one). Work that writes only its own rows then gives
// the same result for any band count. For rows of unequal cost see run_work_queue.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

namespace ispsim {

// The bands run_row_bands makes: at most one per row, at least one.
inline int row_band_count(int rows, int bands) {
  return std::clamp(bands, 1, std::max(1, rows));
}
// First row of band b of `bands` (b == bands gives `rows`).
inline int row_band_start(int rows, int bands, int b) {
  return static_cast<int>(static_cast<int64_t>(rows) * b / bands);
}

template <typename RowFn>
void run_row_bands(int rows, int bands, const RowFn& fn) {
  bands = row_band_count(rows, bands);
  const auto band_start = [&](int b) { return row_band_start(rows, bands, b); };
  std::vector<std::thread> workers;
  for (int b = 0; b + 1 < bands; ++b)
    workers.emplace_back([&fn, y0 = band_start(b), y1 = band_start(b + 1)] { fn(y0, y1); });
  fn(band_start(bands - 1), rows);
  for (std::thread& worker : workers)
    worker.join();
}

// For work whose items cost unequal time: `threads` workers (the calling thread is one) each run
// worker(next), where next() hands out the items 0, 1, ... count-1 one at a time to whichever
// worker asks, and -1 when none is left. Items must not depend on which worker runs them.
template <typename WorkerFn>
void run_work_queue(int count, int threads, const WorkerFn& worker) {
  std::atomic<int> next_item{0};
  const auto next = [&] {
    const int item = next_item++;
    return item < count ? item : -1;
  };
  run_row_bands(std::max(1, std::min(threads, count)), threads, [&](int, int) { worker(next); });
}

// The host's hardware threads, at least 1.
inline int host_threads() {
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace ispsim
