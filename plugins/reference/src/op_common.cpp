#include "op_common.hpp"

#include <fmt/format.h>

namespace strata_ref {

strata_error* check_call(const strata_op_call& call, std::string_view op, size_t num_inputs,
                         size_t num_outputs, Phase phase) {
  if (call.num_inputs != num_inputs || call.num_outputs != num_outputs) {
    return invalid("{}: takes {} inputs and {} outputs, got {} and {}", op, num_inputs,
                   num_outputs, call.num_inputs, call.num_outputs);
  }
  const bool need_buffer = phase == Phase::kRun;
  for (size_t i = 0; i < num_inputs; ++i) {
    std::string role = fmt::format("input {}", i);
    if (auto* err = check_descriptor(op, role, call.inputs[i], false, need_buffer)) return err;
  }
  for (size_t i = 0; i < num_outputs; ++i) {
    std::string role = fmt::format("output {}", i);
    if (auto* err = check_descriptor(op, role, call.outputs[i], true, need_buffer)) return err;
  }
  return nullptr;
}

std::string shape_text(const strata_tensor& t) {
  std::string dims;
  for (int k = 0; k < t.rank; ++k) dims += fmt::format("{}{}", k ? "," : "", t.shape[k]);
  return fmt::format("{}[{}]", dtype_name(t.dtype), dims);
}

bool same_shape(const strata_tensor& a, const strata_tensor& b) {
  return a.rank == b.rank && std::equal(a.shape, a.shape + a.rank, b.shape);
}

}  // namespace strata_ref
