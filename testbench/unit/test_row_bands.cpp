// The thread runners: every row or item exactly once, for any band or thread count, and an
// exception in any band comes back to the caller after all threads have finished.
#include "model/common/row_bands.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <vector>

namespace ispsim {
namespace {

TEST(RowBands, EveryRowOnceForAnyBandCount) {
  for (int rows : {1, 2, 7, 64, 1001})
    for (int bands : {1, 2, 3, 8, 2000}) {
      std::vector<std::atomic<int>> visits(static_cast<size_t>(rows));
      run_row_bands(rows, bands, [&](int y0, int y1) {
        EXPECT_LT(y0, y1);  // no empty band, even with more bands than rows
        for (int y = y0; y < y1; ++y)
          ++visits[static_cast<size_t>(y)];
      });
      for (int y = 0; y < rows; ++y)
        EXPECT_EQ(visits[static_cast<size_t>(y)], 1) << rows << " rows, " << bands << " bands";
    }
}

TEST(RowBands, AnExceptionInAnyBandReachesTheCallerAfterTheOthersFinish) {
  for (int failing_band : {0, 2, 3}) {  // worker threads and the calling thread's own band
    std::atomic<int> finished{0};
    EXPECT_THROW(run_row_bands(40, 4,
                               [&](int y0, int) {
                                 if (y0 / 10 == failing_band) throw std::runtime_error("band");
                                 ++finished;
                               }),
                 std::runtime_error);
    EXPECT_EQ(finished, 3) << "band " << failing_band;
  }
}

TEST(WorkQueue, EveryItemOnceWhateverTheThreads) {
  for (int count : {0, 1, 5, 100})
    for (int threads : {1, 2, 3, 16}) {
      std::vector<std::atomic<int>> taken(static_cast<size_t>(count));
      run_work_queue(count, threads, [&](const auto& next) {
        for (int item; (item = next()) >= 0;)
          ++taken[static_cast<size_t>(item)];
      });
      for (int i = 0; i < count; ++i)
        EXPECT_EQ(taken[static_cast<size_t>(i)], 1) << count << " items, " << threads;
    }
}

TEST(WorkQueue, AnExceptionInAWorkerReachesTheCaller) {
  std::atomic<int> done{0};
  EXPECT_THROW(run_work_queue(50, 3,
                              [&](const auto& next) {
                                for (int item; (item = next()) >= 0;) {
                                  if (item == 17) throw std::runtime_error("item");
                                  ++done;
                                }
                              }),
               std::runtime_error);
  EXPECT_EQ(done, 49);  // the other workers went on to the end of the queue
}

}  // namespace
}  // namespace ispsim
