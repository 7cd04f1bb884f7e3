#pragma once
// Deterministic test inputs: a seeded Gaussian source that gives the same numbers on every
// standard library (std::normal_distribution is implementation-defined, mt19937_64 is not).
#include <cmath>
#include <cstdint>
#include <random>

namespace ispsim::iq::test {

class GaussianSource {
 public:
  explicit GaussianSource(uint64_t seed) : engine_(seed) {}
  // Box-Muller on two uniforms in (0, 1].
  double next() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    const double u1 = (static_cast<double>(engine_() >> 11) + 1.0) / 9007199254740992.0;
    const double u2 = static_cast<double>(engine_() >> 11) / 9007199254740992.0;
    const double radius = std::sqrt(-2.0 * std::log(u1));
    const double angle = 6.283185307179586 * u2;
    spare_ = radius * std::sin(angle);
    has_spare_ = true;
    return radius * std::cos(angle);
  }

 private:
  std::mt19937_64 engine_;
  double spare_ = 0;
  bool has_spare_ = false;
};

}  // namespace ispsim::iq::test
