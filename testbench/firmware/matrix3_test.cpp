#include "firmware/matrix3.hpp"

#include <gtest/gtest.h>

#include "firmware/hal.hpp"

namespace ispsim::fw {
namespace {

TEST(Matrix3, InverseTimesMatrixIsIdentity) {
  const Matrix3 m = {0.50, 0.30, 0.05, 0.08, 0.85, 0.17, 0.02, 0.28, 0.62};
  const Matrix3 product = multiply(inverse(m), m);
  const Matrix3 unit = identity3();
  for (int i = 0; i < 9; ++i)
    EXPECT_NEAR(product[i], unit[i], 1e-12) << i;
}

TEST(Matrix3, InverseOfAKnownMatrix) {
  // [[2,0,0],[0,0,1],[0,4,0]] has inverse [[0.5,0,0],[0,0,0.25],[0,1,0]].
  const Matrix3 inv = inverse({2, 0, 0, 0, 0, 1, 0, 4, 0});
  const Matrix3 expected = {0.5, 0, 0, 0, 0, 0.25, 0, 1, 0};
  for (int i = 0; i < 9; ++i)
    EXPECT_DOUBLE_EQ(inv[i], expected[i]) << i;
}

TEST(Matrix3, SingularMatrixIsAnError) {
  EXPECT_THROW(inverse({1, 2, 3, 2, 4, 6, 0, 1, 0}), FirmwareError);
}

TEST(Matrix3, RowSumsAndVectorProduct) {
  const Matrix3 m = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  EXPECT_EQ(row_sums(m), (Vector3{6, 15, 24}));
  EXPECT_EQ(multiply(m, Vector3{1, 0, -1}), (Vector3{-2, -2, -2}));
}

}  // namespace
}  // namespace ispsim::fw
