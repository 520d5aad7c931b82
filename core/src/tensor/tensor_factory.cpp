// Tensor factories: from host values, constants and ranges.
#include <fmt/format.h>

#include <cmath>
#include <vector>

#include "../ops/kernels.hpp"
#include "context_state.hpp"
#include "factories.hpp"
#include "strata/op_error.hpp"
#include "strata/ops.hpp"
#include "tensor_impl.hpp"

namespace strata {
namespace detail {
namespace {

template <typename T>
std::vector<T> range_values(double start, double step, int64_t count) {
  std::vector<T> values(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) values[size_t(i)] = static_cast<T>(start + double(i) * step);
  return values;
}

bool whole(double v) {
  return std::isfinite(v) && v == std::floor(v);
}

}  // namespace

std::shared_ptr<ContextState> current_state() {
  return Context::current().shared_state();
}

Tensor full(const std::shared_ptr<ContextState>& context, const Shape& shape, double value,
            DType dtype) {
  Tensor out = allocate(context, shape, dtype);
  kernels::fill(out, value);
  return out;
}

Tensor arange(const std::shared_ptr<ContextState>& context, double start, double stop, double step,
              DType dtype) {
  if (step == 0 || !std::isfinite(step) || !std::isfinite(start) || !std::isfinite(stop)) {
    throw ValueError(
        fmt::format("arange: start {}, stop {}, step {}: need finite values and a "
                    "non-zero step",
                    start, stop, step));
  }
  const auto count = static_cast<int64_t>(std::max(0.0, std::ceil((stop - start) / step)));
  Tensor out = allocate(context, Shape{count}, dtype);
  auto write = [&](const auto& values) {
    context->backend.write(out.impl()->storage->buffer, 0, std::as_bytes(std::span(values)));
  };
  switch (dtype) {
    case DType::float64:
      write(range_values<double>(start, step, count));
      break;
    case DType::int32:
      write(range_values<int32_t>(start, step, count));
      break;
    case DType::int64:
      write(range_values<int64_t>(start, step, count));
      break;
    case DType::uint8:
      write(range_values<uint8_t>(start, step, count));
      break;
    case DType::float32:
      write(range_values<float>(start, step, count));
      break;
    case DType::float16:
    case DType::bfloat16:
      // No host encoder for these: the values go up as float32 and are cast on the backend.
      kernels::cast_into(arange(context, start, stop, step, DType::float32), out);
      break;
  }
  return out;
}

}  // namespace detail

Tensor Tensor::from_host(const void* values, size_t count, DType host_dtype, const Shape& shape,
                         std::optional<DType> dtype) {
  if (static_cast<int64_t>(count) != shape.numel()) {
    throw ShapeError(fmt::format("from: {} values cannot fill shape {} ({} elements)", count,
                                 shape.to_string(), shape.numel()));
  }
  auto context = detail::current_state();
  Tensor out = detail::allocate(context, shape, host_dtype);
  if (count > 0) {
    context->backend.write(
        out.impl_->storage->buffer, 0,
        std::span(static_cast<const std::byte*>(values), count * dtype_size(host_dtype)));
  }
  return dtype && *dtype != host_dtype ? ops::cast(out, *dtype) : out;
}

Tensor Tensor::scalar(double value, std::optional<DType> dtype) {
  return full(Shape{}, value, dtype);
}

Tensor Tensor::zeros(const Shape& shape, std::optional<DType> dtype) {
  return full(shape, 0, dtype);
}

Tensor Tensor::ones(const Shape& shape, std::optional<DType> dtype) {
  return full(shape, 1, dtype);
}

Tensor Tensor::full(const Shape& shape, double value, std::optional<DType> dtype) {
  auto context = detail::current_state();
  return detail::full(context, shape, value, dtype.value_or(context->floatx));
}

Tensor Tensor::empty(const Shape& shape, std::optional<DType> dtype) {
  auto context = detail::current_state();
  return detail::allocate(context, shape, dtype.value_or(context->floatx));
}

Tensor Tensor::arange(double start, double stop, double step, std::optional<DType> dtype) {
  auto context = detail::current_state();
  const DType integral = detail::whole(start) && detail::whole(stop) && detail::whole(step)
                             ? DType::int64
                             : context->floatx;
  return detail::arange(context, start, stop, step, dtype.value_or(integral));
}

}  // namespace strata
