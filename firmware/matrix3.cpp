#include "firmware/matrix3.hpp"

#include <Eigen/Core>
#include <Eigen/LU>
#include <cmath>
#include <string>

#include "firmware/hal.hpp"

namespace ispsim::fw {

namespace {
// Matrix3 and Vector3 keep their plain-array layout for the drivers and tuning code; the maths
// is Eigen's, on views of those arrays.
using RowMajor3 = Eigen::Matrix<double, 3, 3, Eigen::RowMajor>;

Eigen::Map<const RowMajor3> view(const Matrix3& m) {
  return Eigen::Map<const RowMajor3>(m.data());
}
Eigen::Map<RowMajor3> view(Matrix3& m) {
  return Eigen::Map<RowMajor3>(m.data());
}
Eigen::Map<const Eigen::Vector3d> view(const Vector3& v) {
  return Eigen::Map<const Eigen::Vector3d>(v.data());
}
Eigen::Map<Eigen::Vector3d> view(Vector3& v) {
  return Eigen::Map<Eigen::Vector3d>(v.data());
}
}  // namespace

Matrix3 identity3() {
  return diagonal3({1.0, 1.0, 1.0});
}

Matrix3 diagonal3(const Vector3& d) {
  return {d[0], 0.0, 0.0, 0.0, d[1], 0.0, 0.0, 0.0, d[2]};
}

Matrix3 multiply(const Matrix3& a, const Matrix3& b) {
  Matrix3 out;
  view(out).noalias() = view(a) * view(b);
  return out;
}

Vector3 multiply(const Matrix3& m, const Vector3& v) {
  Vector3 out;
  view(out).noalias() = view(m) * view(v);
  return out;
}

Vector3 row_sums(const Matrix3& m) {
  Vector3 out;
  view(out) = view(m).rowwise().sum();
  return out;
}

Matrix3 inverse(const Matrix3& m) {
  const double det = view(m).determinant();
  if (std::fabs(det) < 1e-12)
    throw FirmwareError("colour matrix is singular (determinant " + std::to_string(det) + ")");
  Matrix3 out;
  view(out) = view(m).inverse();
  return out;
}

}  // namespace ispsim::fw
