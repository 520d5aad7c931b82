// strata/kit/op_table.hpp: dispatching an op code to the plugin's function for it.
//
//   constexpr auto kOps = strata::kit::OpTable<OpFunction>{op_fill, op_copy, ..., op_optimizer};
//   if (OpFunction fn = kOps.find(strata::kit::op_code(*call))) ...  // nullptr: not in ABI 1.0
//
// Part of the Strata plugin kit: optional, header-only C++20 help for plugin authors, beside the
// ABI itself. The ABI is the C99 header <strata/backend.h>; nothing in the kit is part of it, and
// a plugin written in C (sdk/template) never needs the kit.
#pragma once

#include <strata/backend.h>

#include <cstring>

namespace strata::kit {

// The call's op code as an int. A newer host may send codes this plugin does not know, and
// loading such a value as a strata_op is undefined behaviour in C++, so read its bytes.
inline int op_code(const strata_op_call& call) {
  int code = 0;
  static_assert(sizeof code == sizeof call.op);
  std::memcpy(&code, &call.op, sizeof code);
  return code;
}

// One function per op of ABI 1.0, in the order strata_op lists them. Fn is whatever the plugin's
// op functions are (a function pointer type, usually).
template <typename Fn>
struct OpTable {
  Fn fill, copy, cast, gather, scatter_add, where;
  Fn unary, unary_backward, binary;
  Fn reduce, matmul;
  Fn conv2d, conv2d_backward_data, conv2d_backward_filter, pool2d, pool2d_backward;
  Fn softmax, softmax_backward, random, optimizer;

  // The function for op code `op` (see op_code); Fn{} (nullptr) for a code ABI 1.0 does not
  // have.
  constexpr Fn find(int op) const {
    switch (op) {
      case STRATA_OP_FILL:
        return fill;
      case STRATA_OP_COPY:
        return copy;
      case STRATA_OP_CAST:
        return cast;
      case STRATA_OP_GATHER:
        return gather;
      case STRATA_OP_SCATTER_ADD:
        return scatter_add;
      case STRATA_OP_WHERE:
        return where;
      case STRATA_OP_UNARY:
        return unary;
      case STRATA_OP_UNARY_BACKWARD:
        return unary_backward;
      case STRATA_OP_BINARY:
        return binary;
      case STRATA_OP_REDUCE:
        return reduce;
      case STRATA_OP_MATMUL:
        return matmul;
      case STRATA_OP_CONV2D:
        return conv2d;
      case STRATA_OP_CONV2D_BACKWARD_DATA:
        return conv2d_backward_data;
      case STRATA_OP_CONV2D_BACKWARD_FILTER:
        return conv2d_backward_filter;
      case STRATA_OP_POOL2D:
        return pool2d;
      case STRATA_OP_POOL2D_BACKWARD:
        return pool2d_backward;
      case STRATA_OP_SOFTMAX:
        return softmax;
      case STRATA_OP_SOFTMAX_BACKWARD:
        return softmax_backward;
      case STRATA_OP_RANDOM:
        return random;
      case STRATA_OP_OPTIMIZER:
        return optimizer;
      default:
        return Fn{};
    }
  }
};

}  // namespace strata::kit
