#include "buffer_pool.hpp"

#include <algorithm>
#include <cstdlib>
#include <new>
#include <utility>

namespace strata_avx {
namespace {

void destroy(strata_buffer* buffer) noexcept {
  std::free(buffer->bytes);
  delete buffer;
}

}  // namespace

BufferPool::~BufferPool() {
  while (live_ != nullptr) destroy(std::exchange(live_, live_->next));
  for (Spares& spares : spares_) {
    while (spares.head != nullptr) destroy(std::exchange(spares.head, spares.head->next));
  }
}

strata_buffer* BufferPool::allocate(uint64_t size) noexcept {
  if (size > UINT64_MAX - kAlign) return nullptr;  // no such block, and its capacity overflows
  const uint64_t lines = (std::max<uint64_t>(size, 1) + kAlign - 1) / kAlign;
  strata_buffer* buffer = nullptr;
  if (lines <= kSmallLines && spares_[lines - 1].head != nullptr) {
    Spares& spares = spares_[lines - 1];
    buffer = std::exchange(spares.head, spares.head->next);
    --spares.count;
  } else {
    buffer = new (std::nothrow) strata_buffer;
    if (buffer == nullptr) return nullptr;
    buffer->capacity = lines * kAlign;
    buffer->bytes = static_cast<std::byte*>(std::aligned_alloc(kAlign, buffer->capacity));
    if (buffer->bytes == nullptr) {
      delete buffer;
      return nullptr;
    }
  }
  buffer->size = size;
  link(buffer);
  return buffer;
}

void BufferPool::release(strata_buffer* buffer) noexcept {
  unlink(buffer);
  const uint64_t lines = buffer->capacity / kAlign;
  if (lines <= kSmallLines && spares_[lines - 1].count < kMaxSpare) {
    Spares& spares = spares_[lines - 1];
    buffer->next = std::exchange(spares.head, buffer);
    ++spares.count;
    return;
  }
  destroy(buffer);
}

void BufferPool::link(strata_buffer* buffer) noexcept {
  buffer->prev = nullptr;
  buffer->next = live_;
  if (live_ != nullptr) live_->prev = buffer;
  live_ = buffer;
}

void BufferPool::unlink(strata_buffer* buffer) noexcept {
  if (buffer->prev != nullptr) {
    buffer->prev->next = buffer->next;
  } else {
    live_ = buffer->next;
  }
  if (buffer->next != nullptr) buffer->next->prev = buffer->prev;
  buffer->prev = buffer->next = nullptr;
}

}  // namespace strata_avx
