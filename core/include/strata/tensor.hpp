// strata/tensor.hpp: an n-dimensional array on a backend.
//
// A Tensor is a cheap handle (copying it copies a pointer): a dtype, a shape, element strides
// and a byte offset into a buffer shared with every view of it. Reshaping a contiguous tensor,
// transposing, slicing, expanding and broadcasting make new descriptors of the same buffer,
// never copies; an op reads any strided layout directly. Values move to the host only when
// read (to_vector, item, to_string), which is also the only time the host waits for the
// backend.
//
// Tensors are immutable through this API: ops return new tensors. What changes in place is a
// Variable (strata/variable.hpp), which the optimiser updates.
//
// Autodiff: a tensor that requires a gradient (a trainable Variable's value, or one marked with
// set_requires_grad) makes every op that reads it record how to differentiate itself;
// strata::gradients (strata/autodiff.hpp) then walks the record backwards.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <iosfwd>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "strata/context.hpp"
#include "strata/dtype.hpp"
#include "strata/shape.hpp"

namespace strata {

namespace detail {
struct TensorImpl;
}

class Tensor {
 public:
  // An undefined tensor (defined() is false): the "no gradient" answer of strata::gradients and
  // a default for members; every op rejects it with ValueError.
  Tensor() noexcept = default;

  // ---- factories, on Context::current() -------------------------------------------------
  // `values` in row-major order; their count must be shape.numel() (ShapeError otherwise).
  // The tensor has the values' dtype unless `dtype` asks for another (converted on the
  // backend as by ops::cast).
  template <HostElement T>
  static Tensor from(std::span<const T> values, const Shape& shape,
                     std::optional<DType> dtype = std::nullopt) {
    return from_host(values.data(), values.size(), dtype_of_v<T>, shape, dtype);
  }
  template <HostElement T>
  static Tensor from(const std::vector<T>& values, const Shape& shape,
                     std::optional<DType> dtype = std::nullopt) {
    return from_host(values.data(), values.size(), dtype_of_v<T>, shape, dtype);
  }
  template <HostElement T>
  static Tensor from(std::initializer_list<T> values, const Shape& shape,
                     std::optional<DType> dtype = std::nullopt) {
    return from_host(values.begin(), values.size(), dtype_of_v<T>, shape, dtype);
  }
  // A rank-0 tensor.
  static Tensor scalar(double value, std::optional<DType> dtype = std::nullopt);
  // Without a dtype these use the current context's floatx.
  static Tensor zeros(const Shape& shape, std::optional<DType> dtype = std::nullopt);
  static Tensor ones(const Shape& shape, std::optional<DType> dtype = std::nullopt);
  static Tensor full(const Shape& shape, double value, std::optional<DType> dtype = std::nullopt);
  // Uninitialised contents (for outputs about to be overwritten).
  static Tensor empty(const Shape& shape, std::optional<DType> dtype = std::nullopt);
  // start, start + step, ... below stop (above it for a negative step), as NumPy's arange.
  // Without a dtype: int64 when all three are whole numbers, else floatx. Throws ValueError for
  // a step of 0.
  static Tensor arange(double start, double stop, double step = 1,
                       std::optional<DType> dtype = std::nullopt);
  static Tensor arange(double stop) { return arange(0, stop); }

  // ---- what it is ---------------------------------------------------------------------
  bool defined() const noexcept { return impl_ != nullptr; }
  DType dtype() const;
  const Shape& shape() const;
  int rank() const;
  int64_t numel() const;
  // Size of one axis; negative counts from the end.
  int64_t dim(int axis) const;
  // Element strides and the byte offset of element (0, ..., 0): the view's descriptor.
  const Strides& strides() const;
  uint64_t byte_offset() const;
  // Row-major and gap-free (sizes of 1 may have any stride).
  bool is_contiguous() const;
  Context context() const;
  // True when both are views of one buffer.
  bool shares_storage_with(const Tensor& other) const;

  // ---- reading (waits for the backend) ------------------------------------------------
  // The values in row-major order, converted to T on the backend first when the dtype differs
  // (as ops::cast converts).
  template <HostElement T>
  std::vector<T> to_vector() const {
    std::vector<T> out(static_cast<size_t>(numel()));
    read_host(out.data(), dtype_of_v<T>);
    return out;
  }
  // The only value of a one-element tensor (ValueError otherwise).
  template <HostElement T>
  T item() const {
    T value{};
    read_item(&value, dtype_of_v<T>);
    return value;
  }
  // As NumPy/Keras print an array, followed by shape and dtype; summarised with "..." beyond
  // 1000 elements:
  //   tensor([[1. 2.]
  //           [3. 4.]], shape=(2,2), dtype=float32)
  std::string to_string() const;

  // ---- views (no copy) and conversions --------------------------------------------------
  // One size may be -1 (inferred). A view when the tensor is contiguous, else a copy.
  Tensor reshape(std::span<const int64_t> dims) const;
  Tensor reshape(std::initializer_list<int64_t> dims) const {
    return reshape(std::span<const int64_t>(dims.begin(), dims.size()));
  }
  Tensor reshape(const Shape& shape) const { return reshape(shape.span()); }
  // `perm` lists the source axis of each result axis; empty reverses the axes.
  Tensor transpose(const Axes& perm = {}) const;
  Tensor expand_dims(int axis) const;
  // Removes the listed axes (each of size 1), or every size-1 axis when none are listed.
  Tensor squeeze(const Axes& axes = {}) const;
  Tensor broadcast_to(const Shape& shape) const;
  // This tensor if already contiguous, else a contiguous copy.
  Tensor contiguous() const;
  Tensor astype(DType dtype) const;
  // A copy on another context (through the host).
  Tensor to(const Context& context) const;

  // ---- autodiff --------------------------------------------------------------------------
  bool requires_grad() const;
  // Marks a leaf (a tensor no recorded op produced) as needing its gradient. Throws
  // ValueError on a tensor an op produced (use detach() first) or of an integer dtype.
  Tensor& set_requires_grad(bool required = true);
  // The same values and storage, cut off from the recorded graph.
  Tensor detach() const;
  // No recorded op produced it.
  bool is_leaf() const;

  // The implementation behind the handle; for the library's own use.
  explicit Tensor(std::shared_ptr<detail::TensorImpl> impl) noexcept : impl_(std::move(impl)) {}
  const std::shared_ptr<detail::TensorImpl>& impl() const noexcept { return impl_; }

 private:
  static Tensor from_host(const void* values, size_t count, DType host_dtype, const Shape& shape,
                          std::optional<DType> dtype);
  void read_host(void* out, DType host_dtype) const;
  void read_item(void* out, DType host_dtype) const;

  std::shared_ptr<detail::TensorImpl> impl_;
};

std::ostream& operator<<(std::ostream& os, const Tensor& tensor);

}  // namespace strata
