// The buffers of one instance: every live buffer (freed with the instance, as the ABI says) and
// a few spare small blocks. Small tensors (scalars, biases, losses) come and go with every op,
// and an aligned allocation plus its release costs more than such an op's work.
#pragma once

#include <array>
#include <cstdint>

#include "buffer.hpp"

namespace strata_avx {

class BufferPool {
 public:
  BufferPool() = default;
  ~BufferPool();
  BufferPool(const BufferPool&) = delete;
  BufferPool& operator=(const BufferPool&) = delete;

  // A buffer of `size` bytes aligned to kAlign (size 0 still gets a distinct block), or
  // nullptr when memory runs out.
  strata_buffer* allocate(uint64_t size) noexcept;
  // Takes back a buffer this pool handed out.
  void release(strata_buffer* buffer) noexcept;

  static constexpr uint64_t kAlign = 64;

 private:
  // Spare blocks are kept per capacity of 1..kSmallLines cache lines, at most kMaxSpare each.
  static constexpr uint64_t kSmallLines = 4;
  static constexpr int kMaxSpare = 64;
  struct Spares {
    strata_buffer* head = nullptr;
    int count = 0;
  };

  void link(strata_buffer* buffer) noexcept;
  void unlink(strata_buffer* buffer) noexcept;

  strata_buffer* live_ = nullptr;
  std::array<Spares, kSmallLines> spares_{};
};

}  // namespace strata_avx
