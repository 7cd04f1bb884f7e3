// PagedMemory against a plain zero-filled byte array: same bytes read back everywhere, host pages
// only where written, range errors at the edges.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <stdexcept>
#include <vector>

#include "model/memory/paged_memory.hpp"

namespace ispsim {
namespace {

constexpr uint64_t kPage = 64 * 1024;  // the page size the class documents

TEST(PagedMemory, NeverWrittenBytesReadAsZeroAndHoldNoPages) {
  PagedMemory memory(64ull << 20);
  std::vector<uint8_t> bytes(3 * kPage + 5, 0xAB);
  memory.read(kPage - 7, bytes.data(), bytes.size());
  for (size_t i = 0; i < bytes.size(); ++i)
    ASSERT_EQ(bytes[i], 0) << i;
  EXPECT_EQ(memory.resident_bytes(), 0u);
}

TEST(PagedMemory, AWriteAcrossAPageBoundaryAllocatesExactlyTheTwoPagesItTouches) {
  PagedMemory memory(16 * kPage);
  const std::vector<uint8_t> line(256, 7);
  memory.write(5 * kPage - 100, line.data(), line.size());
  EXPECT_EQ(memory.resident_bytes(), 2 * kPage);
  // The rest of both pages still reads as zero, the written run as written.
  std::vector<uint8_t> back(2 * kPage);
  memory.read(4 * kPage, back.data(), back.size());
  for (size_t i = 0; i < back.size(); ++i)
    ASSERT_EQ(back[i], (i >= kPage - 100 && i < kPage + 156) ? 7 : 0) << i;
}

TEST(PagedMemory, RandomWritesAndReadsMatchAFlatZeroFilledArray) {
  const uint64_t size = 20 * kPage + 321;  // not a whole number of pages
  PagedMemory memory(size);
  std::vector<uint8_t> flat(size, 0);
  std::mt19937_64 random(12345);
  for (int i = 0; i < 2000; ++i) {
    const uint64_t length = random() % (3 * kPage) + 1;
    const uint64_t offset = random() % (size - length + 1);
    if (random() % 2) {
      std::vector<uint8_t> data(length);
      for (auto& byte : data)
        byte = static_cast<uint8_t>(random());
      memory.write(offset, data.data(), length);
      std::copy(data.begin(), data.end(), flat.begin() + static_cast<std::ptrdiff_t>(offset));
    } else {
      std::vector<uint8_t> data(length, 0xCD);
      memory.read(offset, data.data(), length);
      ASSERT_TRUE(
          std::equal(data.begin(), data.end(), flat.begin() + static_cast<std::ptrdiff_t>(offset)))
          << "read of " << length << " at " << offset;
    }
  }
  std::vector<uint8_t> all(size);
  memory.read(0, all.data(), size);
  EXPECT_EQ(all, flat);
}

TEST(PagedMemory, TheLastByteIsInsideAndOneMoreIsNot) {
  const uint64_t size = 3 * kPage + 10;
  PagedMemory memory(size);
  const uint8_t value = 42;
  EXPECT_TRUE(memory.contains(size - 1, 1));
  memory.write(size - 1, &value, 1);
  uint8_t back = 0;
  memory.read(size - 1, &back, 1);
  EXPECT_EQ(back, 42);
  EXPECT_FALSE(memory.contains(size, 1));
  EXPECT_FALSE(memory.contains(size - 1, 2));
  EXPECT_FALSE(memory.contains(0, size + 1));
  // An offset so large that offset + length wraps around 64 bits.
  EXPECT_FALSE(memory.contains(UINT64_MAX - 2, 4));
  EXPECT_THROW(memory.write(size - 1, &value, 2), std::out_of_range);
  EXPECT_THROW(memory.read(UINT64_MAX - 2, &back, 4), std::out_of_range);
}

}  // namespace
}  // namespace ispsim
