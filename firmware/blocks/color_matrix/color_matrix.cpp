#include "firmware/blocks/color_matrix/color_matrix.hpp"

#include <cmath>

#include "model/regmap/regmap.hpp"

namespace ispsim::fw::blocks {
namespace isp = regs::isp;

std::array<uint32_t, 9> ColorMatrix::row_preserving_codes(const Matrix3& matrix) {
  const regs::Field& field = isp::CCM_COEF_COEF;
  const double one = std::ldexp(1.0, static_cast<int>(field.format.frac_bits));
  std::array<uint32_t, 9> codes{};
  for (int row = 0; row < 3; ++row) {
    double real_sum = 0.0;
    int64_t code_sum = 0;
    for (int col = 0; col < 3; ++col) {
      real_sum += matrix[3 * row + col];
      code_sum += field.code(field.encode(matrix[3 * row + col]));
    }
    const int64_t target_sum = std::llround(real_sum * one);
    for (int col = 0; col < 3; ++col) {
      double value = matrix[3 * row + col];
      if (col == row) value += static_cast<double>(target_sum - code_sum) / one;
      codes[3 * row + col] = field.encode(value);
    }
  }
  return codes;
}

void ColorMatrix::encode(const Tuning& tuning, RegisterWrites& writes) {
  for (int i = 0; i < 9; ++i)
    if (!(tuning.matrix[i] > -8.0 && tuning.matrix[i] < 7.99))
      throw_bad_tuning("colour_matrix", tuning.matrix[i], "-8..7.99 (s3.12)");
  writes.push_back({isp::CCM_CTRL, isp::CCM_CTRL_BYPASS(tuning.bypass)});
  const auto codes = row_preserving_codes(tuning.matrix);
  for (unsigned i = 0; i < isp::CCM_COEF_COUNT; ++i)
    writes.push_back({isp::CCM_COEF + 4 * i, codes[i]});
}

}  // namespace ispsim::fw::blocks
