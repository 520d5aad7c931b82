#include "tensor_bytes.hpp"

#include <cassert>

#include "../../tensor/context_state.hpp"
#include "../../tensor/factories.hpp"
#include "../../tensor/tensor_impl.hpp"
#include "strata/autodiff.hpp"

namespace strata::io_detail {

std::vector<std::byte> tensor_bytes(const Tensor& tensor) {
  NoGradGuard no_grad;
  const Tensor source = tensor.contiguous();
  std::vector<std::byte> bytes(static_cast<std::size_t>(source.numel()) *
                               dtype_size(source.dtype()));
  if (!bytes.empty()) {
    const detail::TensorImpl& impl = *source.impl();
    impl.context().backend.read(impl.storage->buffer, impl.byte_offset, bytes);
  }
  return bytes;
}

Tensor tensor_from_bytes(std::span<const std::byte> bytes, const Shape& shape, DType dtype) {
  assert(bytes.size() == static_cast<std::size_t>(shape.numel()) * dtype_size(dtype));
  Tensor out = detail::allocate(detail::current_state(), shape, dtype);
  if (!bytes.empty()) {
    const detail::TensorImpl& impl = *out.impl();
    impl.context().backend.write(impl.storage->buffer, impl.byte_offset, bytes);
  }
  return out;
}

}  // namespace strata::io_detail
