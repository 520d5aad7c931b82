/* A minimal backend plugin in C99 that misbehaves on purpose, one way per build.
 *
 * Each build of this file is one test plugin; compile definitions pick its name, its probe
 * score and its misbehaviour (see tests/loader/CMakeLists.txt). Being plain C99 it also proves
 * that strata/backend.h is usable from C. The working parts are deliberately tiny: memory in
 * malloc'd blocks, no ops.
 *
 *   TEST_PLUGIN_NAME     "name" reported by get_info (the file is libstrata-backend-NAME.so)
 *   TEST_SCORE           probe score
 *   TEST_PROBE_REASON    probe reason text
 *   TEST_NO_BOOTSTRAP    export no strata_backend_get_api at all
 *   TEST_ABI_MAJOR       the only major this plugin answers (default STRATA_ABI_MAJOR)
 *   TEST_TRUNCATED       struct_size ends before the `execute` slot
 *   TEST_NULL_REQUIRED   the required slot buffer_read is NULL
 *   TEST_NO_OPTIONAL     every optional slot (set/get_num_threads, buffer_map) is NULL
 *   TEST_INIT_ERROR      instance_create fails with this message
 *   TEST_INIT_ECHO       instance_create fails with a message echoing the options it got
 */
#include <strata/backend.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef TEST_SCORE
#define TEST_SCORE 1
#endif
#ifndef TEST_PROBE_REASON
#define TEST_PROBE_REASON "test plugin"
#endif
#ifndef TEST_ABI_MAJOR
#define TEST_ABI_MAJOR STRATA_ABI_MAJOR
#endif

/* ---- errors ---- */

struct strata_error {
  strata_status_code code;
  char message[1024];
};

/* Returned when even an error cannot be allocated; error_destroy leaves it alone. */
static strata_error out_of_memory = {STRATA_OUT_OF_MEMORY, "test: out of memory"};

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
  static const char name[] = TEST_PLUGIN_NAME;
  static const char version[] = "0.0.1";
  static const char description[] = "misbehaving test plugin";
  info->name = name;
  info->name_len = sizeof name - 1;
  info->version = version;
  info->version_len = sizeof version - 1;
  info->description = description;
  info->description_len = sizeof description - 1;
}

static void probe(strata_probe_result* result) {
  static const char reason[] = TEST_PROBE_REASON;
  result->score = TEST_SCORE;
  result->reason = reason;
  result->reason_len = sizeof reason - 1;
}

/* ---- instances ---- */

struct strata_instance {
  int32_t num_threads;
};

#if defined(TEST_INIT_ECHO)
/* "test: refusing to start; got num_threads=N settings=[k=v, ...]", so tests can see exactly
 * what the host passed. */
static strata_error* echo_options(const strata_instance_options* options) {
  char text[1024];
  size_t used;
  size_t i;
  used =
      (size_t)snprintf(text, sizeof text, "test: refusing to start; got num_threads=%d settings=[",
                       options != NULL ? (int)options->num_threads : -1);
  for (i = 0; options != NULL && i < options->num_settings && used < sizeof text; ++i) {
    const strata_setting* s = &options->settings[i];
    used += (size_t)snprintf(text + used, sizeof text - used, "%s%.*s=%.*s", i > 0 ? ", " : "",
                             (int)s->key_len, s->key, (int)s->value_len, s->value);
  }
  if (used < sizeof text) snprintf(text + used, sizeof text - used, "]");
  return make_error(STRATA_INVALID_ARGUMENT, text);
}
#endif

static strata_error* instance_create(const strata_instance_options* options,
                                     strata_instance** out) {
#if defined(TEST_INIT_ECHO)
  (void)out;
  return echo_options(options);
#elif defined(TEST_INIT_ERROR)
  (void)options;
  (void)out;
  return make_error(STRATA_INVALID_ARGUMENT, TEST_INIT_ERROR);
#else
  strata_instance* instance = (strata_instance*)malloc(sizeof *instance);
  if (instance == NULL) return make_error(STRATA_OUT_OF_MEMORY, "test: out of memory");
  instance->num_threads = options != NULL && options->num_threads > 0 ? options->num_threads : 1;
  *out = instance;
  return NULL;
#endif
}

static void instance_destroy(strata_instance* instance) {
  free(instance);
}

#if !defined(TEST_NO_OPTIONAL)
static strata_error* set_num_threads(strata_instance* instance, int32_t num_threads) {
  instance->num_threads = num_threads > 0 ? num_threads : 1;
  return NULL;
}

static int32_t get_num_threads(const strata_instance* instance) {
  return instance->num_threads;
}
#endif

/* ---- memory ---- */

struct strata_buffer {
  uint64_t size;
  unsigned char* bytes;
};

