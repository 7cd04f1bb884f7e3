#pragma once
// The sensor simulator's 3x3 colour maths, on Eigen: profiles and DNG tags keep their matrices as
// row-major arrays of 9, which these helpers view as Eigen matrices and back.
#include <Eigen/Core>
#include <Eigen/LU>
#include <array>

namespace ispsim::sensor {

using RowMajorMatrix3 = Eigen::Matrix<double, 3, 3, Eigen::RowMajor>;

inline Eigen::Matrix3d matrix3(const std::array<double, 9>& elements) {
  return Eigen::Map<const RowMajorMatrix3>(elements.data());
}

inline std::array<double, 9> row_major(const Eigen::Matrix3d& m) {
  std::array<double, 9> out{};
  Eigen::Map<RowMajorMatrix3>(out.data()) = m;
  return out;
}

// CIE XYZ (D65 white) to linear sRGB, IEC 61966-2-1:1999.
inline Eigen::Matrix3d srgb_from_xyz_d65() {
  return (Eigen::Matrix3d() << 3.2406, -1.5372, -0.4986,  //
          -0.9689, 1.8758, 0.0415,                        //
          0.0557, -0.2040, 1.0570)
      .finished();
}

}  // namespace ispsim::sensor
