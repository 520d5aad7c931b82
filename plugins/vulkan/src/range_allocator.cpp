#include "range_allocator.hpp"

#include <iterator>

namespace strata_vk {

RangeAllocator::RangeAllocator(uint64_t capacity) {
  if (capacity > 0) free_.emplace(0, capacity);
}

std::optional<uint64_t> RangeAllocator::allocate(uint64_t size, uint64_t alignment) {
  for (auto it = free_.begin(); it != free_.end(); ++it) {
    const uint64_t start = it->first, length = it->second;
    const uint64_t aligned = (start + alignment - 1) & ~(alignment - 1);
    const uint64_t padding = aligned - start;
    if (padding > length || length - padding < size) continue;
    free_.erase(it);
    if (padding > 0) free_.emplace(start, padding);
    const uint64_t rest = length - padding - size;
    if (rest > 0) free_.emplace(aligned + size, rest);
    used_ += size;
    return aligned;
  }
  return std::nullopt;
}

void RangeAllocator::release(uint64_t offset, uint64_t size) {
  used_ -= size;
  auto next = free_.lower_bound(offset);
  if (next != free_.end() && offset + size == next->first) {
    size += next->second;
    next = free_.erase(next);
  }
  if (next != free_.begin()) {
    auto previous = std::prev(next);
    if (previous->first + previous->second == offset) {
      previous->second += size;
      return;
    }
  }
  free_.emplace(offset, size);
}

}  // namespace strata_vk
