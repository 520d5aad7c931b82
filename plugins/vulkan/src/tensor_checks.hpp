// Checks of an op call's tensor descriptors, and the text error messages show them as.
#pragma once

#include <strata/backend.h>
#include <strata/kit/descriptor.hpp>
#include <strata/kit/params.hpp>
#include <strata/kit/shape.hpp>

#include <cstdint>
#include <string_view>

namespace strata_vk {

using strata::kit::describe;
using strata::kit::element_count;
using strata::kit::is_empty;
using strata::kit::read_params;
using strata::kit::same_shape;
using strata::kit::shape_text;

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

}  // namespace strata_vk
