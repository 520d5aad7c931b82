// Device memory in large blocks, each one VkDeviceMemory bound to one VkBuffer that spans it,
// handed out in aligned ranges (RangeAllocator). A tensor buffer is a range; shaders see it
// through a descriptor on the block's VkBuffer. Requests larger than half a block get a block of
// their own. An emptied block is returned to the driver, except one spare kept for reuse, so
// alloc/free cycles neither grow memory nor hammer vkAllocateMemory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "device.hpp"
#include "range_allocator.hpp"

namespace strata_vk {

// What the memory is for, which decides its memory type.
enum class MemoryUse {
  kDevice,    // tensors: device-local (also host-visible on CPUs, integrated GPUs)
  kUpload,    // staging for host writes and the per-dispatch parameters: host-visible, coherent
  kReadback,  // staging for host reads: host-visible, coherent, cached where possible
};

struct MemoryBlock {
  VkDeviceMemory memory = VK_NULL_HANDLE;
  VkBuffer buffer = VK_NULL_HANDLE;
  uint64_t size = 0;
  std::byte* mapped = nullptr;  // the whole block, when host-visible
  bool dedicated = false;
  RangeAllocator ranges{0};
};

struct Allocation {
  MemoryBlock* block = nullptr;
  uint64_t offset = 0;  // within the block's buffer, aligned for storage-buffer descriptors
  uint64_t size = 0;    // as rounded up; >= what was asked for

  explicit operator bool() const { return block != nullptr; }
  VkBuffer buffer() const { return block->buffer; }
  // The host address of the first byte, or nullptr when the memory is not host-visible.
  std::byte* host() const { return block->mapped != nullptr ? block->mapped + offset : nullptr; }
};

class MemoryPool {
 public:
  MemoryPool(const Device& device, MemoryUse use);
  ~MemoryPool();
  MemoryPool(const MemoryPool&) = delete;
  MemoryPool& operator=(const MemoryPool&) = delete;

  // At least `size` bytes (0 allowed). Throws Failure(OUT_OF_MEMORY) saying how much was asked
  // for and what the device has.
  Allocation allocate(uint64_t size);
  void release(const Allocation& allocation);

  // False when host writes need vkFlushMappedMemoryRanges (and reads an invalidate).
  bool coherent() const { return coherent_; }
  // Bytes held from the driver: every live block, the spare included.
  uint64_t reserved_bytes() const;

 private:
  MemoryBlock* add_block(uint64_t size, bool dedicated);
  // Allocates `block`'s VkDeviceMemory; OUT_OF_MEMORY when the driver has none left.
  void allocate_memory(MemoryBlock& block, uint64_t bytes);
  [[noreturn]] void too_large(uint64_t size) const;
  void destroy_block(MemoryBlock* block);

  const Device& device_;
  std::string_view purpose_;  // for messages: "device", "staging"
  uint32_t memory_type_ = 0;
  uint64_t heap_size_ = 0;
  bool host_visible_ = false;
  bool coherent_ = false;
  uint64_t alignment_ = 256;
  uint64_t block_size_ = 0;
  std::vector<std::unique_ptr<MemoryBlock>> blocks_;
};

}  // namespace strata_vk
