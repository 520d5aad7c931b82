// strata/kit/op_name.hpp: each op's name as the ABI header writes it ("matmul",
// "conv2d_backward_data"), for messages.
//
// Part of the plugin kit: optional C++20 help beside the C99 ABI (strata/backend.h). A plugin
// written in C never needs it.
#pragma once

#include <strata/backend.h>

#include <string_view>

namespace strata::kit {

// The name of op code `op` (a strata_op, or a call's code read by op_table.hpp's op_code); empty
// for a code outside the ABI's op set.
constexpr std::string_view op_name(int op) {
  switch (op) {
    case STRATA_OP_FILL:
      return "fill";
    case STRATA_OP_COPY:
      return "copy";
    case STRATA_OP_CAST:
      return "cast";
    case STRATA_OP_GATHER:
      return "gather";
    case STRATA_OP_SCATTER_ADD:
      return "scatter_add";
    case STRATA_OP_WHERE:
      return "where";
    case STRATA_OP_UNARY:
      return "unary";
    case STRATA_OP_UNARY_BACKWARD:
      return "unary_backward";
    case STRATA_OP_BINARY:
      return "binary";
    case STRATA_OP_REDUCE:
      return "reduce";
    case STRATA_OP_MATMUL:
      return "matmul";
    case STRATA_OP_CONV2D:
      return "conv2d";
    case STRATA_OP_CONV2D_BACKWARD_DATA:
      return "conv2d_backward_data";
    case STRATA_OP_CONV2D_BACKWARD_FILTER:
      return "conv2d_backward_filter";
    case STRATA_OP_POOL2D:
      return "pool2d";
    case STRATA_OP_POOL2D_BACKWARD:
      return "pool2d_backward";
    case STRATA_OP_SOFTMAX:
      return "softmax";
    case STRATA_OP_SOFTMAX_BACKWARD:
      return "softmax_backward";
    case STRATA_OP_RANDOM:
      return "random";
    case STRATA_OP_OPTIMIZER:
      return "optimizer";
    default:
      return {};
  }
}

}  // namespace strata::kit
