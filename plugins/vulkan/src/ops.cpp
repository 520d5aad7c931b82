#include "ops.hpp"

#include <strata/kit/op_table.hpp>

namespace strata_vk {
namespace {

constexpr auto kOps = strata::kit::OpTable<OpFunction>{op_fill,
                                                       op_copy,
                                                       op_cast,
                                                       op_gather,
                                                       op_scatter_add,
                                                       op_where,
                                                       op_unary,
                                                       op_unary_backward,
                                                       op_binary,
                                                       op_reduce,
                                                       op_matmul,
                                                       op_conv2d,
                                                       op_conv2d_backward_data,
                                                       op_conv2d_backward_filter,
                                                       op_pool2d,
                                                       op_pool2d_backward,
                                                       op_softmax,
                                                       op_softmax_backward,
                                                       op_random,
                                                       op_optimizer};

}  // namespace

OpFunction find_op(int op) {
  return kOps.find(op);
}

}  // namespace strata_vk
