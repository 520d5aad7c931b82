// The op families, one file each (ops_*.cpp). An op function validates the call against the
// ABI and the device's features, throwing Failure; when the call is to run (`instance` set),
// it then records its dispatches on the instance's stream.
#pragma once

#include <strata/backend.h>

#include <string_view>

#include "instance.hpp"
#include "physical_devices.hpp"
#include "tensor_checks.hpp"

namespace strata_vk {

struct OpCall {
  const strata_op_call& call;
  const DeviceFeatures& features;
  strata_instance* instance;  // nullptr for `supports`: validate only

  bool running() const { return instance != nullptr; }
  const strata_tensor& in(size_t i) const { return *call.inputs[i]; }
  const strata_tensor& out(size_t i) const { return *call.outputs[i]; }
};

using OpFunction = void (*)(const OpCall& op);

// check_call (tensor_checks.hpp) for this call on this device: buffers are checked when the
// call is to run, and every tensor must fit one storage-buffer binding.
inline void check_op(const OpCall& op, std::string_view name, size_t num_inputs,
                     size_t num_outputs) {
  check_call(op.call, name, num_inputs, num_outputs, op.running(), op.features.max_binding);
}

// The function for an op code, or nullptr for one ABI 1.0 does not have.
OpFunction find_op(int op);  // an op code (strata::kit::op_code)

void op_fill(const OpCall& op);
void op_copy(const OpCall& op);
void op_cast(const OpCall& op);
void op_where(const OpCall& op);
void op_gather(const OpCall& op);
void op_scatter_add(const OpCall& op);
void op_unary(const OpCall& op);
void op_unary_backward(const OpCall& op);
void op_binary(const OpCall& op);
void op_reduce(const OpCall& op);
void op_matmul(const OpCall& op);
void op_conv2d(const OpCall& op);
void op_conv2d_backward_data(const OpCall& op);
void op_conv2d_backward_filter(const OpCall& op);
void op_pool2d(const OpCall& op);
void op_pool2d_backward(const OpCall& op);
void op_softmax(const OpCall& op);
void op_softmax_backward(const OpCall& op);
void op_random(const OpCall& op);
void op_optimizer(const OpCall& op);

}  // namespace strata_vk
