#include "ops.h"

#include "error.h"
#include "tensor.h"

/* The descriptors of one side of the call (inputs or outputs), named by `roles`. */
static strata_error* check_tensors(const char* op, const strata_tensor* const* tensors,
                                   const char* const* roles, size_t count, int is_output,
                                   tpl_phase phase) {
  if (count > 0 && tensors == NULL) {
    return tpl_error(STRATA_INVALID_ARGUMENT, "%s: the %s array is NULL", op,
                     is_output ? "outputs" : "inputs");
  }
  for (size_t i = 0; i < count; ++i) {
    strata_error* err = tpl_check_tensor(op, roles[i], tensors[i], is_output, phase == TPL_RUN);
    if (err != NULL) return err;
  }
  return NULL;
}

strata_error* tpl_check_call(const strata_op_call* call, const char* op,
                             const char* const* input_roles, size_t num_inputs,
                             const char* const* output_roles, size_t num_outputs, tpl_phase phase) {
  if (call->num_inputs != num_inputs || call->num_outputs != num_outputs) {
    return tpl_error(STRATA_INVALID_ARGUMENT,
                     "%s: takes %zu inputs and %zu outputs, got %zu and %zu", op, num_inputs,
                     num_outputs, call->num_inputs, call->num_outputs);
  }
  strata_error* err = check_tensors(op, call->inputs, input_roles, num_inputs, 0, phase);
  if (err == NULL) err = check_tensors(op, call->outputs, output_roles, num_outputs, 1, phase);
  return err;
}

/* For the message that tells the host (and a person reading a conformance report) what this
 * backend leaves to others. */
static const char* op_name(strata_op op) {
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
    case STRATA_OP_REDUCE:
      return "reduce";
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
      return NULL;
  }
}

/* Every op and every case this backend does not do is STRATA_UNSUPPORTED, never a fake
 * result: the host then runs it on another backend, and conformance lists it as unsupported. */
static strata_error* dispatch(const strata_op_call* call, tpl_phase phase) {
  if (call == NULL) return tpl_error(STRATA_INVALID_ARGUMENT, "execute: the op call is NULL");
  if (!STRATA_STRUCT_HAS(call, strata_op_call, num_outputs)) {
    return tpl_error(STRATA_INVALID_ARGUMENT,
                     "execute: the op call has struct_size %zu, smaller than ABI 1.0's "
                     "strata_op_call",
                     call->struct_size);
  }
  switch (call->op) {
    case STRATA_OP_BINARY:
      return tpl_op_binary(call, phase);
    case STRATA_OP_MATMUL:
      return tpl_op_matmul(call, phase);
    default:
      break;
  }
  const char* name = op_name(call->op);
  if (name == NULL) {
    return tpl_error(STRATA_UNSUPPORTED, "template: op code %d is not part of ABI 1.0",
                     (int)call->op);
  }
  return tpl_error(STRATA_UNSUPPORTED,
                   "%s: not implemented by the template backend (it does binary and matmul, f32)",
                   name);
}

strata_error* tpl_supports(const strata_instance* instance, const strata_op_call* call) {
  (void)instance;
  return dispatch(call, TPL_VALIDATE);
}

/* This backend computes inside execute. An asynchronous one would validate here, enqueue the
 * work, and keep the first error the work raises for the next synchronize or buffer_read. */
strata_error* tpl_execute(strata_instance* instance, const strata_op_call* call) {
  (void)instance;
  return dispatch(call, TPL_RUN);
}

strata_error* tpl_synchronize(strata_instance* instance) {
  (void)instance;
  return NULL; /* nothing is ever pending */
}
