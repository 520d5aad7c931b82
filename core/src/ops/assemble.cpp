// Ops that build a new tensor from pieces by strided copies: copy, concatenate, stack, pad, and
// the *_like constants.
#include <fmt/format.h>

#include <vector>

#include "../autodiff/record.hpp"
#include "../tensor/factories.hpp"
#include "kernels.hpp"
#include "op_support.hpp"
#include "region.hpp"

namespace strata::ops {

using namespace ops_detail;

namespace {

// The shape of the concatenation; ShapeError naming the first piece that does not fit.
Shape joined_shape(std::span<const Tensor> tensors, int axis) {
  const Shape& first = tensors[0].shape();
  Shape shape = first;
  shape[axis] = 0;
  for (size_t i = 0; i < tensors.size(); ++i) {
    const Shape& s = tensors[i].shape();
    bool fits = s.rank() == first.rank();
    for (int k = 0; fits && k < s.rank(); ++k) fits = k == axis || s[k] == first[k];
    if (!fits) {
      throw ShapeError(
          fmt::format("concatenate: tensor {} has shape {}, tensor 0 has {}: they "
                      "must match except along axis {}",
                      i, s.to_string(), first.to_string(), axis));
    }
    require_same_dtype("concatenate", tensors[0], tensors[i]);
    shape[axis] += s[axis];
  }
  return shape;
}

}  // namespace

Tensor copy(const Tensor& x) {
  common_context("copy", {&x});
  Tensor out = detail::allocate_like(x, x.shape(), x.dtype());
  kernels::copy_into(x, out);
  autodiff::record_reshape(out, x);
  return out;
}

Tensor concatenate(std::span<const Tensor> tensors, int axis) {
  if (tensors.empty()) throw ValueError("concatenate: no tensors given");
  for (const Tensor& t : tensors) common_context("concatenate", {&tensors[0], &t});
  if (tensors[0].rank() == 0) {
    throw ShapeError("concatenate: scalars () have no axis to join along; use stack");
  }
  const int k = normalize_axis(axis, tensors[0].rank(), "concatenate");
  Tensor out = detail::allocate_like(tensors[0], joined_shape(tensors, k), tensors[0].dtype());
  Region region = Region::all_of(out.shape());
  for (const Tensor& t : tensors) {
    region.sizes[k] = t.shape()[k];
    kernels::copy_into(t, region_view(out, region));
    region.starts[size_t(k)] += t.shape()[k];
  }
  autodiff::record_concatenate(out, tensors, k);
  return out;
}

Tensor stack(std::span<const Tensor> tensors, int axis) {
  if (tensors.empty()) throw ValueError("stack: no tensors given");
  std::vector<Tensor> expanded;
  expanded.reserve(tensors.size());
  for (size_t i = 0; i < tensors.size(); ++i) {
    common_context("stack", {&tensors[0], &tensors[i]});
    if (tensors[i].shape() != tensors[0].shape()) {
      throw ShapeError(
          fmt::format("stack: tensor {} has shape {}, tensor 0 has {}: they must "
                      "be equal",
                      i, tensors[i].shape().to_string(), tensors[0].shape().to_string()));
    }
    expanded.push_back(expand_dims(tensors[i], axis));
  }
  return concatenate(expanded, axis);
}

Tensor pad(const Tensor& x, std::span<const PadWidth> widths, double value) {
  common_context("pad", {&x});
  if (widths.size() != static_cast<size_t>(x.rank())) {
    throw ShapeError(fmt::format("pad: x is {}: {} pad widths given, one per axis needed",
                                 x.shape().to_string(), widths.size()));
  }
  Shape shape = x.shape();
  Region inner = Region::all_of(x.shape());
  for (int k = 0; k < x.rank(); ++k) {
    const PadWidth& w = widths[size_t(k)];
    if (w.before < 0 || w.after < 0) {
      throw ValueError(fmt::format("pad: axis {} has widths ({}, {}); widths must be >= 0", k,
                                   w.before, w.after));
    }
    shape[k] += w.before + w.after;
    inner.starts[size_t(k)] = w.before;
  }
  Tensor out = detail::allocate_like(x, shape, x.dtype());
  kernels::fill(out, value);
  kernels::copy_into(x, region_view(out, inner));
  autodiff::record_pad(out, x, inner);
  return out;
}

Tensor full_like(const Tensor& x, double value, std::optional<DType> dtype) {
  common_context("full_like", {&x});
  return detail::full(x.impl()->storage->context, x.shape(), value, dtype.value_or(x.dtype()));
}

Tensor zeros_like(const Tensor& x, std::optional<DType> dtype) {
  return full_like(x, 0, dtype);
}

Tensor ones_like(const Tensor& x, std::optional<DType> dtype) {
  return full_like(x, 1, dtype);
}

}  // namespace strata::ops
