#pragma once
// Bayer colour filter array layout.
#include <cstdint>

namespace ispsim {

// Colour of a raw sample; also the index into per-CFA-colour register arrays (R, Gr, Gb, B).
enum CfaColour : int { kCfaR = 0, kCfaGr = 1, kCfaGb = 2, kCfaB = 3 };

// Phase = colour of the top-left sample: 0 RGGB, 1 GRBG, 2 GBRG, 3 BGGR. Each phase is RGGB
// shifted by one column (bit 0) and/or one row (bit 1).
constexpr int kCfaPhaseCount = 4;

constexpr CfaColour cfa_colour(int phase, int x, int y) {
  const int col = (x + (phase & 1)) & 1;
  const int row = (y + ((phase >> 1) & 1)) & 1;
  return static_cast<CfaColour>(row * 2 + col);
}

constexpr bool cfa_is_green(int phase, int x, int y) {
  const CfaColour c = cfa_colour(phase, x, y);
  return c == kCfaGr || c == kCfaGb;
}

constexpr const char* cfa_phase_name(int phase) {
  constexpr const char* kNames[] = {"RGGB", "GRBG", "GBRG", "BGGR"};
  return kNames[phase & 3];
}

// Reflect-101 border (-1 -> 1, n -> n-2): keeps CFA parity, so a mirrored sample has the same
// colour as the one it stands in for. Needs n >= 3 for the 5x5 window.
constexpr int reflect101(int i, int n) {
  return i < 0 ? -i : (i >= n ? 2 * (n - 1) - i : i);
}

}  // namespace ispsim
