// A tensor's elements as raw bytes (row-major, host byte order) and back: what every file
// format here stores, bit for bit, for every dtype (float16 and bfloat16 included, which have
// no host element type).
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "strata/tensor.hpp"

namespace strata::io_detail {

std::vector<std::byte> tensor_bytes(const Tensor& tensor);

// A new tensor on the current context; `bytes` must hold shape.numel() * dtype_size(dtype).
Tensor tensor_from_bytes(std::span<const std::byte> bytes, const Shape& shape, DType dtype);

}  // namespace strata::io_detail
