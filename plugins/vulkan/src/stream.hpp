// The instance's queue of work. Ops are recorded into a command buffer ("batch") and submitted
// when it fills up or when the host waits (synchronize, buffer_read), so many small ops share
// one submit. Three batches rotate: while the device runs one, the host records the next.
//
// Ordering: each batch opens with a barrier against everything submitted before it; inside a
// batch, a command that reads what an earlier one wrote (or writes what it read or wrote) gets
// buffer memory barriers first, so execution is as if each op finished before the next began.
// Each batch ends with a barrier that makes device writes visible to the host.
//
// Errors found while running (a gather index out of range) are written by the shader to a
// status word and reported by the next synchronize or read, as the ABI asks.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "device.hpp"
#include "error.hpp"
#include "memory.hpp"
#include "pipelines.hpp"
#include "shader_params.hpp"

namespace strata_vk {

// A buffer range a dispatch binds. An empty `buffer` leaves the binding to a dummy range of its
// own (see Batch::dummies).
struct BoundBuffer {
  VkBuffer buffer = VK_NULL_HANDLE;
  uint64_t offset = 0;
  uint64_t range = 0;
  bool written = false;
};

struct Dispatch {
  VkPipeline pipeline = VK_NULL_HANDLE;
  ShaderParams params;
  std::array<BoundBuffer, kNumBindings> buffers;  // [0] and [kStatusBinding] are the stream's
  uint32_t groups[3] = {1, 1, 1};
};

// What a shader that checks indices (index.glsl) needs to have its failure explained.
struct IndexCheck {
  std::string op;              // "gather"
  std::string indices;         // "i32[5]"
  std::vector<int64_t> shape;  // of the indices, to turn a position into an index tuple
  int64_t rows = 0;            // valid indices are [0, rows)
};

class Stream {
 public:
  Stream(Device& device, Pipelines& pipelines, MemoryPool& device_pool, MemoryPool& upload_pool,
         MemoryPool& readback_pool);
  ~Stream();
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;

  // Records a dispatch. With `check`, the dispatch's status id goes to params.ip[15].
  void dispatch(Dispatch& dispatch, const IndexCheck* check = nullptr);
  // Records a copy between buffer ranges; overlapping ranges go through scratch memory.
  void copy(VkBuffer src, uint64_t src_offset, VkBuffer dst, uint64_t dst_offset, uint64_t size);
  // Records filling [offset, offset + size) with a 32-bit word (both multiples of 4).
  void fill(VkBuffer dst, uint64_t offset, uint64_t size, uint32_t word);
  // Host bytes into a buffer, ordered after everything enqueued: written directly when the
  // device is idle and the memory host-visible, else staged and recorded.
  void write(const Allocation& dst, uint64_t offset, const void* data, uint64_t size);
  // Waits for everything, then copies bytes out. Throws the first asynchronous error.
  void read(const Allocation& src, uint64_t offset, void* data, uint64_t size);
  // Returns `allocation` to `pool` once the work enqueued so far has finished (at once when
  // there is none).
  void release(const Allocation& allocation, MemoryPool& pool);
  // Submits and waits for everything; throws the first error raised while running.
  void synchronize();

 private:
  struct Release {
    Allocation allocation;
    MemoryPool* pool;
  };
  struct Batch {
    VkCommandBuffer commands = VK_NULL_HANDLE;
    VkFence fence = VK_NULL_HANDLE;
    VkDescriptorPool descriptors = VK_NULL_HANDLE;
    Allocation params;  // one ShaderParams slot per dispatch, host-visible
    // One small range per dispatch and binding, for bindings the op leaves unused. A shader
    // may name a binding in code its sub-code never runs; were unused bindings to share one
    // range, such a dead write and a later dead read would be a hazard to the validation
    // layer (and to a compiler that hoists loads). Separate ranges never overlap, so they need
    // no barriers.
    Allocation dummies;
    uint32_t dispatches = 0;
    uint64_t staged_bytes = 0;  // host writes waiting in staging memory
    bool recording = false;
    bool in_flight = false;
    std::vector<Release> releases;
    std::vector<std::pair<uint32_t, IndexCheck>> checks;  // by status id
  };
  struct Range {
    VkBuffer buffer;
    uint64_t begin, end;
  };

  Batch& recording_batch();
  void begin(Batch& batch);
  void flush();
  void wait(Batch& batch);
  void retire(Batch& batch);
  void poll();
  bool idle();
  void wait_all();
  // Adds barriers so that accessing `reads` and `writes` is ordered after earlier commands.
  void order(const std::vector<Range>& reads, const std::vector<Range>& writes);
  void barrier(Batch& batch);
  void check_status(Batch& batch);

  Device& device_;
  Pipelines& pipelines_;
  MemoryPool& device_pool_;
  MemoryPool& upload_pool_;
  MemoryPool& readback_pool_;
  VkCommandPool command_pool_ = VK_NULL_HANDLE;
  std::array<Batch, 3> batches_;
  size_t current_ = 0;  // the batch being recorded; the one after it is the oldest in flight
  uint64_t params_stride_ = 0;
  uint64_t dummy_stride_ = 0;
  Allocation status_;  // the status word of index.glsl, host-visible
  uint32_t next_check_id_ = 1;
  std::vector<Range> pending_reads_, pending_writes_;  // since the last barrier
  std::optional<Failure> pending_error_;
};

}  // namespace strata_vk
