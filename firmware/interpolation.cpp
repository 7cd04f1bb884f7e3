#include "firmware/interpolation.hpp"

namespace ispsim::fw {

Bracket bracket(const std::vector<double>& keys, double x) {
  const size_t last = keys.size() - 1;
  if (x <= keys.front()) return {0, 0, 0.0};
  if (x >= keys[last]) return {last, last, 0.0};
  size_t upper = 1;
  while (keys[upper] < x)
    ++upper;
  const size_t lower = upper - 1;
  if (keys[upper] == x) return {upper, upper, 0.0};
  return {lower, upper, (x - keys[lower]) / (keys[upper] - keys[lower])};
}

}  // namespace ispsim::fw
