#include "model/memory/paged_memory.hpp"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <string>

namespace ispsim {

PagedMemory::PagedMemory(uint64_t size_bytes)
    : size_bytes_(size_bytes), pages_((size_bytes + kPageBytes - 1) / kPageBytes) {}

void PagedMemory::check(uint64_t offset, uint64_t length, const char* access) const {
  if (!contains(offset, length))
    throw std::out_of_range(std::string("memory ") + access + " of " + std::to_string(length) +
                            " bytes at offset " + std::to_string(offset) + " outside its " +
                            std::to_string(size_bytes_) + " bytes");
}

void PagedMemory::read(uint64_t offset, void* destination, uint64_t length) const {
  check(offset, length, "read");
  auto* out = static_cast<uint8_t*>(destination);
  while (length > 0) {
    const uint64_t page = offset / kPageBytes, in_page = offset % kPageBytes;
    const uint64_t chunk = std::min(length, kPageBytes - in_page);
    if (pages_[page])
      std::memcpy(out, pages_[page].get() + in_page, chunk);
    else
      std::memset(out, 0, chunk);
    out += chunk;
    offset += chunk;
    length -= chunk;
  }
}

void PagedMemory::write(uint64_t offset, const void* source, uint64_t length) {
  check(offset, length, "write");
  const auto* in = static_cast<const uint8_t*>(source);
  while (length > 0) {
    const uint64_t page = offset / kPageBytes, in_page = offset % kPageBytes;
    const uint64_t chunk = std::min(length, kPageBytes - in_page);
    if (!pages_[page]) {
      // Value-initialised: the bytes of the page this write does not cover read as zero.
      pages_[page] = std::make_unique<uint8_t[]>(kPageBytes);
      ++allocated_pages_;
    }
    std::memcpy(pages_[page].get() + in_page, in, chunk);
    in += chunk;
    offset += chunk;
    length -= chunk;
  }
}

}  // namespace ispsim
