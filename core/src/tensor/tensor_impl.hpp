// What a Tensor handle points at: a view (dtype, shape, strides, byte offset) of a Storage, plus
// its place in the autodiff graph.
#pragma once

#include <strata/backend.h>

#include <memory>

#include "strata/backend.hpp"
#include "strata/dtype.hpp"
#include "strata/shape.hpp"
#include "strata/tensor.hpp"

namespace strata::autodiff {
class Node;
}

namespace strata::detail {

struct ContextState;

// One backend buffer shared by every view of it; the context outlives its tensors.
struct Storage {
  Storage(std::shared_ptr<ContextState> owner, Buffer memory)
      : context(std::move(owner)), buffer(std::move(memory)) {}
  std::shared_ptr<ContextState> context;
  Buffer buffer;
};

struct TensorImpl {
  // Every field given: value-initialising the impl first (zeroing it) and then assigning the
  // fields shows up on small ops, whose descriptors are then read from the fresh stores.
  TensorImpl(std::shared_ptr<Storage> memory, const Shape& dims, const Strides& steps,
             uint64_t offset, DType type)
      : storage(std::move(memory)), shape(dims), strides(steps), byte_offset(offset), dtype(type) {}

  std::shared_ptr<Storage> storage;
  Shape shape;
  Strides strides;
  uint64_t byte_offset = 0;
  DType dtype = DType::float32;
  bool requires_grad = false;
  // The node that produced this tensor, or for a leaf that requires a gradient, its
  // accumulator node; null otherwise.
  std::shared_ptr<autodiff::Node> grad_node;

  ContextState& context() const noexcept { return *storage->context; }
};

// A fresh contiguous tensor with unspecified contents on `context`.
Tensor allocate(const std::shared_ptr<ContextState>& context, const Shape& shape, DType dtype);
// allocate() on the context of `like`.
Tensor allocate_like(const Tensor& like, const Shape& shape, DType dtype);
// A view of `base`'s storage with another layout; no autodiff link (callers record one).
Tensor make_view(const Tensor& base, const Shape& shape, const Strides& strides,
                 uint64_t byte_offset);

// The ABI descriptor of `t`.
strata_tensor descriptor(const TensorImpl& t) noexcept;
// The descriptor of `t` broadcast to `shape` (NumPy rules, already checked by the caller):
// missing leading axes and size-1 axes that stretch get stride 0.
strata_tensor broadcast_descriptor(const TensorImpl& t, const Shape& shape) noexcept;

// The impl of a defined tensor; ValueError "OP: ROLE is an undefined tensor" otherwise.
const TensorImpl& checked(const Tensor& t, const char* op, const char* role);

}  // namespace strata::detail
