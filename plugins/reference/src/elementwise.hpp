// Checks shared by the elementwise ops (copy, cast, where, unary, binary): every tensor of the
// call has the output's shape, since broadcasting arrives as stride 0 on the inputs.
#pragma once

#include <strata/kit/descriptor.hpp>

#include <initializer_list>
#include <string_view>

#include "op_common.hpp"

namespace strata_ref {

using strata::kit::operands_text;

// Every input has out[0]'s shape; `roles` names inputs then outputs for the message.
inline strata_error* check_same_shapes(std::string_view op, const strata_op_call& call,
                                       std::initializer_list<std::string_view> roles) {
  return make_error(strata::kit::check_same_shapes(op, call, roles));
}

}  // namespace strata_ref
