/* A partial backend for the fallback tests: it runs FILL, COPY and the BINARY arithmetic
 * functions (add, sub, mul, div) on float32, with any strides, and reports everything else as
 * STRATA_UNSUPPORTED, so the core must send the rest to the reference backend. It has no
 * buffer_map, so the core can only reach its memory through read and write. It exports one
 * extra symbol, strata_test_partial_supports_calls, counting `supports` calls.
 *
 * Plain C99 against sdk/ alone, as a third-party plugin would be. PARTIAL_NAME sets the name it
 * reports: a second build calls itself "reference", so the core finds no fallback for it.
 */
#include <strata/backend.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef PARTIAL_NAME
#define PARTIAL_NAME "partial"
#endif

/* ---- errors ---- */

struct strata_error {
  strata_status_code code;
  char message[512];
};

static strata_error out_of_memory = {STRATA_OUT_OF_MEMORY, "partial: out of memory"};

static strata_error* make_error(strata_status_code code, const char* message) {
  strata_error* err = (strata_error*)malloc(sizeof *err);
  if (err == NULL) return &out_of_memory;
  err->code = code;
  snprintf(err->message, sizeof err->message, "%s", message);
  return err;
}

static strata_status_code error_code(const strata_error* err) {
  return err->code;
}

static void error_message(const strata_error* err, const char** message, size_t* message_len) {
  *message = err->message;
  *message_len = strlen(err->message);
}

static void error_destroy(strata_error* err) {
  if (err != &out_of_memory) free(err);
}

/* ---- description ---- */

static void get_info(strata_plugin_info* info) {
  static const char name[] = PARTIAL_NAME;
  static const char version[] = "0.0.1";
  static const char description[] = "test plugin: fill, copy and f32 arithmetic only";
  info->name = name;
  info->name_len = sizeof name - 1;
  info->version = version;
  info->version_len = sizeof version - 1;
  info->description = description;
  info->description_len = sizeof description - 1;
}

static void probe(strata_probe_result* result) {
  static const char reason[] = "test plugin";
  result->score = 1;
  result->reason = reason;
  result->reason_len = sizeof reason - 1;
}

/* ---- instances and memory ---- */

struct strata_instance {
  int unused;
};

static strata_error* instance_create(const strata_instance_options* options,
                                     strata_instance** out) {
  strata_instance* instance = (strata_instance*)calloc(1, sizeof *instance);
  (void)options;
  if (instance == NULL) return &out_of_memory;
  *out = instance;
  return NULL;
}

static void instance_destroy(strata_instance* instance) {
  free(instance);
}

struct strata_buffer {
  uint64_t size;
  unsigned char* bytes;
};

static strata_error* buffer_alloc(strata_instance* instance, uint64_t size, strata_buffer** out) {
  strata_buffer* buffer = (strata_buffer*)malloc(sizeof *buffer);
  (void)instance;
  if (buffer == NULL) return &out_of_memory;
  buffer->size = size;
  buffer->bytes = (unsigned char*)malloc((size_t)size + 1);
  if (buffer->bytes == NULL) {
    free(buffer);
    return &out_of_memory;
  }
  *out = buffer;
  return NULL;
}

static void buffer_free(strata_instance* instance, strata_buffer* buffer) {
  (void)instance;
  if (buffer != NULL) free(buffer->bytes);
  free(buffer);
}

static strata_error* check_range(const strata_buffer* buffer, uint64_t offset, uint64_t size) {
  if (buffer == NULL || offset > buffer->size || size > buffer->size - offset) {
    return make_error(STRATA_INVALID_ARGUMENT, "partial: byte range outside the buffer");
  }
  return NULL;
}

static strata_error* buffer_write(strata_instance* instance, strata_buffer* dst, uint64_t offset,
                                  const void* src, uint64_t size) {
  strata_error* err = check_range(dst, offset, size);
  (void)instance;
  if (err == NULL && size > 0) memcpy(dst->bytes + offset, src, (size_t)size);
  return err;
}

static strata_error* buffer_read(strata_instance* instance, const strata_buffer* src,
                                 uint64_t offset, void* dst, uint64_t size) {
  strata_error* err = check_range(src, offset, size);
  (void)instance;
  if (err == NULL && size > 0) memcpy(dst, src->bytes + offset, (size_t)size);
  return err;
}

static strata_error* buffer_copy(strata_instance* instance, const strata_buffer* src,
                                 uint64_t src_offset, strata_buffer* dst, uint64_t dst_offset,
                                 uint64_t size) {
  strata_error* err = check_range(src, src_offset, size);
  (void)instance;
  if (err == NULL) err = check_range(dst, dst_offset, size);
  if (err == NULL && size > 0) memmove(dst->bytes + dst_offset, src->bytes + src_offset, size);
  return err;
}

