#pragma once
// Table lookups the tuning interpolates by (gain, colour temperature): where a value falls among
// a table's keys. The axis (log gain, mired, ...) is the caller's: it passes keys and value on it.
#include <cstddef>
#include <vector>

namespace ispsim::fw {

// The entries around `x` among ascending `keys` and the fraction t from the lower one:
// value = at[lower] + t (at[upper] - at[lower]). Below the first key or above the last, that
// entry twice (t = 0); on a key, that entry with t = 0. `keys` must not be empty.
struct Bracket {
  size_t lower = 0, upper = 0;
  double t = 0.0;
};
Bracket bracket(const std::vector<double>& keys, double x);

}  // namespace ispsim::fw
