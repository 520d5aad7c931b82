// Ops that are views: new descriptors of the same buffer (reshape copies only a strided input).
#include <fmt/format.h>

#include "../autodiff/record.hpp"
#include "../tensor/layout.hpp"
#include "kernels.hpp"
#include "op_support.hpp"
#include "region.hpp"

namespace strata {
namespace ops_detail {

Region Region::all_of(const Shape& shape) {
  Region region;
  region.sizes = shape;
  region.steps.fill(1);
  return region;
}

Tensor region_view(const Tensor& base, const Region& region) {
  const detail::TensorImpl& t = *base.impl();
  Strides strides = t.strides;
  uint64_t offset = t.byte_offset;
  for (int k = 0; k < t.shape.rank(); ++k) {
    offset += static_cast<uint64_t>(region.starts[size_t(k)] * t.strides[k]) * dtype_size(t.dtype);
    strides[k] = t.strides[k] * region.steps[size_t(k)];
  }
  return detail::make_view(base, region.sizes, strides, offset);
}

}  // namespace ops_detail

namespace {

using namespace ops_detail;

// `dims` with a -1 resolved so that the element count is `numel`.
Shape resolve_dims(const Shape& from, std::span<const int64_t> dims) {
  int inferred = -1;
  int64_t known = 1;
  auto fail = [&](const char* why) {
    throw ShapeError(fmt::format("reshape: cannot reshape {} ({} elements) into {}: {}",
                                 from.to_string(), from.numel(), dims_text(dims), why));
  };
  if (dims.size() > static_cast<size_t>(kMaxRank)) fail("too many axes");
  for (size_t i = 0; i < dims.size(); ++i) {
    if (dims[i] == -1) {
      if (inferred >= 0) fail("only one size may be -1");
      inferred = static_cast<int>(i);
    } else if (dims[i] < 0) {
      fail("sizes must be >= 0, or -1 for one inferred size");
    } else if (__builtin_mul_overflow(known, dims[i], &known)) {
      fail("the sizes multiply to more than 2^63 elements");
    }
  }
  Shape shape;
  for (int64_t d : dims) shape.push_back(d == -1 ? 0 : d);
  if (inferred >= 0) {
    if (known == 0 || from.numel() % known != 0) fail("the sizes do not divide the element count");
    shape[inferred] = from.numel() / known;
  } else if (known != from.numel()) {
    fail("the element counts differ");
  }
  return shape;
}

// A view of `x` with another shape and the same strides layout rules for size-1 axes: used
// where x's elements keep their row-major order.
Tensor relabelled(const Tensor& x, const Shape& shape) {
  Tensor out = detail::make_view(x, shape, contiguous_strides(shape), x.byte_offset());
  autodiff::record_reshape(out, x);
  return out;
}

}  // namespace

namespace ops {

Tensor reshape(const Tensor& x, std::span<const int64_t> dims) {
  common_context("reshape", {&x});
  const Shape shape = resolve_dims(x.shape(), dims);
  if (x.is_contiguous()) return relabelled(x, shape);
  Tensor out = detail::allocate_like(x, shape, x.dtype());
  kernels::copy_into(x, detail::make_view(out, x.shape(), contiguous_strides(x.shape()), 0));
  autodiff::record_reshape(out, x);
  return out;
}

Tensor transpose(const Tensor& x, const Axes& perm) {
  common_context("transpose", {&x});
  const int rank = x.rank();
  Axes order = perm;
  if (order.empty()) {
    for (int k = rank - 1; k >= 0; --k) order.push_back(k);
  }
  uint32_t seen = 0;
  for (int k = 0; k < order.size() && order.size() == rank; ++k) {
    if (order[k] < 0 || order[k] >= rank) break;
    seen |= 1u << order[k];
  }
  if (order.size() != rank || seen != (rank == 0 ? 0u : (1u << rank) - 1u)) {
    throw ShapeError(fmt::format("transpose: {} is not a permutation of the axes of {}",
                                 order.to_string(), x.shape().to_string()));
  }
  Shape shape = x.shape();
  Strides strides = x.strides();
  for (int k = 0; k < rank; ++k) {
    shape[k] = x.shape()[order[k]];
    strides[k] = x.strides()[order[k]];
  }
  Tensor out = detail::make_view(x, shape, strides, x.byte_offset());
  autodiff::record_transpose(out, x, order);
  return out;
}

Tensor expand_dims(const Tensor& x, int axis) {
  common_context("expand_dims", {&x});
  const int k = normalize_axis(axis, x.rank() + 1, "expand_dims");
  Shape shape = x.shape();
  Strides strides = x.strides();
  shape.insert(k, 1);
  strides.insert(k, k < x.rank() ? x.strides()[k] * x.shape()[k] : 1);
  Tensor out = detail::make_view(x, shape, strides, x.byte_offset());
  autodiff::record_reshape(out, x);
  return out;
}

Tensor squeeze(const Tensor& x, const Axes& axes) {
  common_context("squeeze", {&x});
  uint32_t mask = 0;
  if (axes.empty()) {
    for (int k = 0; k < x.rank(); ++k) {
      if (x.shape()[k] == 1) mask |= 1u << k;
    }
  } else {
    mask = axes_mask("squeeze", axes, x.rank());
  }
  Shape shape;
  Strides strides;
  for (int k = 0; k < x.rank(); ++k) {
    if (((mask >> k) & 1u) == 0) {
      shape.push_back(x.shape()[k]);
      strides.push_back(x.strides()[k]);
    } else if (x.shape()[k] != 1) {
      throw ShapeError(fmt::format("squeeze: axis {} of {} has size {}, not 1", k,
                                   x.shape().to_string(), x.shape()[k]));
    }
  }
  Tensor out = detail::make_view(x, shape, strides, x.byte_offset());
  autodiff::record_reshape(out, x);
  return out;
}

Tensor broadcast_to(const Tensor& x, const Shape& shape) {
  common_context("broadcast_to", {&x});
  bool fits = x.rank() <= shape.rank();
  for (int k = 0; fits && k < x.rank(); ++k) {
    const int64_t from = x.shape()[k], to = shape[k + shape.rank() - x.rank()];
    fits = from == to || from == 1;
  }
  // The view's element count must fit in int64_t (zero sizes aside, as in NumPy): without
  // this, broadcast_to(x, (2^62, 4)) made a tensor whose numel() overflowed.
  int64_t elements = 1;
  for (int64_t size : shape) {
    if (size != 0 && __builtin_mul_overflow(elements, size, &elements)) {
      throw ShapeError(
          fmt::format("broadcast_to: cannot broadcast {} to {}: that shape has more "
                      "than 2^63 - 1 elements",
                      x.shape().to_string(), shape.to_string()));
    }
  }
  if (!fits) {
    throw ShapeError(fmt::format("broadcast_to: cannot broadcast {} to {}", x.shape().to_string(),
                                 shape.to_string()));
  }
  const strata_tensor d = detail::broadcast_descriptor(*x.impl(), shape);
  Tensor out =
      detail::make_view(x, shape, Strides(std::span(d.strides, size_t(d.rank))), x.byte_offset());
  autodiff::record_broadcast(out, x);
  return out;
}

Tensor slice(const Tensor& x, std::span<const int64_t> starts, std::span<const int64_t> sizes) {
  common_context("slice", {&x});
  const Shape& shape = x.shape();
  if (starts.size() != size_t(shape.rank()) || sizes.size() != size_t(shape.rank())) {
    throw ShapeError(fmt::format("slice: x is {}: starts {} and sizes {} need one entry per axis",
                                 shape.to_string(), dims_text(starts), dims_text(sizes)));
  }
  Region region = Region::all_of(shape);
  for (int k = 0; k < shape.rank(); ++k) {
    const int64_t start = starts[size_t(k)];
    // Compared so that no sum or difference can overflow, whatever the caller passed.
    const bool start_inside = start >= 0 && start <= shape[k];
    const int64_t size =
        sizes[size_t(k)] == -1 && start_inside ? shape[k] - start : sizes[size_t(k)];
    if (!start_inside || size < 0 || size > shape[k] - start) {
      throw ShapeError(fmt::format("slice: x is {}: starts {} with sizes {} leave x along axis {}",
                                   shape.to_string(), dims_text(starts), dims_text(sizes), k));
    }
    region.starts[size_t(k)] = start;
    region.sizes[k] = size;
  }
  Tensor out = region_view(x, region);
  autodiff::record_slice(out, x, region);
  return out;
}

Tensor slice_axis(const Tensor& x, int axis, int64_t start, int64_t stop, int64_t step) {
  common_context("slice_axis", {&x});
  if (step < 1) {
    throw ValueError(
        fmt::format("slice_axis: step {} must be >= 1 (the ABI has no negative "
                    "strides; reverse with a copy instead)",
                    step));
  }
  const int k = normalize_axis(axis, x.rank(), "slice_axis");
  const int64_t n = x.shape()[k];
  auto clamp = [n](int64_t i) { return std::clamp<int64_t>(i < 0 ? i + n : i, 0, n); };
  const int64_t first = clamp(start), last = clamp(stop);
  Region region = Region::all_of(x.shape());
  region.starts[size_t(k)] = first;
  // Written so that no step, however large, overflows the count or (below, in region_view) the
  // stride: a step past the axis's end takes at most one element, whose stride does not matter.
  region.sizes[k] = last > first ? 1 + (last - first - 1) / step : 0;
  region.steps[size_t(k)] = region.sizes[k] > 1 ? step : 1;
  Tensor out = region_view(x, region);
  autodiff::record_slice(out, x, region);
  return out;
}

}  // namespace ops
}  // namespace strata
