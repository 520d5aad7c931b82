/*
 * Ops: the `supports` and `execute` slots and what every op shares.
 *
 * Each op is one function that validates the call and, in the run phase, computes it. The same
 * function answers `supports` (validate only) and `execute` (validate, then run), so the two
 * can never disagree about what this backend does.
 */
#ifndef TPL_OPS_H_
#define TPL_OPS_H_

#include <strata/backend.h>

typedef enum tpl_phase {
  TPL_VALIDATE, /* `supports`: metadata only, buffers may be NULL, nothing runs */
  TPL_RUN       /* `execute`: validate (buffers too), then compute */
} tpl_phase;

/* Checks the number of inputs and outputs and every descriptor (see tpl_check_tensor); the
 * roles name each operand in messages ("a", "b", "out"). */
strata_error* tpl_check_call(const strata_op_call* call, const char* op,
                             const char* const* input_roles, size_t num_inputs,
                             const char* const* output_roles, size_t num_outputs, tpl_phase phase);

/* The ops this backend implements, one file each. */
strata_error* tpl_op_binary(const strata_op_call* call, tpl_phase phase);
strata_error* tpl_op_matmul(const strata_op_call* call, tpl_phase phase);

/* The ABI's execution slots. */
strata_error* tpl_supports(const strata_instance* instance, const strata_op_call* call);
strata_error* tpl_execute(strata_instance* instance, const strata_op_call* call);
strata_error* tpl_synchronize(strata_instance* instance);

#endif /* TPL_OPS_H_ */
