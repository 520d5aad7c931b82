// Buffer: plugin memory freed through the instance that allocated it, exactly once.
#include <utility>

#include "backend_instance.hpp"
#include "strata/backend.hpp"

namespace strata {

Buffer::Buffer(std::shared_ptr<const detail::Instance> owner, strata_buffer* handle, uint64_t size)
    : owner_(std::move(owner)), handle_(handle), size_(size) {
  if (handle_ != nullptr) owner_->buffers.add(handle_, size_);
}

Buffer::Buffer(Buffer&& other) noexcept
    : owner_(std::move(other.owner_)),
      handle_(std::exchange(other.handle_, nullptr)),
      size_(std::exchange(other.size_, 0)) {}

Buffer& Buffer::operator=(Buffer&& other) noexcept {
  if (this != &other) {
    reset();
    owner_ = std::move(other.owner_);
    handle_ = std::exchange(other.handle_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

Buffer::~Buffer() {
  reset();
}

void Buffer::reset() noexcept {
  if (handle_ != nullptr) {
    owner_->buffers.remove(handle_);
    owner_->plugin.api().buffer_free(owner_->handle, handle_);
  }
  handle_ = nullptr;
  size_ = 0;
  owner_.reset();
}

}  // namespace strata
