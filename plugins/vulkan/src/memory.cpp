#include "memory.hpp"

#include <algorithm>

#include "error.hpp"
#include "vk_result.hpp"

namespace strata_vk {
namespace {

constexpr uint64_t kBlockSize = uint64_t{64} << 20;
constexpr VkBufferUsageFlags kUsage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT |
                                      VK_BUFFER_USAGE_TRANSFER_SRC_BIT |
                                      VK_BUFFER_USAGE_TRANSFER_DST_BIT;

VkBuffer create_buffer(const Device& device, uint64_t size) {
  auto info = make_struct<VkBufferCreateInfo>(VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO);
  info.size = size;
  info.usage = kUsage;
  info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
  VkBuffer buffer = VK_NULL_HANDLE;
  check(device.vk().vkCreateBuffer(device.handle(), &info, nullptr, &buffer), "vkCreateBuffer");
  return buffer;
}

// The memory types a storage buffer may live in.
uint32_t buffer_memory_types(const Device& device) {
  VkBuffer probe = create_buffer(device, 4096);
  VkMemoryRequirements requirements{};
  device.vk().vkGetBufferMemoryRequirements(device.handle(), probe, &requirements);
  device.vk().vkDestroyBuffer(device.handle(), probe, nullptr);
  return requirements.memoryTypeBits;
}

// The first allowed type with all of `required`, preferring one that also has `preferred`.
int find_type(const VkPhysicalDeviceMemoryProperties& memory, uint32_t allowed,
              VkMemoryPropertyFlags required, VkMemoryPropertyFlags preferred) {
  int fallback = -1;
  for (uint32_t i = 0; i < memory.memoryTypeCount; ++i) {
    const VkMemoryPropertyFlags flags = memory.memoryTypes[i].propertyFlags;
    if ((allowed & (1u << i)) == 0 || (flags & required) != required) continue;
    if ((flags & preferred) == preferred) return static_cast<int>(i);
    if (fallback < 0) fallback = static_cast<int>(i);
  }
  return fallback;
}

int choose_type(const VkPhysicalDeviceMemoryProperties& memory, uint32_t allowed, MemoryUse use) {
  constexpr VkMemoryPropertyFlags kHost =
      VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT;
  switch (use) {
    case MemoryUse::kDevice: {
      const int local = find_type(memory, allowed, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT, 0);
      return local >= 0 ? local : find_type(memory, allowed, 0, 0);
    }
    case MemoryUse::kUpload:
      return find_type(memory, allowed, kHost, 0);
    default:
      return find_type(memory, allowed, kHost, VK_MEMORY_PROPERTY_HOST_CACHED_BIT);
  }
}

uint64_t round_up(uint64_t value, uint64_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

}  // namespace

MemoryPool::MemoryPool(const Device& device, MemoryUse use)
    : device_(device), purpose_(use == MemoryUse::kDevice ? "device" : "staging") {
  const VkPhysicalDeviceMemoryProperties& memory = device.memory_properties();
  const int type = choose_type(memory, buffer_memory_types(device), use);
  if (type < 0) {
    unsupported("vulkan: {} has no memory type for {} buffers", device.physical().name(), purpose_);
  }
  memory_type_ = static_cast<uint32_t>(type);
  const VkMemoryPropertyFlags flags = memory.memoryTypes[type].propertyFlags;
  host_visible_ = (flags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT) != 0;
  coherent_ = (flags & VK_MEMORY_PROPERTY_HOST_COHERENT_BIT) != 0;
  heap_size_ = memory.memoryHeaps[memory.memoryTypes[type].heapIndex].size;
  const VkPhysicalDeviceLimits& limits = device.limits();
  alignment_ =
      std::max<uint64_t>({256, limits.minStorageBufferOffsetAlignment, limits.nonCoherentAtomSize});
  // Small heaps (a few hundred MiB) get smaller blocks, so one block never dominates.
  block_size_ = std::clamp<uint64_t>(heap_size_ / 8, uint64_t{1} << 20, kBlockSize);
}

MemoryPool::~MemoryPool() {
  for (auto& block : blocks_) destroy_block(block.get());
}

Allocation MemoryPool::allocate(uint64_t size) {
  if (size > heap_size_) too_large(size);  // before rounding up, which could wrap around
  const uint64_t rounded = round_up(std::max<uint64_t>(size, 1), alignment_);
  if (rounded > block_size_ / 2) {
    MemoryBlock* block = add_block(rounded, true);
    block->ranges.allocate(rounded, alignment_);
    return {block, 0, rounded};
  }
  for (auto& block : blocks_) {
    if (block->dedicated) continue;
    if (auto offset = block->ranges.allocate(rounded, alignment_)) {
      return {block.get(), *offset, rounded};
    }
  }
  MemoryBlock* block = add_block(block_size_, false);
  return {block, *block->ranges.allocate(rounded, alignment_), rounded};
}

void MemoryPool::release(const Allocation& allocation) {
  MemoryBlock* block = allocation.block;
  block->ranges.release(allocation.offset, allocation.size);
  if (!block->ranges.empty()) return;
  const bool keep_as_spare =
      !block->dedicated && std::none_of(blocks_.begin(), blocks_.end(), [&](const auto& b) {
        return b.get() != block && !b->dedicated && b->ranges.empty();
      });
  if (keep_as_spare) return;
  destroy_block(block);
  std::erase_if(blocks_, [&](const auto& b) { return b.get() == block; });
}

uint64_t MemoryPool::reserved_bytes() const {
  uint64_t total = 0;
  for (const auto& block : blocks_) total += block->size;
  return total;
}

void MemoryPool::too_large(uint64_t size) const {
  fail(STRATA_OUT_OF_MEMORY,
       "vulkan: cannot allocate {} bytes of {} memory on {}: the largest allocation it allows "
       "is {} bytes and its memory heap holds {} bytes",
       size, purpose_, device_.physical().name(), device_.physical().max_allocation, heap_size_);
}

MemoryBlock* MemoryPool::add_block(uint64_t size, bool dedicated) {
  const uint64_t max_allocation = device_.physical().max_allocation;
  if ((max_allocation != 0 && size > max_allocation) || size > heap_size_) too_large(size);
  // Some drivers (lavapipe among them) would let the heap be overcommitted; never exceed it.
  if (reserved_bytes() + size > heap_size_) {
    fail(STRATA_OUT_OF_MEMORY,
         "vulkan: out of {} memory on {}: {} more bytes would exceed the {}-byte heap, of which "
         "this instance holds {}; free buffers or use smaller batches",
         purpose_, device_.physical().name(), size, heap_size_, reserved_bytes());
  }
  auto block = std::make_unique<MemoryBlock>();
  block->size = size;
  block->dedicated = dedicated;
  block->ranges = RangeAllocator(size);
  const DeviceFunctions& vk = device_.vk();
  try {
    // The buffer first: its requirements, not `size`, say how much memory it must be bound to.
    block->buffer = create_buffer(device_, size);
    VkMemoryRequirements needs{};
    vk.vkGetBufferMemoryRequirements(device_.handle(), block->buffer, &needs);
    if ((needs.memoryTypeBits & (1u << memory_type_)) == 0) {
      fail(STRATA_INTERNAL, "vulkan: a {}-byte buffer on {} cannot use memory type {}", size,
           device_.physical().name(), memory_type_);
    }
    allocate_memory(*block, std::max(size, needs.size));
    check(vk.vkBindBufferMemory(device_.handle(), block->buffer, block->memory, 0),
          "vkBindBufferMemory");
    if (host_visible_) {
      void* mapped = nullptr;
      check(vk.vkMapMemory(device_.handle(), block->memory, 0, VK_WHOLE_SIZE, 0, &mapped),
            "vkMapMemory");
      block->mapped = static_cast<std::byte*>(mapped);
    }
  } catch (...) {
    destroy_block(block.get());
    throw;
  }
  blocks_.push_back(std::move(block));
  return blocks_.back().get();
}

void MemoryPool::allocate_memory(MemoryBlock& block, uint64_t bytes) {
  auto info = make_struct<VkMemoryAllocateInfo>(VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO);
  info.allocationSize = bytes;
  info.memoryTypeIndex = memory_type_;
  const VkResult result =
      device_.vk().vkAllocateMemory(device_.handle(), &info, nullptr, &block.memory);
  if (result == VK_ERROR_OUT_OF_DEVICE_MEMORY || result == VK_ERROR_OUT_OF_HOST_MEMORY) {
    fail(STRATA_OUT_OF_MEMORY,
         "vulkan: out of {} memory: cannot allocate {} more bytes on {} ({} bytes already held "
         "by this instance's {} pool, heap size {} bytes); free buffers or use smaller batches",
         purpose_, bytes, device_.physical().name(), reserved_bytes(), purpose_, heap_size_);
  }
  check(result, "vkAllocateMemory");
}

void MemoryPool::destroy_block(MemoryBlock* block) {
  const DeviceFunctions& vk = device_.vk();
  if (block->buffer != VK_NULL_HANDLE) vk.vkDestroyBuffer(device_.handle(), block->buffer, nullptr);
  if (block->memory != VK_NULL_HANDLE) vk.vkFreeMemory(device_.handle(), block->memory, nullptr);
}

}  // namespace strata_vk
