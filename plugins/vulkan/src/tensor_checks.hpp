// Checks of an op call's tensor descriptors, and the text error messages show them as.
#pragma once

#include <strata/backend.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace strata_vk {

int64_t element_count(const strata_tensor& t);
bool is_empty(const strata_tensor& t);
bool same_shape(const strata_tensor& a, const strata_tensor& b);
// "f32[2,3]"
std::string shape_text(const strata_tensor& t);
// "f32[2,3] strides [3,1]", with " offset N" when the byte offset is not 0.
std::string describe(const strata_tensor& t);

// Checks the input and output counts and every descriptor: present, rank 0..8, known dtype,
// sizes and strides >= 0, outputs not broadcast (INVALID_ARGUMENT); a byte offset that is a
// multiple of the element size, fewer than 2^31 elements (shader indices are 32-bit) and a span
// of at most `max_binding` bytes (one storage-buffer binding) (UNSUPPORTED). With
// `need_buffers`, also that each tensor's buffer holds every element it names.
void check_call(const strata_op_call& call, std::string_view op, size_t num_inputs,
                size_t num_outputs, bool need_buffers, uint64_t max_binding);

// Throws INVALID_ARGUMENT unless every input has out[0]'s shape (elementwise ops: the host
// broadcasts with stride 0, so shapes always agree).
void check_same_shapes(const strata_op_call& call, std::string_view op);

// Copies the caller's params into a zeroed P, honouring a smaller or larger struct_size.
template <typename P>
P read_params(const void* params);

}  // namespace strata_vk

#include <algorithm>
#include <cstring>

template <typename P>
P strata_vk::read_params(const void* params) {
  P result{};
  if (params == nullptr) return result;
  size_t caller_size = 0;
  std::memcpy(&caller_size, params, sizeof caller_size);
  std::memcpy(&result, params, std::min(caller_size, sizeof(P)));
  result.struct_size = sizeof(P);
  return result;
}
