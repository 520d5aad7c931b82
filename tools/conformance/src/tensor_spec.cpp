#include "tensor_spec.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <utility>

#include "dtype.hpp"

namespace strata::conformance {
namespace {

constexpr int64_t kOffsetElements = 3;
constexpr int64_t kRowPadding = 3;

std::vector<int64_t> transposed_strides(const std::vector<int64_t>& shape) {
  if (shape.size() < 2) return dense_strides(shape);
  std::vector<int64_t> stored = shape;
  const size_t r = shape.size();
  std::swap(stored[r - 1], stored[r - 2]);
  std::vector<int64_t> strides = dense_strides(stored);
  std::swap(strides[r - 1], strides[r - 2]);
  return strides;
}

// Rows of the last axis start `kRowPadding` elements apart beyond their length.
std::vector<int64_t> padded_strides(const std::vector<int64_t>& shape) {
  std::vector<int64_t> strides(shape.size(), 1);
  int64_t pitch = 1;
  for (size_t k = shape.size(); k-- > 0;) {
    strides[k] = pitch;
    pitch *= std::max<int64_t>(shape[k], 1) + (k + 1 == shape.size() ? kRowPadding : 0);
  }
  return strides;
}

std::vector<int64_t> stepped_strides(const std::vector<int64_t>& shape) {
  std::vector<int64_t> strides = dense_strides(shape);
  for (int64_t& s : strides) s *= 2;
  return strides;
}

}  // namespace

// Zero-size axes count as 1, so no stride of an empty view is 0 (which would read as
// broadcasting, and outputs may not broadcast).
std::vector<int64_t> dense_strides(const std::vector<int64_t>& shape) {
  std::vector<int64_t> strides(shape.size(), 1);
  int64_t pitch = 1;
  for (size_t k = shape.size(); k-- > 0;) {
    strides[k] = pitch;
    pitch *= std::max<int64_t>(shape[k], 1);
  }
  return strides;
}

int64_t TensorSpec::elements() const {
  int64_t n = 1;
  for (int64_t s : shape) n *= s;
  return n;
}

int64_t TensorSpec::storage() const {
  if (elements() == 0) return offset;
  int64_t last = offset;
  for (size_t k = 0; k < shape.size(); ++k) last += (shape[k] - 1) * strides[k];
  return last + 1;
}

std::string TensorSpec::describe() const {
  std::string text = fmt::format("{} {}[{}] strides [{}]", role, dtype_name(dtype),
                                 fmt::join(shape, ","), fmt::join(strides, ","));
  if (offset != 0) text += fmt::format(" offset {}", offset);
  return text;
}

std::string TensorSpec::index_text(int64_t linear) const {
  std::vector<int64_t> index(shape.size(), 0);
  for (size_t k = shape.size(); k-- > 0;) {
    index[k] = shape[k] > 0 ? linear % shape[k] : 0;
    linear = shape[k] > 0 ? linear / shape[k] : 0;
  }
  return fmt::format("[{}]", fmt::join(index, ","));
}

TensorSpec make_tensor(std::string role, strata_dtype dtype, std::vector<int64_t> shape,
                       Domain domain, Layout layout) {
  TensorSpec t{std::move(role), dtype, std::move(shape), {}, 0, std::move(domain)};
  switch (layout) {
    case Layout::kDense:
      t.strides = dense_strides(t.shape);
      break;
    case Layout::kOffset:
      t.strides = dense_strides(t.shape);
      t.offset = kOffsetElements;
      break;
    case Layout::kTransposed:
      t.strides = transposed_strides(t.shape);
      break;
    case Layout::kPadded:
      t.strides = t.shape.size() < 2 ? stepped_strides(t.shape) : padded_strides(t.shape);
      break;
    case Layout::kStepped:
      t.strides = stepped_strides(t.shape);
      break;
  }
  return t;
}

TensorSpec make_broadcast(std::string role, strata_dtype dtype, std::vector<int64_t> shape,
                          uint32_t broadcast_axes, Domain domain) {
  std::vector<int64_t> stored = shape;
  for (size_t k = 0; k < shape.size(); ++k) {
    if ((broadcast_axes >> k) & 1u) stored[k] = 1;
  }
  std::vector<int64_t> strides = dense_strides(stored);
  for (size_t k = 0; k < shape.size(); ++k) {
    if ((broadcast_axes >> k) & 1u) strides[k] = 0;
  }
  return {std::move(role), dtype, std::move(shape), std::move(strides), 0, std::move(domain)};
}

}  // namespace strata::conformance
