// What every op of the reference backend shares: the validate-or-run entry point, arity and
// descriptor checks, and reading a parameter struct of any struct_size.
#pragma once

#include <strata/backend.h>
#include <strata/kit/params.hpp>

#include <string_view>

#include "error.hpp"
#include "tensor_access.hpp"

namespace strata_ref {

// kValidate checks metadata only (buffers may be NULL): the `supports` slot.
// kRun validates, including buffer bounds, then computes: the `execute` slot.
enum class Phase { kValidate, kRun };

// One function per op family; all share this signature and validate before running.
using OpFunction = strata_error* (*)(const strata_op_call& call, Phase phase);

// Checks the input/output counts and every descriptor (strata::kit::check_call); buffers
// only when running.
strata_error* check_call(const strata_op_call& call, std::string_view op, size_t num_inputs,
                         size_t num_outputs, Phase phase);

using strata::kit::read_params;

// The op families, one file each.
strata_error* op_fill(const strata_op_call& call, Phase phase);
strata_error* op_copy(const strata_op_call& call, Phase phase);
strata_error* op_cast(const strata_op_call& call, Phase phase);
strata_error* op_gather(const strata_op_call& call, Phase phase);
strata_error* op_scatter_add(const strata_op_call& call, Phase phase);
strata_error* op_where(const strata_op_call& call, Phase phase);
strata_error* op_unary(const strata_op_call& call, Phase phase);
strata_error* op_unary_backward(const strata_op_call& call, Phase phase);
strata_error* op_binary(const strata_op_call& call, Phase phase);
strata_error* op_reduce(const strata_op_call& call, Phase phase);
strata_error* op_matmul(const strata_op_call& call, Phase phase);
strata_error* op_conv2d(const strata_op_call& call, Phase phase);
strata_error* op_conv2d_backward_data(const strata_op_call& call, Phase phase);
strata_error* op_conv2d_backward_filter(const strata_op_call& call, Phase phase);
strata_error* op_pool2d(const strata_op_call& call, Phase phase);
strata_error* op_pool2d_backward(const strata_op_call& call, Phase phase);
strata_error* op_softmax(const strata_op_call& call, Phase phase);
strata_error* op_softmax_backward(const strata_op_call& call, Phase phase);
strata_error* op_random(const strata_op_call& call, Phase phase);
strata_error* op_optimizer(const strata_op_call& call, Phase phase);

}  // namespace strata_ref
