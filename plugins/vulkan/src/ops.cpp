#include "ops.hpp"

namespace strata_vk {

OpFunction find_op(strata_op op) {
  switch (op) {
    case STRATA_OP_FILL:
      return op_fill;
    case STRATA_OP_COPY:
      return op_copy;
    case STRATA_OP_CAST:
      return op_cast;
    case STRATA_OP_GATHER:
      return op_gather;
    case STRATA_OP_SCATTER_ADD:
      return op_scatter_add;
    case STRATA_OP_WHERE:
      return op_where;
    case STRATA_OP_UNARY:
      return op_unary;
    case STRATA_OP_UNARY_BACKWARD:
      return op_unary_backward;
    case STRATA_OP_BINARY:
      return op_binary;
    case STRATA_OP_REDUCE:
      return op_reduce;
    case STRATA_OP_MATMUL:
      return op_matmul;
    case STRATA_OP_CONV2D:
      return op_conv2d;
    case STRATA_OP_CONV2D_BACKWARD_DATA:
      return op_conv2d_backward_data;
    case STRATA_OP_CONV2D_BACKWARD_FILTER:
      return op_conv2d_backward_filter;
    case STRATA_OP_POOL2D:
      return op_pool2d;
    case STRATA_OP_POOL2D_BACKWARD:
      return op_pool2d_backward;
    case STRATA_OP_SOFTMAX:
      return op_softmax;
    case STRATA_OP_SOFTMAX_BACKWARD:
      return op_softmax_backward;
    case STRATA_OP_RANDOM:
      return op_random;
    case STRATA_OP_OPTIMIZER:
      return op_optimizer;
    default:
      return nullptr;
  }
}

}  // namespace strata_vk
