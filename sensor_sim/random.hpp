#pragma once
// Deterministic random numbers for the sensor model.
//
// Every random process is keyed by (seed, frame_index, row): each row owns an independent stream,
// so rows can be rendered in any order or in parallel and the bits never depend on thread count.
// The generators are written out here rather than taken from <random>: the std distributions are
// implementation-defined and give different numbers with different standard libraries.
//
// Engine: xoshiro256** (Blackman and Vigna, "Scrambled linear pseudorandom number generators",
// 2018), state filled from splitmix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
// generators", OOPSLA 2014), as its authors recommend.
#include <cmath>
#include <cstdint>
#include <cstdlib>

namespace ispsim::sensor {

// splitmix64 output function: a bijective 64-bit mixer with good avalanche.
inline uint64_t mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Stream key for one row of one frame. Each input passes through the mixer with its own additive
// constant, so (seed, frame, row) triples that differ in any field give unrelated keys.
inline uint64_t row_stream_key(uint64_t seed, uint32_t frame_index, uint32_t row) {
  uint64_t key = mix64(seed + 0x9e3779b97f4a7c15ULL);
  key = mix64(key ^ (static_cast<uint64_t>(frame_index) + 0x632be59bd9b4e019ULL));
  key = mix64(key ^ (static_cast<uint64_t>(row) + 0x85157af5e3a8b2c1ULL));
  return key;
}

// Tables shared by all streams: 1/k for the Poisson inversion (a multiply where the recurrence
// would divide), and the ziggurat normal sampler (Marsaglia and Tsang, "The ziggurat method for
// generating random variables", J. Stat. Software 5(8), 2000), 256 layers. The half-density
// f(x) = exp(-x^2/2) is covered by 256 layers of equal area v: layer 0 is the base strip (the
// rectangle [0, r] x [0, f(r)] plus the tail beyond r, stretched to width x[0] = v / f(r)); layer
// i >= 1 spans heights f(x[i]) .. f(x[i+1]) with width x[i]; x[1] = r and x[256] = 0.
// r and v are the paper's constants for 256 layers.
struct SamplerTables {
  static constexpr int kLayers = 256;
  static constexpr double kR = 3.6541528853610088;
  static constexpr double kV = 4.92867323399e-3;
  static constexpr int kMaxPoissonSteps = 1024;

  double x[kLayers + 1];
  double f[kLayers + 1];            // f(x[i])
  double inner_ratio[kLayers + 1];  // x[i+1] / x[i]: |u| below it lies wholly under the curve
  double reciprocal[kMaxPoissonSteps + 1];

  SamplerTables() {
    const auto density = [](double t) { return std::exp(-0.5 * t * t); };
    x[0] = kV / density(kR);
    x[1] = kR;
    for (int i = 1; i < kLayers - 1; ++i)
      x[i + 1] = std::sqrt(-2.0 * std::log(kV / x[i] + density(x[i])));
    x[kLayers] = 0.0;
    for (int i = 0; i <= kLayers; ++i)
      f[i] = density(x[i]);
    f[0] = 0.0;  // the base strip's wedge test is never used (its outer part is the tail)
    for (int i = 0; i < kLayers; ++i)
      inner_ratio[i] = x[i + 1] / x[i];
    inner_ratio[kLayers] = 0.0;
    reciprocal[0] = 0.0;
    for (int k = 1; k <= kMaxPoissonSteps; ++k)
      reciprocal[k] = 1.0 / k;
  }
};

inline const SamplerTables& sampler_tables() {
  static const SamplerTables tables;
  return tables;
}

// xoshiro256** step function on a plain value type (no pointers), so it can be passed and returned
// by value and kept in registers.
struct Xoshiro256 {
  uint64_t s[4];

  static Xoshiro256 from_key(uint64_t key) {
    Xoshiro256 engine{};
    for (uint64_t& word : engine.s) {
      key += 0x9e3779b97f4a7c15ULL;
      word = mix64(key);
    }
    return engine;
  }

