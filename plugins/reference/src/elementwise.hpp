// Checks shared by the elementwise ops (copy, cast, where, unary, binary): every tensor of the
// call has the output's shape, since broadcasting arrives as stride 0 on the inputs.
#pragma once

#include <fmt/format.h>

#include <initializer_list>
#include <string>
#include <string_view>

#include "op_common.hpp"

namespace strata_ref {

// "a f32[2,3], b f32[3], out f32[2,3]": the call's inputs then outputs, named by `roles`.
inline std::string operands_text(const strata_op_call& call,
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

// Every input has out[0]'s shape; `roles` names inputs then outputs for the message.
inline strata_error* check_same_shapes(std::string_view op, const strata_op_call& call,
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

}  // namespace strata_ref