static strata_error* buffer_alloc(strata_instance* instance, uint64_t size, strata_buffer** out) {
  strata_buffer* buffer = (strata_buffer*)malloc(sizeof *buffer);
  (void)instance;
  if (buffer == NULL) return make_error(STRATA_OUT_OF_MEMORY, "test: out of memory");
  buffer->size = size;
  buffer->bytes = (unsigned char*)malloc((size_t)size + 1); /* +1: size 0 stays distinct */
  if (buffer->bytes == NULL) {
    free(buffer);
    return make_error(STRATA_OUT_OF_MEMORY, "test: out of memory");
  }
  *out = buffer;
  return NULL;
}

static void buffer_free(strata_instance* instance, strata_buffer* buffer) {
  (void)instance;
  if (buffer != NULL) free(buffer->bytes);
  free(buffer);
}

static strata_error* check_range(const char* slot, const strata_buffer* buffer, uint64_t offset,
                                 uint64_t size) {
  char text[256];
  if (buffer == NULL) {
    snprintf(text, sizeof text, "%s: buffer is NULL", slot);
    return make_error(STRATA_INVALID_ARGUMENT, text);
  }
  if (offset > buffer->size || size > buffer->size - offset) {
    snprintf(text, sizeof text, "%s: test range check failed", slot);
    return make_error(STRATA_INVALID_ARGUMENT, text);
  }
  return NULL;
}

static strata_error* buffer_write(strata_instance* instance, strata_buffer* dst, uint64_t offset,
                                  const void* src, uint64_t size) {
  strata_error* err = check_range("buffer_write", dst, offset, size);
  (void)instance;
  if (err == NULL && size > 0) memcpy(dst->bytes + offset, src, (size_t)size);
  return err;
}

#if !defined(TEST_NULL_REQUIRED)
static strata_error* buffer_read(strata_instance* instance, const strata_buffer* src,
                                 uint64_t offset, void* dst, uint64_t size) {
  strata_error* err = check_range("buffer_read", src, offset, size);
  (void)instance;
  if (err == NULL && size > 0) memcpy(dst, src->bytes + offset, (size_t)size);
  return err;
}
#endif

static strata_error* buffer_copy(strata_instance* instance, const strata_buffer* src,
                                 uint64_t src_offset, strata_buffer* dst, uint64_t dst_offset,
                                 uint64_t size) {
  strata_error* err = check_range("buffer_copy", src, src_offset, size);
  (void)instance;
  if (err == NULL) err = check_range("buffer_copy", dst, dst_offset, size);
  if (err == NULL && size > 0)
    memmove(dst->bytes + dst_offset, src->bytes + src_offset, (size_t)size);
  return err;
}

#if !defined(TEST_NO_OPTIONAL)
static strata_error* buffer_map(strata_instance* instance, strata_buffer* buffer, void** ptr) {
  (void)instance;
  *ptr = buffer->bytes;
  return NULL;
}
#endif

/* ---- execution: no ops at all ---- */

static strata_error* supports(const strata_instance* instance, const strata_op_call* call) {
  (void)instance;
  (void)call;
  return make_error(STRATA_UNSUPPORTED, "test: this plugin runs no ops");
}

static strata_error* execute(strata_instance* instance, const strata_op_call* call) {
  return supports(instance, call);
}

static strata_error* synchronize(strata_instance* instance) {
  (void)instance;
  return NULL;
}

/* ---- the table ---- */

#if defined(TEST_TRUNCATED)
#define TEST_TABLE_SIZE offsetof(strata_backend_api, execute)
#else
#define TEST_TABLE_SIZE sizeof(strata_backend_api)
#endif

#if defined(TEST_NO_OPTIONAL)
#define TEST_OPTIONAL(slot) NULL
#else
#define TEST_OPTIONAL(slot) slot
#endif

static const strata_backend_api api = {
    TEST_TABLE_SIZE,
    TEST_ABI_MAJOR,
    STRATA_ABI_MINOR,
    error_code,
    error_message,
    error_destroy,
    get_info,
    probe,
    instance_create,
    instance_destroy,
    TEST_OPTIONAL(set_num_threads),
    TEST_OPTIONAL(get_num_threads),
    buffer_alloc,
    buffer_free,
    buffer_write,
#if defined(TEST_NULL_REQUIRED)
    NULL,
#else
    buffer_read,
#endif
    buffer_copy,
    TEST_OPTIONAL(buffer_map),
    supports,
    execute,
    synchronize,
};

#if defined(TEST_NO_BOOTSTRAP)
/* A shared library with an exported function, just not the one Strata looks for. */
STRATA_PLUGIN_EXPORT const strata_backend_api* strata_backend_get_api_v0(uint32_t abi_major) {
  return abi_major == TEST_ABI_MAJOR ? &api : NULL;
}
#else
STRATA_PLUGIN_EXPORT const strata_backend_api* strata_backend_get_api(uint32_t abi_major) {
  return abi_major == TEST_ABI_MAJOR ? &api : NULL;
}
#endif
