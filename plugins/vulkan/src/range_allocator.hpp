// First-fit allocation of aligned ranges inside one block of memory, with freed neighbours
// merged back together: the sub-allocator that lets many tensors share one vkAllocateMemory.
// Pure bookkeeping (no Vulkan), so it is tested on its own.
#pragma once

#include <cstdint>
#include <map>
#include <optional>

namespace strata_vk {

class RangeAllocator {
 public:
  explicit RangeAllocator(uint64_t capacity);

  // The offset of a free range of `size` bytes (> 0) aligned to `alignment` (a power of two),
  // or nothing when no free range is large enough.
  std::optional<uint64_t> allocate(uint64_t size, uint64_t alignment);
  // Returns a range allocate() handed out.
  void release(uint64_t offset, uint64_t size);

  uint64_t used() const { return used_; }
  bool empty() const { return used_ == 0; }
  size_t free_ranges() const { return free_.size(); }

 private:
  uint64_t used_ = 0;
  std::map<uint64_t, uint64_t> free_;  // offset -> size, never two adjacent ranges
};

}  // namespace strata_vk
