/*
 * The template backend: a minimal Strata plugin in C99, written against the installed SDK
 * alone. It implements the binary family and matmul in f32 and says "unsupported" to
 * everything else, so the host runs those ops on another backend.
 *
 * This file is the plugin's face: the bootstrap symbol, the function table, and what the
 * plugin says about itself. The rest lives one concept per file: error.c (error values),
 * instance.c, buffer.c (memory), tensor.c (descriptors), ops.c (supports/execute) and one
 * op_*.c per op.
 */
#include <strata/backend.h>

#include "buffer.h"
#include "error.h"
#include "instance.h"
#include "ops.h"

#ifndef TPL_VERSION
#define TPL_VERSION "0.0.0" /* CMakeLists.txt passes the project's version */
#endif

/* Strings cross the ABI as pointer + length; static ones live as long as the library. */
#define TPL_STRING(field, text)       \
  do {                                \
    (field) = (text);                 \
    (field##_len) = sizeof(text) - 1; \
  } while (0)

/* Every field here exists since ABI 1.0, so the host's struct has room for all of them. A
 * field added in a later minor is written only if STRATA_STRUCT_HAS(info, ...) says the
 * host's struct is large enough. */
static void get_info(strata_plugin_info* info) {
  TPL_STRING(info->name, "template");
  TPL_STRING(info->version, TPL_VERSION);
  TPL_STRING(info->description, "a minimal third-party backend: binary ops and matmul in f32");
}

/* Score 1, the lowest that still runs: under "auto" any complete backend is preferred, and a
 * user picks this one by name (STRATA_BACKEND=template). */
static void probe(strata_probe_result* result) {
  result->score = 1;
  TPL_STRING(result->reason, "portable C, runs on any machine");
}

/* Static and constant: the host may keep the pointer for as long as the process runs. Slots
 * left NULL (set_num_threads) are optional ones this backend does without. */
static const strata_backend_api api = {
    .struct_size = sizeof(strata_backend_api),
    .abi_major = STRATA_ABI_MAJOR,
    .abi_minor = STRATA_ABI_MINOR,
    .error_code = tpl_error_code,
    .error_message = tpl_error_message,
    .error_destroy = tpl_error_destroy,
    .get_info = get_info,
    .probe = probe,
    .instance_create = tpl_instance_create,
    .instance_destroy = tpl_instance_destroy,
    .set_num_threads = NULL,
    .get_num_threads = tpl_get_num_threads,
    .buffer_alloc = tpl_buffer_alloc,
    .buffer_free = tpl_buffer_free,
    .buffer_write = tpl_buffer_write,
    .buffer_read = tpl_buffer_read,
    .buffer_copy = tpl_buffer_copy,
    .buffer_map = tpl_buffer_map,
    .supports = tpl_supports,
    .execute = tpl_execute,
    .synchronize = tpl_synchronize,
};

/* The one exported symbol. A host speaking another ABI major gets NULL and rejects the plugin
 * with a clear message, instead of calling into a table it would misread. */
STRATA_PLUGIN_EXPORT const strata_backend_api* strata_backend_get_api(uint32_t abi_major) {
  return abi_major == STRATA_ABI_MAJOR ? &api : NULL;
}
