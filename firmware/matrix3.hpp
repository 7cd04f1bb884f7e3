#pragma once
// 3x3 row-major matrices for colour calibration (white balance and colour correction).
#include <array>

namespace ispsim::fw {

using Matrix3 = std::array<double, 9>;  // row-major: m[3 * row + column]
using Vector3 = std::array<double, 3>;

Matrix3 identity3();
Matrix3 diagonal3(const Vector3& d);
Matrix3 multiply(const Matrix3& a, const Matrix3& b);
Vector3 multiply(const Matrix3& m, const Vector3& v);
Vector3 row_sums(const Matrix3& m);
// Throws FirmwareError when the matrix is singular (|det| below 1e-12).
Matrix3 inverse(const Matrix3& m);

}  // namespace ispsim::fw
