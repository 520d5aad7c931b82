// Host images of the buffers a case runs in. Each tensor gets a buffer of its own: a guard
// region of 64 bytes, the storage its view spans, and another guard region. Everything the
// view does not address (guards, holes between strided elements) holds the dtype's sentinel,
// so a write outside the view is visible when the buffer is read back.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "case.hpp"

namespace strata::conformance {

using Image = std::vector<std::byte>;

int64_t guard_elements(strata_dtype dtype);
uint64_t buffer_bytes(const TensorSpec& t);
// Where element (0, ..., 0) lives in the buffer: strata_tensor::byte_offset.
uint64_t view_byte_offset(const TensorSpec& t);
// Byte offset in the buffer of the element at storage position `position`.
uint64_t position_byte(const TensorSpec& t, int64_t position);

// The buffer image of `t` holding `values` (row-major logical order; where broadcasting maps
// several logical elements to one, the last one written stays). Empty `values`: sentinels only.
Image stage(const TensorSpec& t, std::span<const double> values);
// The view's elements of `image`, row-major logical order.
std::vector<double> unstage(const TensorSpec& t, std::span<const std::byte> image);

struct StagedCase {
  std::vector<Image> inputs;
  std::vector<Image> outputs;
};

// Values drawn from the tensor's domain, seeded by (seed, the case's key, tensor index).
std::vector<double> generate_values(const Case& c, const TensorSpec& t, size_t tensor_index,
                                    uint64_t seed);
// Every tensor of `c` with its generated data (inputs are tensors 0..n-1, outputs follow).
StagedCase stage_case(const Case& c, uint64_t seed);

}  // namespace strata::conformance
