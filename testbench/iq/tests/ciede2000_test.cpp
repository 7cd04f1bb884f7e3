// CIEDE2000 against the 34 published pairs of Sharma, Wu and Dalal (2005).
#include "iq/ciede2000.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "reference_data.hpp"

namespace ispsim::iq {
namespace {

std::vector<std::vector<double>> sharma_pairs() {
  return test::read_csv_rows(test::data_path("ciede2000_sharma2005.csv"));
}

TEST(Ciede2000, MatchesAllSharma2005PairsInBothOrders) {
  const auto rows = sharma_pairs();
  ASSERT_EQ(rows.size(), 34u);
  double worst = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    ASSERT_EQ(r.size(), 7u);
    const Lab first{r[0], r[1], r[2]}, second{r[3], r[4], r[5]};
    const double forward = ciede2000(first, second);
    const double backward = ciede2000(second, first);
    EXPECT_NEAR(forward, r[6], 1e-4) << "pair " << i + 1;
    EXPECT_NEAR(backward, r[6], 1e-4) << "pair " << i + 1 << " reversed";
    worst = std::max({worst, std::fabs(forward - r[6]), std::fabs(backward - r[6])});
  }
  RecordProperty("max_abs_deviation", std::to_string(worst));
  std::printf("CIEDE2000 max |deviation| over 68 evaluations: %.3g\n", worst);
}

TEST(Ciede2000, IsZeroForIdenticalColoursAndGrowsWithLightness) {
  EXPECT_DOUBLE_EQ(ciede2000({50, 10, -10}, {50, 10, -10}), 0.0);
  // For neutrals with mean L* 50 (S_L = 1) a lightness step of 1 is a dE00 of exactly 1.
  EXPECT_NEAR(ciede2000({49.5, 0, 0}, {50.5, 0, 0}), 1.0, 1e-12);
  // Mean L* 70: S_L = 1 + 0.015 * 400 / sqrt(420).
  EXPECT_NEAR(ciede2000({69, 0, 0}, {71, 0, 0}), 2.0 / (1 + 6.0 / std::sqrt(420.0)), 1e-12);
}

TEST(ReferenceData, CheckedInCopiesMatchTheSharedReference) {
  for (const std::string name : {"ciede2000_sharma2005.csv", "colorchecker24_lab_d50.csv"}) {
    std::ifstream shared(test::shared_reference_path(name));
    if (!shared) GTEST_SKIP() << "shared reference folder not present beside the repository";
    std::ifstream local(test::data_path(name));
    std::stringstream a, b;
    a << shared.rdbuf();
    b << local.rdbuf();
    EXPECT_EQ(a.str(), b.str()) << name;
  }
}

}  // namespace
}  // namespace ispsim::iq
