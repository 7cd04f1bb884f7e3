#pragma once
// Splits rows [0, rows) into `bands` contiguous bands and runs fn(y0, y1) for each on its own
// thread (the calling thread takes the last one); an exception in any band is rethrown. Work that
// writes only its own rows then gives the same result for any band count. For rows of unequal cost
// see run_work_queue.
#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <system_error>
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
  // An exception in a band (a failed allocation, say) is caught where it happens and the first
  // one rethrown here after every thread has been joined: one escaping a thread, or a thread
  // left running while this function unwinds, would end the process.
  std::vector<std::exception_ptr> errors(static_cast<size_t>(bands));
  const auto run_band = [&](int b) noexcept {
    try {
      fn(row_band_start(rows, bands, b), row_band_start(rows, bands, b + 1));
    } catch (...) {
      errors[static_cast<size_t>(b)] = std::current_exception();
    }
  };
  std::vector<std::thread> workers;
  workers.reserve(static_cast<size_t>(bands - 1));
  try {
    for (int b = 0; b + 1 < bands; ++b)
      workers.emplace_back(run_band, b);
  } catch (const std::system_error&) {
    // No thread to be had: the calling thread runs the bands not started.
  }
  for (auto b = static_cast<int>(workers.size()); b < bands; ++b)
    run_band(b);
  for (std::thread& worker : workers)
    worker.join();
  for (const std::exception_ptr& error : errors)
    if (error) std::rethrow_exception(error);
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
  run_row_bands(count, threads, [&](int, int) { worker(next); });  // one band per worker
}

// The host's hardware threads, at least 1.
inline int host_threads() {
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace ispsim
