#pragma once
// A large simulated memory (the SoC's LPDDR, the reference platform's DRAM) that costs host memory
// only where it is written: storage comes in pages allocated on the first write that touches
// them, and never-written bytes read as zero, as a zero-filled array of the same size would.
// A 64 MiB DRAM holding one 720p NV12 frame then occupies about 1.4 MB of the host, not 64 MiB,
// and nothing is zero-filled up front.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace ispsim {

class PagedMemory {
 public:
  // 64 KiB: a 64 MiB memory needs 1024 page pointers, and a DMA line of a few KiB touches one or
  // two pages.
  static constexpr uint64_t kPageBytes = 64 * 1024;

  explicit PagedMemory(uint64_t size_bytes);

  uint64_t size() const { return size_bytes_; }
  // True when [offset, offset + length) lies inside the memory (no wrap-around).
  bool contains(uint64_t offset, uint64_t length) const {
    return length <= size_bytes_ && offset <= size_bytes_ - length;
  }
  // Both throw std::out_of_range, naming the range, when contains(offset, length) is false.
  void read(uint64_t offset, void* destination, uint64_t length) const;
  void write(uint64_t offset, const void* source, uint64_t length);

  // Host bytes held by allocated pages.
  uint64_t resident_bytes() const { return allocated_pages_ * kPageBytes; }

 private:
  void check(uint64_t offset, uint64_t length, const char* access) const;

  uint64_t size_bytes_;
  std::vector<std::unique_ptr<uint8_t[]>> pages_;  // null: never written, reads as zero
  uint64_t allocated_pages_ = 0;
};

}  // namespace ispsim
