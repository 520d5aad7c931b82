/*
 * STRATA_OP_MATMUL on f32: c = alpha * a @ b + beta * c, batched.
 *
 * a is [..., M, K], b [..., K, N], c [..., M, N], all of one rank (2..8) and one batch shape.
 * Transposes arrive as strides and a batch an input does not vary along as stride 0, so each
 * element of c is one dot product read through a's and b's strides.
 */
#include <string.h>

#include "error.h"
#include "ops.h"
#include "tensor.h"

static const char op[] = "matmul";

static strata_error* check_dtypes(const strata_tensor* a, const strata_tensor* b,
                                  const strata_tensor* c) {
  if (c->dtype != STRATA_F32) {
    return tpl_error(STRATA_UNSUPPORTED, "%s: c is %s: the template backend does f32 only", op,
                     tpl_shape_text(c).text);
  }
  if (a->dtype != c->dtype || b->dtype != c->dtype) {
    return tpl_error(STRATA_INVALID_ARGUMENT,
                     "%s: a is %s, b is %s, c is %s: all three need one dtype", op,
                     tpl_shape_text(a).text, tpl_shape_text(b).text, tpl_shape_text(c).text);
  }
  return NULL;
}

static strata_error* shape_error(const strata_tensor* a, const strata_tensor* b,
                                 const strata_tensor* c, const char* reason) {
  return tpl_error(STRATA_INVALID_ARGUMENT, "%s: a is %s, b is %s, c is %s: %s", op,
                   tpl_shape_text(a).text, tpl_shape_text(b).text, tpl_shape_text(c).text, reason);
}

static strata_error* check_shapes(const strata_tensor* a, const strata_tensor* b,
                                  const strata_tensor* c) {
  const int32_t r = c->rank;
  if (r < 2 || a->rank != r || b->rank != r) {
    return shape_error(a, b, c, "all three need the same rank, 2..8");
  }
  const size_t batch_bytes = (size_t)(r - 2) * sizeof c->shape[0];
  if (memcmp(a->shape, c->shape, batch_bytes) != 0 ||
      memcmp(b->shape, c->shape, batch_bytes) != 0) {
    return shape_error(a, b, c, "the batch (leading) dimensions differ");
  }
  if (a->shape[r - 1] != b->shape[r - 2]) {
    return shape_error(a, b, c, "the inner dimensions (a's last, b's second to last) differ");
  }
  if (c->shape[r - 2] != a->shape[r - 2] || c->shape[r - 1] != b->shape[r - 1]) {
    return shape_error(a, b, c, "c must be [..., M, N] for a [..., M, K] and b [..., K, N]");
  }
  return NULL;
}

/* The host's params struct may be older (smaller) or newer (larger) than ours: copy what both
 * know and leave the rest zero, as the ABI's struct_size rule says. */
static strata_matmul_params read_params(const void* params) {
  strata_matmul_params result;
  memset(&result, 0, sizeof result);
  size_t size;
  memcpy(&size, params, sizeof size);
  memcpy(&result, params, size < sizeof result ? size : sizeof result);
  return result;
}

/* sum_k a[..., m, k] * b[..., k, n] for the element of c at `index`, accumulated in double so
 * long inner dimensions keep their precision. */
static double dot(const strata_tensor* a, const strata_tensor* b, const int64_t* index) {
  const int32_t r = a->rank;
  int64_t a_index[STRATA_MAX_RANK], b_index[STRATA_MAX_RANK];
  memcpy(a_index, index, (size_t)r * sizeof index[0]);
  memcpy(b_index, index, (size_t)r * sizeof index[0]);
  a_index[r - 1] = 0; /* a[..., m, 0] */
  b_index[r - 2] = 0; /* b[..., 0, n] */
  const int64_t a_start = tpl_offset_of(a, a_index), a_step = a->strides[r - 1];
  const int64_t b_start = tpl_offset_of(b, b_index), b_step = b->strides[r - 2];
  double sum = 0;
  for (int64_t k = 0; k < a->shape[r - 1]; ++k) {
    sum += (double)tpl_load_f32(a, a_start + k * a_step) * tpl_load_f32(b, b_start + k * b_step);
  }
  return sum;
}

static void run(const strata_tensor* a, const strata_tensor* b, const strata_tensor* c,
                strata_matmul_params params) {
  int64_t index[STRATA_MAX_RANK] = {0};
  do {
    const int64_t at = tpl_offset_of(c, index);
    double value = params.alpha * dot(a, b, index);
    /* beta == 0 makes c write-only: NaN or garbage in c must not leak through 0 * c. */
    if (params.beta != 0) value += params.beta * tpl_load_f32(c, at);
    tpl_store_f32(c, at, (float)value);
  } while (tpl_next_index(index, c->shape, c->rank));
}

strata_error* tpl_op_matmul(const strata_op_call* call, tpl_phase phase) {
  static const char* const inputs[] = {"a", "b"};
  static const char* const outputs[] = {"c"};
  strata_error* err = tpl_check_call(call, op, inputs, 2, outputs, 1, phase);
  if (err != NULL) return err;
  const strata_tensor* a = call->inputs[0];
  const strata_tensor* b = call->inputs[1];
  const strata_tensor* c = call->outputs[0];
  err = check_dtypes(a, b, c);
  if (err == NULL) err = check_shapes(a, b, c);
  if (err == NULL && call->params == NULL) {
    /* Required: NULL would silently mean alpha = 0. */
    err = tpl_error(STRATA_INVALID_ARGUMENT,
                    "%s: params are NULL; matmul needs strata_matmul_params (alpha, beta)", op);
  }
  if (err != NULL || phase == TPL_VALIDATE) return err;

  if (tpl_element_count(c) > 0) run(a, b, c, read_params(call->params));
  return NULL;
}
