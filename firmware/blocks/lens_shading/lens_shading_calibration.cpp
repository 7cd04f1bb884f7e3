// Lens shading calibration from a flat field, as a module maker measures it.
#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "firmware/blocks/lens_shading/lens_shading.hpp"
#include "firmware/hal.hpp"
#include "model/kernels/cfa.hpp"

namespace ispsim::fw::blocks {
namespace {

// Blocks the field is cut into for the fit: fine enough to follow the fall-off (about four
// blocks per grid cell), coarse enough that each median sees dozens of samples.
constexpr int kBlocksAcross = 64, kBlocksDown = 48;

struct BlockMedian {
  double x = 0, y = 0;  // block centre in pixels
  double value = 0;     // median signal above black
};

// Medians per colour and block: robust to the hot and dead pixels every real field holds. A
// block's place is the mean place of its samples of that colour (half a pixel off the block's
// centre, which matters on the steep fall-off at the corners).
std::array<std::vector<BlockMedian>, 4> block_medians(const RawView& f) {
  std::array<std::vector<BlockMedian>, 4> blocks;
  std::array<std::vector<uint16_t>, 4> samples;
  std::array<double, 4> sum_x{}, sum_y{};
  for (int by = 0; by < kBlocksDown; ++by) {
    const int y0 = by * f.height / kBlocksDown, y1 = (by + 1) * f.height / kBlocksDown;
    for (int bx = 0; bx < kBlocksAcross; ++bx) {
      const int x0 = bx * f.width / kBlocksAcross, x1 = (bx + 1) * f.width / kBlocksAcross;
      for (size_t c = 0; c < 4; ++c) {
        samples[c].clear();
        sum_x[c] = sum_y[c] = 0;
      }
      for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) {
          const auto c = static_cast<size_t>(cfa_colour(f.cfa_phase, x, y));
          samples[c].push_back(f.at(x, y));
          sum_x[c] += x;
          sum_y[c] += y;
        }
      for (size_t c = 0; c < 4; ++c) {
        auto& s = samples[c];
        const double n = static_cast<double>(s.size());
        auto middle = s.begin() + static_cast<std::ptrdiff_t>(s.size() / 2);
        std::nth_element(s.begin(), middle, s.end());
        blocks[c].push_back({sum_x[c] / n, sum_y[c] / n, *middle - f.black_level});
      }
    }
  }
  return blocks;
}

// The signal over the frame as one smooth surface: a polynomial of degree 6 in the normalised
// coordinates (u, v in -1..1), least-squares fitted to every block median. It holds a lens's
// radial fall-off (r^2 and r^4 are polynomials in u and v; cos^4 is close to one of degree 6)
// and a decentred lens's tilt, and every node, the corners too, draws on the whole field's
// samples: local fits extrapolate to the border and amplify the noise there.
class SignalSurface {
 public:
  static constexpr int kDegree = 6;
  static constexpr int kTerms = (kDegree + 1) * (kDegree + 2) / 2;

  SignalSurface(const std::vector<BlockMedian>& blocks, int width, int height)
      : half_w_(0.5 * (width - 1)), half_h_(0.5 * (height - 1)) {
    Eigen::MatrixXd design(static_cast<Eigen::Index>(blocks.size()), kTerms);
    Eigen::VectorXd values(static_cast<Eigen::Index>(blocks.size()));
    for (size_t k = 0; k < blocks.size(); ++k) {
      design.row(static_cast<Eigen::Index>(k)) = terms(blocks[k].x, blocks[k].y).transpose();
      values(static_cast<Eigen::Index>(k)) = blocks[k].value;
    }
    coefficients_ = design.colPivHouseholderQr().solve(values);
  }
  double at(double x, double y) const { return terms(x, y).dot(coefficients_); }

 private:
  Eigen::VectorXd terms(double x, double y) const {
    const double u = (x - half_w_) / half_w_, v = (y - half_h_) / half_h_;
    Eigen::VectorXd t(kTerms);
    int k = 0;
    for (int degree = 0; degree <= kDegree; ++degree)
      for (int a = degree; a >= 0; --a)
        t(k++) = std::pow(u, a) * std::pow(v, degree - a);
    return t;
  }
  double half_w_, half_h_;
  Eigen::VectorXd coefficients_;
};

}  // namespace

LensShading::Grid calibrate_lens_shading(const RawView& flat) {
  // Two samples per block each way: every block then holds every colour.
  if (flat.samples == nullptr || flat.width < 2 * kBlocksAcross || flat.height < 2 * kBlocksDown)
    throw FirmwareError("lens shading calibration: the flat field is " +
                        std::to_string(flat.width) + "x" + std::to_string(flat.height) +
                        ", smaller than " + std::to_string(2 * kBlocksAcross) + "x" +
                        std::to_string(2 * kBlocksDown));
  if (flat.cfa_phase < 0 || flat.cfa_phase > 3)
    throw FirmwareError("lens shading calibration: CFA phase " + std::to_string(flat.cfa_phase) +
                        " is not 0..3");
  const double range = flat.white_level - flat.black_level;
  if (!(range > 0))
    throw FirmwareError("lens shading calibration: white level is not above black level");
  const auto blocks = block_medians(flat);
  const double cell_w = (flat.width - 1) / double(LensShading::kColumns - 1);
  const double cell_h = (flat.height - 1) / double(LensShading::kRows - 1);
  LensShading::Grid grid{};
  for (int c = 0; c < 4; ++c) {
    const auto& colour = blocks[static_cast<size_t>(c)];
    for (const auto& b : colour)
      if (b.value >= 0.98 * range)
        throw FirmwareError("lens shading calibration: the flat field is clipped (colour " +
                            std::to_string(c) + " at " + std::to_string(int(b.x)) + "," +
                            std::to_string(int(b.y)) + "); expose it lower");
    const SignalSurface surface(colour, flat.width, flat.height);
    const double centre = surface.at(0.5 * (flat.width - 1), 0.5 * (flat.height - 1));
    if (!(centre >= 0.02 * range))
      throw FirmwareError("lens shading calibration: the flat field's centre is " +
                          std::to_string(centre) + " codes above black for colour " +
                          std::to_string(c) + ", under 2% of the range; expose it higher");
    for (int j = 0; j < LensShading::kRows; ++j)
      for (int i = 0; i < LensShading::kColumns; ++i) {
        const double signal = surface.at(i * cell_w, j * cell_h);
        // A node darker than 1/15 of the centre would need more gain than the register holds.
        grid[static_cast<size_t>((c * LensShading::kRows + j) * LensShading::kColumns + i)] =
            centre / std::max(signal, centre / 15.0);
      }
  }
  return grid;
}

}  // namespace ispsim::fw::blocks
