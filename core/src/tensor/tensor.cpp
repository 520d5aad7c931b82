// Tensor: accessors, reading values back to the host, and the autodiff flags.
#include "strata/tensor.hpp"

#include <fmt/format.h>

#include <ostream>

#include "../autodiff/node.hpp"
#include "context_state.hpp"
#include "layout.hpp"
#include "strata/autodiff.hpp"
#include "strata/ops.hpp"
#include "tensor_impl.hpp"

namespace strata {
namespace {

const detail::TensorImpl& impl_of(const Tensor& t) {
  return detail::checked(t, "Tensor", "this tensor");
}

// `t` as a contiguous tensor of `dtype`, converted and copied on the backend as needed.
Tensor readable(const Tensor& t, DType dtype) {
  NoGradGuard no_grad;
  Tensor out = t.dtype() == dtype ? t : ops::cast(t, dtype);
  return out.contiguous();
}

void read_bytes(const Tensor& t, void* out) {
  const detail::TensorImpl& impl = *t.impl();
  const size_t bytes = static_cast<size_t>(t.numel()) * dtype_size(t.dtype());
  if (bytes == 0) return;
  impl.context().backend.read(impl.storage->buffer, impl.byte_offset,
                              std::span(static_cast<std::byte*>(out), bytes));
}

}  // namespace

DType Tensor::dtype() const {
  return impl_of(*this).dtype;
}

const Shape& Tensor::shape() const {
  return impl_of(*this).shape;
}

int Tensor::rank() const {
  return shape().rank();
}

int64_t Tensor::numel() const {
  return shape().numel();
}

int64_t Tensor::dim(int axis) const {
  return shape().dim(axis);
}

const Strides& Tensor::strides() const {
  return impl_of(*this).strides;
}

uint64_t Tensor::byte_offset() const {
  return impl_of(*this).byte_offset;
}

bool Tensor::is_contiguous() const {
  return detail::is_contiguous(shape(), strides());
}

Context Tensor::context() const {
  return Context(impl_of(*this).storage->context);
}

bool Tensor::shares_storage_with(const Tensor& other) const {
  return defined() && other.defined() && impl_->storage == other.impl_->storage;
}

void Tensor::read_host(void* out, DType host_dtype) const {
  impl_of(*this);
  read_bytes(readable(*this, host_dtype), out);
}

void Tensor::read_item(void* out, DType host_dtype) const {
  if (numel() != 1) {
    throw ValueError(
        fmt::format("item: the tensor has shape {} ({} elements); item() needs "
                    "exactly one",
                    shape().to_string(), numel()));
  }
  read_host(out, host_dtype);
}

Tensor Tensor::reshape(std::span<const int64_t> dims) const {
  return ops::reshape(*this, dims);
}

Tensor Tensor::transpose(const Axes& perm) const {
  return ops::transpose(*this, perm);
}

Tensor Tensor::expand_dims(int axis) const {
  return ops::expand_dims(*this, axis);
}

Tensor Tensor::squeeze(const Axes& axes) const {
  return ops::squeeze(*this, axes);
}

Tensor Tensor::broadcast_to(const Shape& shape) const {
  return ops::broadcast_to(*this, shape);
}

Tensor Tensor::contiguous() const {
  return is_contiguous() ? *this : ops::copy(*this);
}

Tensor Tensor::astype(DType dtype) const {
  return ops::cast(*this, dtype);
}

Tensor Tensor::to(const Context& context) const {
  const Tensor source = readable(*this, dtype());
  std::vector<std::byte> host(static_cast<size_t>(numel()) * dtype_size(dtype()));
  read_bytes(source, host.data());
  Tensor out = detail::allocate(context.shared_state(), shape(), dtype());
  if (!host.empty()) context.backend().write(out.impl()->storage->buffer, 0, host);
  return out;
}

bool Tensor::requires_grad() const {
  return impl_of(*this).requires_grad;
}

Tensor& Tensor::set_requires_grad(bool required) {
  impl_of(*this);
  detail::TensorImpl& impl = *impl_;
  if (!is_leaf()) {
    throw ValueError(
        fmt::format("set_requires_grad: this tensor was produced by {}; only leaves "
                    "can be marked (take x.detach() first)",
                    impl.grad_node->name()));
  }
  if (required && !is_floating(impl.dtype)) {
    throw ValueError(
        fmt::format("set_requires_grad: {} tensors have no gradient; only float "
                    "tensors can require one",
                    dtype_name(impl.dtype)));
  }
  // An existing leaf node stays: graphs already recorded from this tensor must still reach it.
  if (required && impl.grad_node == nullptr)
    impl.grad_node = std::make_shared<autodiff::LeafNode>();
  if (!required) impl.grad_node = nullptr;
  impl.requires_grad = required;
  return *this;
}

Tensor Tensor::detach() const {
  const detail::TensorImpl& impl = impl_of(*this);
  return detail::make_view(*this, impl.shape, impl.strides, impl.byte_offset);
}

bool Tensor::is_leaf() const {
  const detail::TensorImpl& impl = impl_of(*this);
  return impl.grad_node == nullptr || dynamic_cast<autodiff::LeafNode*>(impl.grad_node.get());
}

std::ostream& operator<<(std::ostream& os, const Tensor& tensor) {
  return os << tensor.to_string();
}

}  // namespace strata
