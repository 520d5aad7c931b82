#include "tensor_checks.hpp"

#include <fmt/format.h>

#include "buffer.hpp"
#include "dtypes.hpp"
#include "error.hpp"

namespace strata_vk {
namespace {

constexpr int64_t kMaxElements = (int64_t{1} << 31) - 1;

void check_descriptor(std::string_view op, std::string_view role, const strata_tensor* t,
                      bool is_output, bool need_buffer, uint64_t max_binding) {
  throw_if_failed(strata::kit::check_descriptor(op, role, t, is_output));
  const size_t size = dtype_size(t->dtype);
  if (element_count(*t) > kMaxElements) {
    unsupported(
        "{}: {} {} has more than 2^31 - 1 elements, the most one vulkan dispatch "
        "indexes",
        op, role, shape_text(*t));
  }
  if (t->byte_offset % size != 0) {
    unsupported(
        "{}: {} {}: a byte offset that is not a multiple of the {}-byte element size "
        "cannot be addressed by a shader",
        op, role, describe(*t), size);
  }
  if (is_empty(*t)) {
    if (need_buffer && t->buffer == nullptr) invalid("{}: {} has no buffer", op, role);
    return;
  }
  const unsigned __int128 end = strata::kit::end_byte(*t);
  // Its binding starts up to an alignment (<= 256 bytes) before the first element and is
  // rounded up to whole words (see Launch::bind).
  if (end - t->byte_offset + 512 > max_binding) {
    unsupported(
        "{}: {} {} spans {} bytes; one storage buffer binding on this device covers at "
        "most {}",
        op, role, describe(*t), static_cast<uint64_t>(end - t->byte_offset), max_binding);
  }
  if (!need_buffer) return;
  if (t->buffer == nullptr) invalid("{}: {} has no buffer", op, role);
  throw_if_failed(strata::kit::check_extent(op, role, *t, t->buffer->size));
}

}  // namespace

void check_call(const strata_op_call& call, std::string_view op, size_t num_inputs,
                size_t num_outputs, bool need_buffers, uint64_t max_binding) {
  throw_if_failed(strata::kit::check_arity(call, op, num_inputs, num_outputs));
  if ((num_inputs > 0 && call.inputs == nullptr) || (num_outputs > 0 && call.outputs == nullptr)) {
    invalid("{}: the call's inputs or outputs array is NULL", op);
  }
  for (size_t i = 0; i < num_inputs; ++i) {
    check_descriptor(op, fmt::format("input {}", i), call.inputs[i], false, need_buffers,
                     max_binding);
  }
  for (size_t i = 0; i < num_outputs; ++i) {
    check_descriptor(op, fmt::format("output {}", i), call.outputs[i], true, need_buffers,
                     max_binding);
  }
}

void check_same_shapes(const strata_op_call& call, std::string_view op) {
  const strata_tensor& out = *call.outputs[0];
  for (size_t i = 0; i < call.num_inputs; ++i) {
    if (!same_shape(*call.inputs[i], out)) {
      invalid(
          "{}: input {} is {} but the output is {}: shapes differ (broadcast an input with "
          "stride 0 instead)",
          op, i, shape_text(*call.inputs[i]), shape_text(out));
    }
  }
}

}  // namespace strata_vk
