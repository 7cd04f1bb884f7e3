#include "firmware/matrix3.hpp"

#include <cmath>
#include <string>

#include "firmware/hal.hpp"

namespace ispsim::fw {

Matrix3 identity3() {
  return diagonal3({1.0, 1.0, 1.0});
}

Matrix3 diagonal3(const Vector3& d) {
  return {d[0], 0.0, 0.0, 0.0, d[1], 0.0, 0.0, 0.0, d[2]};
}

Matrix3 multiply(const Matrix3& a, const Matrix3& b) {
  Matrix3 out{};
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c)
      for (int k = 0; k < 3; ++k)
        out[3 * r + c] += a[3 * r + k] * b[3 * k + c];
  return out;
}

Vector3 multiply(const Matrix3& m, const Vector3& v) {
  Vector3 out{};
  for (int r = 0; r < 3; ++r)
    for (int k = 0; k < 3; ++k)
      out[r] += m[3 * r + k] * v[k];
  return out;
}

Vector3 row_sums(const Matrix3& m) {
  return multiply(m, Vector3{1.0, 1.0, 1.0});
}

// Adjugate over determinant: exact enough for well-conditioned colour matrices.
Matrix3 inverse(const Matrix3& m) {
  const auto at = [&m](int r, int c) { return m[3 * r + c]; };
  const auto cofactor = [&at](int r, int c) {
    const int r0 = (r + 1) % 3, r1 = (r + 2) % 3, c0 = (c + 1) % 3, c1 = (c + 2) % 3;
    return at(r0, c0) * at(r1, c1) - at(r0, c1) * at(r1, c0);
  };
  const double det =
      at(0, 0) * cofactor(0, 0) + at(0, 1) * cofactor(0, 1) + at(0, 2) * cofactor(0, 2);
  if (std::fabs(det) < 1e-12)
    throw FirmwareError("colour matrix is singular (determinant " + std::to_string(det) + ")");
  Matrix3 out{};
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c)
      out[3 * c + r] = cofactor(r, c) / det;  // transpose of cofactors
  return out;
}

}  // namespace ispsim::fw
