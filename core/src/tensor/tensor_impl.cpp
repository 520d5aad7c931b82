#include "tensor_impl.hpp"

#include <fmt/format.h>

#include "context_state.hpp"
#include "strata/op_error.hpp"

namespace strata::detail {

Tensor allocate(const std::shared_ptr<ContextState>& context, const Shape& shape, DType dtype) {
  const uint64_t bytes = static_cast<uint64_t>(shape.numel()) * dtype_size(dtype);
  return Tensor(std::make_shared<TensorImpl>(
      std::make_shared<Storage>(context, context->backend.alloc(bytes)), shape,
      contiguous_strides(shape), uint64_t{0}, dtype));
}

Tensor allocate_like(const Tensor& like, const Shape& shape, DType dtype) {
  return allocate(like.impl()->storage->context, shape, dtype);
}

Tensor make_view(const Tensor& base, const Shape& shape, const Strides& strides,
                 uint64_t byte_offset) {
  return Tensor(std::make_shared<TensorImpl>(base.impl()->storage, shape, strides, byte_offset,
                                             base.impl()->dtype));
}

strata_tensor descriptor(const TensorImpl& t) noexcept {
  strata_tensor d;
  d.struct_size = sizeof d;
  d.dtype = to_abi(t.dtype);
  d.rank = t.shape.rank();
  for (int k = 0; k < kMaxRank; ++k) {
    d.shape[k] = t.shape.data()[k];
    d.strides[k] = t.strides.data()[k];
  }
  d.buffer = t.storage->buffer.handle();
  d.byte_offset = t.byte_offset;
  return d;
}

strata_tensor broadcast_descriptor(const TensorImpl& t, const Shape& shape) noexcept {
  strata_tensor d = descriptor(t);
  const int lead = shape.rank() - t.shape.rank();
  d.rank = shape.rank();
  for (int k = 0; k < shape.rank(); ++k) {
    const int source = k - lead;
    const bool stretched = source < 0 || (t.shape[source] == 1 && shape[k] != 1);
    d.shape[k] = shape[k];
    d.strides[k] = stretched ? 0 : t.strides[source];
  }
  return d;
}

const TensorImpl& checked(const Tensor& t, const char* op, const char* role) {
  if (!t.defined()) throw ValueError(fmt::format("{}: {} is an undefined tensor", op, role));
  return *t.impl();
}

}  // namespace strata::detail
