#pragma once
// Splits rows [0, rows) into `bands` contiguous bands and runs fn(y0, y1) for each on its own
// thread (the calling thread takes the last one). Work that writes only its own rows then gives
// the same result for any band count.
#include <algorithm>
#include <cstdint>
#include <thread>
#include <vector>

namespace ispsim {

template <typename RowFn>
void run_row_bands(int rows, int bands, const RowFn& fn) {
  bands = std::clamp(bands, 1, std::max(1, rows));
  const auto band_start = [&](int b) {
    return static_cast<int>(static_cast<int64_t>(rows) * b / bands);
  };
  std::vector<std::thread> workers;
  for (int b = 0; b + 1 < bands; ++b)
    workers.emplace_back([&fn, y0 = band_start(b), y1 = band_start(b + 1)] { fn(y0, y1); });
  fn(band_start(bands - 1), rows);
  for (std::thread& worker : workers)
    worker.join();
}

// The host's hardware threads, at least 1.
inline int host_threads() {
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace ispsim