  uint64_t next() {
    const uint64_t result = rotl(s[1] * 5, 7) * 9;
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
  }

  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
};

// A ziggurat draw: layer from the low 8 bits, a signed uniform in [-1, 1) from the top 53.
struct ZigguratDraw {
  int layer;
  double u;
  explicit ZigguratDraw(uint64_t bits)
      : layer(static_cast<int>(bits & (SamplerTables::kLayers - 1))),
        u(static_cast<double>(static_cast<int64_t>(bits) >> 11) * 0x1.0p-52) {}
};

struct SlowNormal {
  Xoshiro256 engine;
  double value;
};

// The ziggurat's slow path (about 1% of draws) for a draw outside its layer's inner rectangle:
// the tail beyond r for the base layer (Marsaglia's 1964 exponential rejection), else the wedge
// test against the density, redrawing until a sample is accepted. Out of line and by value, so
// the caller's engine never has its address taken and stays in registers in hot loops.
[[gnu::noinline]] inline SlowNormal normal_outside_inner(Xoshiro256 engine, ZigguratDraw draw) {
  const SamplerTables& t = sampler_tables();
  for (;;) {
    if (draw.layer == 0) {
      const double r = t.x[1];
      for (;;) {
        const double x = -std::log(1.0 - engine.uniform()) / r;
        const double y = -std::log(1.0 - engine.uniform());
        if (2.0 * y > x * x) return {engine, draw.u < 0 ? -(r + x) : r + x};
      }
    }
    const double z = draw.u * t.x[draw.layer];
    const double f_outer = t.f[draw.layer], f_inner = t.f[draw.layer + 1];
    if (f_outer + engine.uniform() * (f_inner - f_outer) < std::exp(-0.5 * z * z))
      return {engine, z};
    draw = ZigguratDraw(engine.next());
    if (std::abs(draw.u) < t.inner_ratio[draw.layer]) return {engine, draw.u * t.x[draw.layer]};
  }
}

// Variance of the unit-scale Tukey-lambda distribution, finite for lambda > -1/2:
// 2/lambda^2 (1/(1+2 lambda) - Gamma(lambda+1)^2 / Gamma(2 lambda+2)); pi^2/3 at lambda = 0.
inline double tukey_lambda_variance(double lambda) {
  if (lambda == 0.0) return 3.14159265358979323846 * 3.14159265358979323846 / 3.0;
  const double g = std::tgamma(lambda + 1.0);
  return 2.0 / (lambda * lambda) *
         (1.0 / (1.0 + 2.0 * lambda) - g * g / std::tgamma(2.0 * lambda + 2.0));
}

class RandomStream {
 public:
  explicit RandomStream(uint64_t key) : engine_(Xoshiro256::from_key(key)) {}
  RandomStream(uint64_t seed, uint32_t frame_index, uint32_t row)
      : RandomStream(row_stream_key(seed, frame_index, row)) {}

  uint64_t next_u64() { return engine_.next(); }

  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return engine_.uniform(); }

  // Uniform in (0, 1): never 0 or 1, for inverse CDFs with poles at both ends.
  double open_uniform() { return (static_cast<double>(engine_.next() >> 11) + 0.5) * 0x1.0p-53; }

  // Tukey-lambda variate of shape lambda (unit scale) by inverting its quantile function
  // Q(u) = (u^lambda - (1-u)^lambda) / lambda, Q(u) = log(u / (1-u)) at lambda = 0 (the logistic).
  // lambda ~0.14 is close to a Gaussian; smaller lambda gives heavier tails (Joiner and Rosenblatt,
  // JASA 66, 1971). Divide by sqrt(tukey_lambda_variance(lambda)) for unit variance.
  double tukey_lambda(double lambda) {
    const double u = open_uniform();
    if (lambda == 0.0) return std::log(u / (1.0 - u));
    return (std::pow(u, lambda) - std::pow(1.0 - u, lambda)) / lambda;
  }

  // Standard normal by the ziggurat method (see SamplerTables): one 64-bit draw, a multiply and a
  // compare in 99% of calls; no logarithm outside the rare wedge and tail cases.
  double normal() {
    const ZigguratDraw draw(engine_.next());
    if (std::abs(draw.u) < tables_->inner_ratio[draw.layer]) return draw.u * tables_->x[draw.layer];
    const SlowNormal slow = normal_outside_inner(engine_, draw);
    engine_ = slow.engine;
    return slow.value;
  }

  // Poisson-distributed count with the given mean (negative means count as 0).
  // Below kPoissonExactBelow: exact inversion of the cumulative distribution with one uniform
  // (expected work ~ mean steps). Above: normal approximation N(mean, mean) rounded to the nearest
  // integer (continuity rounding), whose skew error is below 1/sqrt(30) of a sigma at the switch.
  static constexpr double kPoissonExactBelow = 30.0;
  double poisson(double mean) {
    if (!(mean > 0.0)) return 0.0;
    if (mean < kPoissonExactBelow) {
      const double u = uniform();
      double probability = std::exp(-mean);
      double cumulative = probability;
      const double* reciprocal = tables_->reciprocal;
      int k = 0;
      // The bound only guards against u landing above the rounded total probability.
      while (u >= cumulative && k < SamplerTables::kMaxPoissonSteps) {
        ++k;
        probability *= mean * reciprocal[k];
        cumulative += probability;
      }
      return k;
    }
    // Round half up; truncation equals floor here because the argument is >= 1.
    const double count = mean + std::sqrt(mean) * normal() + 0.5;
    if (count < 1.0) return 0.0;
    if (count >= 0x1.0p52) return count;  // already an integer, and too big for int64 below
    return static_cast<double>(static_cast<int64_t>(count));
  }

 private:
  Xoshiro256 engine_;
  const SamplerTables* tables_ = &sampler_tables();
};

}  // namespace ispsim::sensor
