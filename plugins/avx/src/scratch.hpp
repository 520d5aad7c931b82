// Per-worker scratch memory, kept between ops: GEMM packing buffers are megabytes, and
// allocating them per call would page-fault them in again every time.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <memory>

namespace strata_avx {

// What a scratch block is for; each is one independent buffer per worker.
enum class ScratchSlot { kPackA, kPackB, kColumns, kRow, kCount };

class Scratch {
 public:
  // A 64-byte aligned block of at least `count` T's for `slot`; contents unspecified. Valid
  // until the next call for the same slot. Throws std::bad_alloc.
  template <typename T>
  T* get(ScratchSlot slot, size_t count) {
    return static_cast<T*>(bytes(slot, count * sizeof(T)));
  }

 private:
  struct Free {
    void operator()(void* p) const { std::free(p); }
  };
  struct Block {
    std::unique_ptr<void, Free> memory;
    size_t size = 0;
  };

  void* bytes(ScratchSlot slot, size_t size);

  Block blocks_[static_cast<size_t>(ScratchSlot::kCount)];
};

}  // namespace strata_avx