/* ---- ops ---- */

/* The f32 element at row-major position `linear` of t's logical shape. */
static float* element(const strata_tensor* t, int64_t linear) {
  int64_t offset = 0;
  int k;
  for (k = t->rank - 1; k >= 0; --k) {
    offset += (linear % t->shape[k]) * t->strides[k];
    linear /= t->shape[k];
  }
  return (float*)(t->buffer->bytes + t->byte_offset) + offset;
}

static int64_t count(const strata_tensor* t) {
  int64_t n = 1;
  int k;
  for (k = 0; k < t->rank; ++k) n *= t->shape[k];
  return n;
}

static int same_shape(const strata_tensor* a, const strata_tensor* b) {
  return a->rank == b->rank && memcmp(a->shape, b->shape, sizeof(int64_t) * (size_t)a->rank) == 0;
}

static strata_error* unsupported(const strata_op_call* call) {
  char text[160];
  snprintf(text, sizeof text, "partial: op %d (sub-code %d) with these dtypes is not implemented",
           (int)call->op, (int)call->sub_op);
  return make_error(STRATA_UNSUPPORTED, text);
}

/* NULL when this plugin runs `call`: f32 FILL, COPY and add/sub/mul/div of equal shapes. */
static strata_error* check(const strata_op_call* call) {
  size_t i;
  int arity_ok = 0;
  switch (call->op) {
    case STRATA_OP_FILL:
      arity_ok = call->num_inputs == 0 && call->num_outputs == 1;
      break;
    case STRATA_OP_COPY:
      arity_ok = call->num_inputs == 1 && call->num_outputs == 1;
      break;
    case STRATA_OP_BINARY:
      if (call->sub_op < STRATA_BINARY_ADD || call->sub_op > STRATA_BINARY_DIV) {
        return unsupported(call);
      }
      arity_ok = call->num_inputs == 2 && call->num_outputs == 1;
      break;
    default:
      return unsupported(call);
  }
  if (!arity_ok) return make_error(STRATA_INVALID_ARGUMENT, "partial: wrong operand count");
  for (i = 0; i < call->num_inputs; ++i) {
    if (call->inputs[i]->dtype != STRATA_F32) return unsupported(call);
    if (!same_shape(call->inputs[i], call->outputs[0])) {
      return make_error(STRATA_INVALID_ARGUMENT, "partial: shapes differ");
    }
  }
  if (call->outputs[0]->dtype != STRATA_F32) return unsupported(call);
  return NULL;
}

/* How often `supports` was asked, so tests can see the host cache its answers. */
static long supports_calls = 0;

STRATA_PLUGIN_EXPORT long strata_test_partial_supports_calls(void);
long strata_test_partial_supports_calls(void) {
  return supports_calls;
}

static strata_error* supports(const strata_instance* instance, const strata_op_call* call) {
  (void)instance;
  ++supports_calls;
  return check(call);
}

static float apply(int32_t sub_op, float a, float b) {
  switch (sub_op) {
    case STRATA_BINARY_ADD:
      return a + b;
    case STRATA_BINARY_SUB:
      return a - b;
    case STRATA_BINARY_MUL:
      return a * b;
    default:
      return a / b;
  }
}

static strata_error* execute(strata_instance* instance, const strata_op_call* call) {
  strata_error* err = check(call);
  const strata_tensor* out = call->outputs[0];
  int64_t i, n = count(out);
  (void)instance;
  if (err != NULL) return err;
  for (i = 0; i < n; ++i) {
    if (call->op == STRATA_OP_FILL) {
      *element(out, i) = (float)((const strata_fill_params*)call->params)->value;
    } else if (call->op == STRATA_OP_COPY) {
      *element(out, i) = *element(call->inputs[0], i);
    } else {
      *element(out, i) =
          apply(call->sub_op, *element(call->inputs[0], i), *element(call->inputs[1], i));
    }
  }
  return NULL;
}

static strata_error* synchronize(strata_instance* instance) {
  (void)instance;
  return NULL;
}

static const strata_backend_api api = {sizeof(strata_backend_api),
                                       STRATA_ABI_MAJOR,
                                       STRATA_ABI_MINOR,
                                       error_code,
                                       error_message,
                                       error_destroy,
                                       get_info,
                                       probe,
                                       instance_create,
                                       instance_destroy,
                                       NULL,
                                       NULL,
                                       buffer_alloc,
                                       buffer_free,
                                       buffer_write,
                                       buffer_read,
                                       buffer_copy,
                                       NULL,
                                       supports,
                                       execute,
                                       synchronize};

STRATA_PLUGIN_EXPORT const strata_backend_api* strata_backend_get_api(uint32_t abi_major) {
  return abi_major == STRATA_ABI_MAJOR ? &api : NULL;
}
