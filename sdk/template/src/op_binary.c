/*
 * STRATA_OP_BINARY on f32: out = a (op) b, elementwise.
 *
 * The three tensors have out's shape; NumPy broadcasting reaches the plugin as stride 0 on an
 * input, so walking every index of out and reading each operand through its own strides
 * broadcasts for free. Arithmetic writes f32, comparisons write u8 0 or 1.
 */
#include <math.h>
#include <stdio.h>

#include "error.h"
#include "ops.h"
#include "tensor.h"

/* Indexed by strata_binary_op, for messages. */
static const char* const binary_names[] = {
    "add",   "sub",       "mul",  "div",        "pow",     "maximum",      "minimum",
    "equal", "not_equal", "less", "less_equal", "greater", "greater_equal"};
enum { NUM_BINARY = sizeof binary_names / sizeof binary_names[0] };

static int is_comparison(int sub_op) {
  return sub_op >= STRATA_BINARY_EQUAL;
}

/* In double, rounded once to f32 by the caller: for + - * / that is exactly the correctly
 * rounded f32 result, and pow agrees with the reference backend bit for bit. */
static double arithmetic(int sub_op, double a, double b) {
  switch (sub_op) {
    case STRATA_BINARY_ADD:
      return a + b;
    case STRATA_BINARY_SUB:
      return a - b;
    case STRATA_BINARY_MUL:
      return a * b;
    case STRATA_BINARY_DIV:
      return a / b;
    case STRATA_BINARY_POW:
      return pow(a, b);
    /* fmax/fmin would return the other operand; the ABI wants NaN to win. */
    case STRATA_BINARY_MAXIMUM:
      return isnan(a) || isnan(b) ? NAN : (a > b ? a : b);
    default:
      return isnan(a) || isnan(b) ? NAN : (a < b ? a : b);
  }
}

/* IEEE comparisons: anything against NaN is false, except not_equal. */
static unsigned char comparison(int sub_op, float a, float b) {
  switch (sub_op) {
    case STRATA_BINARY_EQUAL:
      return a == b;
    case STRATA_BINARY_NOT_EQUAL:
      return a != b;
    case STRATA_BINARY_LESS:
      return a < b;
    case STRATA_BINARY_LESS_EQUAL:
      return a <= b;
    case STRATA_BINARY_GREATER:
      return a > b;
    default:
      return a >= b;
  }
}

/* Malformed dtype combinations are INVALID_ARGUMENT (no backend could run them); well-formed
 * ones other than f32 are UNSUPPORTED (another backend can). */
static strata_error* check_dtypes(const char* op, int sub_op, const strata_tensor* a,
                                  const strata_tensor* b, const strata_tensor* out) {
  const strata_dtype want_out = is_comparison(sub_op) ? STRATA_U8 : a->dtype;
  if (a->dtype != b->dtype || out->dtype != want_out) {
    return tpl_error(STRATA_INVALID_ARGUMENT, "%s: a is %s, b is %s, out is %s: %s", op,
                     tpl_shape_text(a).text, tpl_shape_text(b).text, tpl_shape_text(out).text,
                     is_comparison(sub_op) ? "a and b need one dtype, and a comparison writes u8"
                                           : "a, b and out need one dtype");
  }
  if (a->dtype != STRATA_F32) {
    return tpl_error(STRATA_UNSUPPORTED, "%s: a and b are %s: the template backend does f32 only",
                     op, tpl_shape_text(a).text);
  }
  return NULL;
}

static strata_error* check_shapes(const char* op, const strata_tensor* a, const strata_tensor* b,
                                  const strata_tensor* out) {
  if (tpl_same_shape(a, out) && tpl_same_shape(b, out)) return NULL;
  return tpl_error(STRATA_INVALID_ARGUMENT,
                   "%s: a is %s, b is %s, out is %s: a and b need out's shape (broadcast them "
                   "with stride 0)",
                   op, tpl_shape_text(a).text, tpl_shape_text(b).text, tpl_shape_text(out).text);
}

static void run(int sub_op, const strata_tensor* a, const strata_tensor* b,
                const strata_tensor* out) {
  int64_t index[STRATA_MAX_RANK] = {0};
  do {
    const float x = tpl_load_f32(a, tpl_offset_of(a, index));
    const float y = tpl_load_f32(b, tpl_offset_of(b, index));
    const int64_t at = tpl_offset_of(out, index);
    if (is_comparison(sub_op)) {
      tpl_store_u8(out, at, comparison(sub_op, x, y));
    } else {
      tpl_store_f32(out, at, (float)arithmetic(sub_op, x, y));
    }
  } while (tpl_next_index(index, out->shape, out->rank));
}

strata_error* tpl_op_binary(const strata_op_call* call, tpl_phase phase) {
  if (call->sub_op < 0 || call->sub_op >= NUM_BINARY) {
    return tpl_error(STRATA_UNSUPPORTED, "binary: unknown sub-code %d (ABI 1.0 has 0..%d)",
                     (int)call->sub_op, NUM_BINARY - 1);
  }
  char op[32];
  snprintf(op, sizeof op, "binary %s", binary_names[call->sub_op]);
  static const char* const inputs[] = {"a", "b"};
  static const char* const outputs[] = {"out"};
  strata_error* err = tpl_check_call(call, op, inputs, 2, outputs, 1, phase);
  if (err != NULL) return err;
  const strata_tensor* a = call->inputs[0];
  const strata_tensor* b = call->inputs[1];
  const strata_tensor* out = call->outputs[0];
  err = check_dtypes(op, call->sub_op, a, b, out);
  if (err == NULL) err = check_shapes(op, a, b, out);
  if (err != NULL || phase == TPL_VALIDATE) return err;

  if (tpl_element_count(out) > 0) run(call->sub_op, a, b, out);
  return NULL;
}
