#include "op_common.hpp"

#include <fmt/format.h>

namespace strata_avx {

strata_error* check_call(const strata_op_call& call, std::string_view op, size_t num_inputs,
                         size_t num_outputs, Phase phase) {
  if (call.num_inputs != num_inputs || call.num_outputs != num_outputs) {
    return invalid("{}: takes {} inputs and {} outputs, got {} and {}", op, num_inputs, num_outputs,
                   call.num_inputs, call.num_outputs);
  }
  const bool need_buffer = phase == Phase::kRun;
  for (size_t i = 0; i < num_inputs; ++i) {
    const std::string role = fmt::format("input {}", i);
    if (auto* err = check_descriptor(op, role, call.inputs[i], false, need_buffer)) return err;
  }
  for (size_t i = 0; i < num_outputs; ++i) {
    const std::string role = fmt::format("output {}", i);
    if (auto* err = check_descriptor(op, role, call.outputs[i], true, need_buffer)) return err;
  }
  return nullptr;
}

std::string operands_text(const strata_op_call& call,
                          std::initializer_list<std::string_view> roles) {
  std::string text;
  size_t i = 0;
  for (std::string_view role : roles) {
    if (i == call.num_inputs + call.num_outputs) break;
    const strata_tensor* t =
        i < call.num_inputs ? call.inputs[i] : call.outputs[i - call.num_inputs];
    text += fmt::format("{}{} {}", i ? ", " : "", role, shape_text(*t));
    ++i;
  }
  return text;
}

strata_error* check_same_shapes(std::string_view op, const strata_op_call& call,
                                std::initializer_list<std::string_view> roles) {
  const strata_tensor& out = *call.outputs[0];
  for (size_t i = 0; i < call.num_inputs; ++i) {
    if (!same_shape(*call.inputs[i], out)) {
      return invalid("{}: {}: shapes differ (broadcast an input with stride 0 instead)", op,
                     operands_text(call, roles));
    }
  }
  return nullptr;
}

strata_error* dtype_unsupported(std::string_view op, const strata_tensor& t,
                                std::string_view supported) {
  return unsupported("{}: {}: the avx backend runs {} (other dtypes run on the reference backend)",
                     op, shape_text(t), supported);
}

}  // namespace strata_avx
