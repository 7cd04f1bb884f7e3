// The green balance encoder: the limit in its register format, and a clear error for a limit the
// hardware cannot hold.
#include "firmware/blocks/green_balance/green_balance.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "firmware/hal.hpp"
#include "model/regmap/regmap.hpp"

namespace ispsim::fw::blocks {
namespace {

namespace isp = regs::isp;

TEST(GreenBalanceEncoder, LimitInU08) {
  GreenBalance::Tuning tuning;
  tuning.limit = 0.04;
  RegisterWrites writes;
  GreenBalance::encode(tuning, writes);
  ASSERT_EQ(writes.size(), 2u);
  EXPECT_EQ(writes[0].address, isp::GBAL_CTRL);
  EXPECT_EQ(writes[0].value, 0u);
  EXPECT_EQ(writes[1].address, isp::GBAL_LIMIT);
  EXPECT_EQ(writes[1].value, 10u);  // 0.04 x 256 = 10.24
}

TEST(GreenBalanceEncoder, ImpossibleLimitNamesTheField) {
  for (const double bad : {1.0, 0.999, -0.01, std::nan("")}) {
    GreenBalance::Tuning tuning;
    tuning.limit = bad;
    RegisterWrites writes;
    try {
      GreenBalance::encode(tuning, writes);
      ADD_FAILURE() << bad << " accepted";
    } catch (const FirmwareError& e) {
      EXPECT_NE(std::string(e.what()).find("green_balance.limit"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace ispsim::fw::blocks
