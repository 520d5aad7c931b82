#include "stream.hpp"

#include <fmt/ranges.h>

#include <algorithm>
#include <cstring>

#include "vk_result.hpp"

namespace strata_vk {
namespace {

// Dispatches per command buffer: enough to amortise a submit, few enough that the device
// starts on long op sequences while the host is still recording.
constexpr uint32_t kMaxDispatches = 256;
// Host writes staged per command buffer before it is submitted, so staging memory stays bounded
// when the host writes a lot without running ops.
constexpr uint64_t kMaxStagedBytes = uint64_t{64} << 20;

constexpr VkPipelineStageFlags kWorkStages =
    VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT;
constexpr VkAccessFlags kWriteAccess = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
constexpr VkAccessFlags kAnyAccess = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT |
                                     VK_ACCESS_TRANSFER_READ_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;

uint64_t round_up(uint64_t value, uint64_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

bool overlaps(VkBuffer buffer, uint64_t begin, uint64_t end, VkBuffer other_buffer,
              uint64_t other_begin, uint64_t other_end) {
  return buffer == other_buffer && begin < other_end && other_begin < end;
}

// Makes host writes visible to the device, or device writes to the host, for memory that is
// not host-coherent.
void sync_mapped(const Device& device, const Allocation& a, uint64_t offset, uint64_t size,
                 bool to_device) {
  const uint64_t atom = std::max<uint64_t>(device.limits().nonCoherentAtomSize, 1);
  auto range = make_struct<VkMappedMemoryRange>(VK_STRUCTURE_TYPE_MAPPED_MEMORY_RANGE);
  range.memory = a.block->memory;
  range.offset = (a.offset + offset) / atom * atom;
  range.size = std::min(round_up(a.offset + offset + size, atom), a.block->size) - range.offset;
  const DeviceFunctions& vk = device.vk();
  if (to_device) {
    check(vk.vkFlushMappedMemoryRanges(device.handle(), 1, &range), "vkFlushMappedMemoryRanges");
  } else {
    check(vk.vkInvalidateMappedMemoryRanges(device.handle(), 1, &range),
          "vkInvalidateMappedMemoryRanges");
  }
}

}  // namespace

Stream::Stream(Device& device, Pipelines& pipelines, MemoryPool& device_pool,
               MemoryPool& upload_pool, MemoryPool& readback_pool)
    : device_(device),
      pipelines_(pipelines),
      device_pool_(device_pool),
      upload_pool_(upload_pool),
      readback_pool_(readback_pool) {
  const DeviceFunctions& vk = device.vk();
  const VkDevice handle = device.handle();
  const uint64_t alignment = std::max<uint64_t>(device.limits().minStorageBufferOffsetAlignment, 4);
  params_stride_ = round_up(sizeof(ShaderParams), alignment);
  dummy_stride_ = round_up(16, alignment);  // the widest element (uvec2) twice over
  auto pool_info = make_struct<VkCommandPoolCreateInfo>(VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO);
  pool_info.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
  pool_info.queueFamilyIndex = static_cast<uint32_t>(device.physical().compute_family);
  check(vk.vkCreateCommandPool(handle, &pool_info, nullptr, &command_pool_), "vkCreateCommandPool");

  const VkDescriptorPoolSize sizes{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
                                   kMaxDispatches * kNumBindings};
  for (Batch& b : batches_) {
    auto alloc =
        make_struct<VkCommandBufferAllocateInfo>(VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO);
    alloc.commandPool = command_pool_;
    alloc.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    alloc.commandBufferCount = 1;
    check(vk.vkAllocateCommandBuffers(handle, &alloc, &b.commands), "vkAllocateCommandBuffers");
    auto fence = make_struct<VkFenceCreateInfo>(VK_STRUCTURE_TYPE_FENCE_CREATE_INFO);
    check(vk.vkCreateFence(handle, &fence, nullptr, &b.fence), "vkCreateFence");
    auto descriptors =
        make_struct<VkDescriptorPoolCreateInfo>(VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO);
    descriptors.maxSets = kMaxDispatches;
    descriptors.poolSizeCount = 1;
    descriptors.pPoolSizes = &sizes;
    check(vk.vkCreateDescriptorPool(handle, &descriptors, nullptr, &b.descriptors),
          "vkCreateDescriptorPool");
    b.params = upload_pool_.allocate(kMaxDispatches * params_stride_);
    b.dummies = device_pool_.allocate(kMaxDispatches * kNumBindings * dummy_stride_);
  }
  status_ = upload_pool_.allocate(4 * sizeof(uint32_t));
  std::memset(status_.host(), 0, 4 * sizeof(uint32_t));
}

Stream::~Stream() {
  try {
    wait_all();
  } catch (const Failure&) {
    // A lost device cannot finish the work; everything is torn down below regardless.
  }
  const DeviceFunctions& vk = device_.vk();
  const VkDevice handle = device_.handle();
  vk.vkDeviceWaitIdle(handle);
  for (Batch& b : batches_) {
    for (const Release& r : b.releases) r.pool->release(r.allocation);
    if (b.params) upload_pool_.release(b.params);
    if (b.dummies) device_pool_.release(b.dummies);
    vk.vkDestroyDescriptorPool(handle, b.descriptors, nullptr);
    vk.vkDestroyFence(handle, b.fence, nullptr);
  }
  upload_pool_.release(status_);
  vk.vkDestroyCommandPool(handle, command_pool_, nullptr);
}

Stream::Batch& Stream::recording_batch() {
  Batch& b = batches_[current_];
  if (!b.recording) {
    if (b.in_flight) wait(b);
    begin(b);
  }
  return b;
}

void Stream::begin(Batch& b) {
  const DeviceFunctions& vk = device_.vk();
  check(vk.vkResetDescriptorPool(device_.handle(), b.descriptors, 0), "vkResetDescriptorPool");
  auto info = make_struct<VkCommandBufferBeginInfo>(VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO);
  info.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
  check(vk.vkBeginCommandBuffer(b.commands, &info), "vkBeginCommandBuffer");
  // Everything submitted earlier happens before anything in this batch.
  auto memory = make_struct<VkMemoryBarrier>(VK_STRUCTURE_TYPE_MEMORY_BARRIER);
  memory.srcAccessMask = kWriteAccess;
  memory.dstAccessMask = kAnyAccess;
  vk.vkCmdPipelineBarrier(b.commands, kWorkStages, kWorkStages, 0, 1, &memory, 0, nullptr, 0,
                          nullptr);
  b.recording = true;
  b.dispatches = 0;
  b.staged_bytes = 0;
  pending_reads_.clear();
  pending_writes_.clear();
}

void Stream::flush() {
  Batch& b = batches_[current_];
  if (!b.recording) return;
  const DeviceFunctions& vk = device_.vk();
  auto to_host = make_struct<VkMemoryBarrier>(VK_STRUCTURE_TYPE_MEMORY_BARRIER);
  to_host.srcAccessMask = kWriteAccess;
  to_host.dstAccessMask = VK_ACCESS_HOST_READ_BIT;
  vk.vkCmdPipelineBarrier(b.commands, kWorkStages, VK_PIPELINE_STAGE_HOST_BIT, 0, 1, &to_host, 0,
                          nullptr, 0, nullptr);
  check(vk.vkEndCommandBuffer(b.commands), "vkEndCommandBuffer");
  b.recording = false;
  auto submit = make_struct<VkSubmitInfo>(VK_STRUCTURE_TYPE_SUBMIT_INFO);
  submit.commandBufferCount = 1;
  submit.pCommandBuffers = &b.commands;
  check(vk.vkQueueSubmit(device_.queue(), 1, &submit, b.fence), "vkQueueSubmit");
  b.in_flight = true;
  current_ = (current_ + 1) % batches_.size();
}

void Stream::wait(Batch& b) {
  check(device_.vk().vkWaitForFences(device_.handle(), 1, &b.fence, VK_TRUE, UINT64_MAX),
        "vkWaitForFences");
  retire(b);
}

void Stream::retire(Batch& b) {
  check_status(b);
  for (const Release& r : b.releases) r.pool->release(r.allocation);
  b.releases.clear();
  b.checks.clear();
  check(device_.vk().vkResetFences(device_.handle(), 1, &b.fence), "vkResetFences");
  b.in_flight = false;
}

// Batches complete in submission order, which starts at current_ (when it is in flight).
void Stream::poll() {
  for (size_t i = 0; i < batches_.size(); ++i) {
    Batch& b = batches_[(current_ + i) % batches_.size()];
    if (!b.in_flight) continue;
    const VkResult result = device_.vk().vkGetFenceStatus(device_.handle(), b.fence);
    if (result == VK_NOT_READY) return;
    check(result, "vkGetFenceStatus");
    retire(b);
  }
}

bool Stream::idle() {
  poll();
  return std::none_of(batches_.begin(), batches_.end(),
                      [](const Batch& b) { return b.recording || b.in_flight; });
}

void Stream::wait_all() {
  flush();
  for (size_t i = 0; i < batches_.size(); ++i) {
    Batch& b = batches_[(current_ + i) % batches_.size()];
    if (b.in_flight) wait(b);
  }
}

void Stream::synchronize() {
  wait_all();
  if (auto message = device_.validation_log().take_first()) {
    fail(STRATA_INTERNAL, "vulkan: the validation layer reported: {}", *message);
  }
  // Idle now, so no shader can race with clearing the status word.
  auto* status = reinterpret_cast<uint32_t*>(status_.host());
  if (status[0] != 0) std::memset(status, 0, 4 * sizeof(uint32_t));
  if (pending_error_) {
    Failure error = std::move(*pending_error_);
    pending_error_.reset();
    throw error;
  }
}

void Stream::order(const std::vector<Range>& reads, const std::vector<Range>& writes) {
  auto conflicts = [](const Range& r, const std::vector<Range>& pending) {
    return std::any_of(pending.begin(), pending.end(), [&](const Range& p) {
      return overlaps(r.buffer, r.begin, r.end, p.buffer, p.begin, p.end);
    });
  };
  bool hazard = false;
  for (const Range& r : reads) hazard = hazard || conflicts(r, pending_writes_);
  for (const Range& w : writes) {
    hazard = hazard || conflicts(w, pending_writes_) || conflicts(w, pending_reads_);
  }
  if (hazard) barrier(batches_[current_]);
  pending_reads_.insert(pending_reads_.end(), reads.begin(), reads.end());
  pending_writes_.insert(pending_writes_.end(), writes.begin(), writes.end());
}

void Stream::barrier(Batch& b) {
  std::vector<VkBufferMemoryBarrier> barriers;
  for (const Range& w : pending_writes_) {
    auto m = make_struct<VkBufferMemoryBarrier>(VK_STRUCTURE_TYPE_BUFFER_MEMORY_BARRIER);
    m.srcAccessMask = kWriteAccess;
    m.dstAccessMask = kAnyAccess;
    m.srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    m.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    m.buffer = w.buffer;
    m.offset = w.begin;
    m.size = w.end - w.begin;
    barriers.push_back(m);
  }
  // Without pending writes this is an execution barrier only (write-after-read).
  device_.vk().vkCmdPipelineBarrier(b.commands, kWorkStages, kWorkStages, 0, 0, nullptr,
                                    static_cast<uint32_t>(barriers.size()), barriers.data(), 0,
                                    nullptr);
  pending_reads_.clear();
  pending_writes_.clear();
}

void Stream::dispatch(Dispatch& d, const IndexCheck* check_info) {
  Batch* b = &recording_batch();
  if (b->dispatches == kMaxDispatches) {
    flush();
    b = &recording_batch();
  }
  std::vector<Range> reads, writes;
  for (uint32_t k = 1; k < kNumBindings; ++k) {
    const BoundBuffer& u = d.buffers[k];
    if (u.buffer == VK_NULL_HANDLE || k == kStatusBinding) continue;
    (u.written ? writes : reads).push_back({u.buffer, u.offset, u.offset + u.range});
  }
  order(reads, writes);
  if (check_info != nullptr) {
    const uint32_t id = next_check_id_++;
    if (next_check_id_ == 0) next_check_id_ = 1;
    d.params.ip[15] = static_cast<int32_t>(id);
    b->checks.emplace_back(id, *check_info);
  }
  const uint32_t slot = b->dispatches++;
  const uint64_t params_offset = b->params.offset + slot * params_stride_;
  std::memcpy(b->params.host() + slot * params_stride_, &d.params, sizeof(ShaderParams));

  const DeviceFunctions& vk = device_.vk();
  const VkDescriptorSetLayout layout = pipelines_.set_layout();
  auto alloc =
      make_struct<VkDescriptorSetAllocateInfo>(VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO);
  alloc.descriptorPool = b->descriptors;
  alloc.descriptorSetCount = 1;
  alloc.pSetLayouts = &layout;
  VkDescriptorSet set = VK_NULL_HANDLE;
  check(vk.vkAllocateDescriptorSets(device_.handle(), &alloc, &set), "vkAllocateDescriptorSets");
  std::array<VkDescriptorBufferInfo, kNumBindings> infos{};
  infos[0] = {b->params.buffer(), params_offset, sizeof(ShaderParams)};
  for (uint32_t k = 1; k < kNumBindings; ++k) {
    const BoundBuffer& u = d.buffers[k];
    if (k == kStatusBinding) {
      infos[k] = {status_.buffer(), status_.offset, 4 * sizeof(uint32_t)};
    } else if (u.buffer != VK_NULL_HANDLE) {
      infos[k] = {u.buffer, u.offset, u.range};
    } else {
      const uint64_t dummy = (uint64_t{slot} * kNumBindings + k) * dummy_stride_;
      infos[k] = {b->dummies.buffer(), b->dummies.offset + dummy, dummy_stride_};
    }
  }
  auto write = make_struct<VkWriteDescriptorSet>(VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET);
  write.dstSet = set;
  write.dstBinding = 0;
  write.descriptorCount = kNumBindings;
  write.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
  write.pBufferInfo = infos.data();
  vk.vkUpdateDescriptorSets(device_.handle(), 1, &write, 0, nullptr);
  vk.vkCmdBindPipeline(b->commands, VK_PIPELINE_BIND_POINT_COMPUTE, d.pipeline);
  vk.vkCmdBindDescriptorSets(b->commands, VK_PIPELINE_BIND_POINT_COMPUTE, pipelines_.layout(), 0, 1,
                             &set, 0, nullptr);
  vk.vkCmdDispatch(b->commands, d.groups[0], d.groups[1], d.groups[2]);
}

void Stream::copy(VkBuffer src, uint64_t src_offset, VkBuffer dst, uint64_t dst_offset,
                  uint64_t size) {
  if (size == 0) return;
  if (overlaps(src, src_offset, src_offset + size, dst, dst_offset, dst_offset + size)) {
    // vkCmdCopyBuffer forbids overlapping regions: go through scratch memory.
    const Allocation scratch = device_pool_.allocate(size);
    copy(src, src_offset, scratch.buffer(), scratch.offset, size);
    copy(scratch.buffer(), scratch.offset, dst, dst_offset, size);
    release(scratch, device_pool_);
    return;
  }
  Batch& b = recording_batch();
  order({{src, src_offset, src_offset + size}}, {{dst, dst_offset, dst_offset + size}});
  const VkBufferCopy region{src_offset, dst_offset, size};
  device_.vk().vkCmdCopyBuffer(b.commands, src, dst, 1, &region);
}

void Stream::fill(VkBuffer dst, uint64_t offset, uint64_t size, uint32_t word) {
  if (size == 0) return;
  Batch& b = recording_batch();
  order({}, {{dst, offset, offset + size}});
  device_.vk().vkCmdFillBuffer(b.commands, dst, offset, size, word);
}

void Stream::write(const Allocation& dst, uint64_t offset, const void* data, uint64_t size) {
  if (size == 0) return;
  if (dst.host() != nullptr && idle()) {
    std::memcpy(dst.host() + offset, data, size);
    if (!device_pool_.coherent()) sync_mapped(device_, dst, offset, size, true);
    return;
  }
  const Allocation staging = upload_pool_.allocate(size);
  std::memcpy(staging.host(), data, size);
  copy(staging.buffer(), staging.offset, dst.buffer(), dst.offset + offset, size);
  release(staging, upload_pool_);
  Batch& b = batches_[current_];
  b.staged_bytes += size;
  if (b.staged_bytes > kMaxStagedBytes) flush();
}

void Stream::read(const Allocation& src, uint64_t offset, void* data, uint64_t size) {
  synchronize();
  if (size == 0) return;
  if (src.host() != nullptr) {
    if (!device_pool_.coherent()) sync_mapped(device_, src, offset, size, false);
    std::memcpy(data, src.host() + offset, size);
    return;
  }
  const Allocation staging = readback_pool_.allocate(size);
  copy(src.buffer(), src.offset + offset, staging.buffer(), staging.offset, size);
  wait_all();
  std::memcpy(data, staging.host(), size);
  readback_pool_.release(staging);
}

void Stream::release(const Allocation& allocation, MemoryPool& pool) {
  Batch& current = batches_[current_];
  if (current.recording) {
    current.releases.push_back({allocation, &pool});
    return;
  }
  for (size_t i = batches_.size(); i-- > 0;) {  // newest first
    Batch& b = batches_[(current_ + i) % batches_.size()];
    if (b.in_flight) {
      b.releases.push_back({allocation, &pool});
      return;
    }
  }
  pool.release(allocation);
}

void Stream::check_status(Batch& b) {
  if (b.checks.empty()) return;
  uint32_t status[4];
  std::memcpy(status, status_.host(), sizeof status);
  if (status[0] == 0 || pending_error_) return;
  for (const auto& [id, check_info] : b.checks) {
    if (id != status[0]) continue;
    const int64_t value = static_cast<int64_t>((uint64_t{status[2]} << 32) | status[1]);
    std::vector<int64_t> position(check_info.shape.size());
    uint64_t linear = status[3];
    for (size_t k = position.size(); k-- > 0;) {
      position[k] = static_cast<int64_t>(linear % static_cast<uint64_t>(check_info.shape[k]));
      linear /= static_cast<uint64_t>(check_info.shape[k]);
    }
    pending_error_.emplace(
        STRATA_INVALID_ARGUMENT,
        fmt::format("{}: index {} at position [{}] of indices {} is outside [0, {}) (found "
                    "while running; reported at the next synchronize)",
                    check_info.op, value, fmt::join(position, ","), check_info.indices,
                    check_info.rows));
  }
}

}  // namespace strata_vk
