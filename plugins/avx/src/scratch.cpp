#include "scratch.hpp"

#include <new>

namespace strata_avx {

void* Scratch::bytes(ScratchSlot slot, size_t size) {
  constexpr size_t kAlign = 64;
  Block& block = blocks_[static_cast<size_t>(slot)];
  if (block.size < size) {
    // Grow by half again so a slowly rising size does not reallocate every call.
    const size_t grown = ((size + size / 2) + kAlign - 1) / kAlign * kAlign;
    block.memory.reset();
    block.size = 0;
    void* p = std::aligned_alloc(kAlign, grown);
    if (p == nullptr) throw std::bad_alloc();
    block.memory.reset(p);
    block.size = grown;
  }
  return block.memory.get();
}

}  // namespace strata_avx
