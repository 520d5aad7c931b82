/* Two builds of this C99 plugin, twin-left and twin-right, both export a function named
 * strata_twin_identity with a body of their own, and get_info reports what that call returns.
 * Loaded with local binding each sees its own; had the loader used global binding, the second
 * one loaded would call the first one's (ELF interposition) and report the wrong name.
 * The plugin runs no ops and keeps no memory: the loader tests need only get_info.
 *
 *   TWIN_NAME   the name this build's strata_twin_identity returns
 */
#include <strata/backend.h>

#include <string.h>

/* Exported on purpose: the collision the loader must prevent. */
STRATA_PLUGIN_EXPORT const char* strata_twin_identity(void);
STRATA_PLUGIN_EXPORT const char* strata_twin_identity(void) {
  return TWIN_NAME;
}

struct strata_error {
  strata_status_code code;
};
static strata_error unsupported = {STRATA_UNSUPPORTED};

static strata_status_code error_code(const strata_error* err) {
  return err->code;
}

static void error_message(const strata_error* err, const char** message, size_t* length) {
  (void)err;
  *message = "twin: runs nothing";
  *length = strlen(*message);
}

static void error_destroy(strata_error* err) {
  (void)err; /* static */
}

static void get_info(strata_plugin_info* info) {
  info->name = strata_twin_identity();
  info->name_len = strlen(info->name);
  info->version = "1.0.0";
  info->version_len = 5;
  info->description = "test plugin: symbol collision check";
  info->description_len = strlen(info->description);
}

static void probe(strata_probe_result* result) {
  result->score = 1;
  result->reason = "test plugin";
  result->reason_len = strlen(result->reason);
}

static strata_error* instance_create(const strata_instance_options* options,
                                     strata_instance** out) {
  (void)options;
  (void)out;
  return &unsupported;
}

static void instance_destroy(strata_instance* instance) {
  (void)instance;
}

static strata_error* buffer_alloc(strata_instance* instance, uint64_t size, strata_buffer** out) {
  (void)instance;
  (void)size;
  (void)out;
  return &unsupported;
}

static void buffer_free(strata_instance* instance, strata_buffer* buffer) {
  (void)instance;
  (void)buffer;
}

static strata_error* buffer_write(strata_instance* instance, strata_buffer* dst, uint64_t offset,
                                  const void* src, uint64_t size) {
  (void)instance, (void)dst, (void)offset, (void)src, (void)size;
  return &unsupported;
}

static strata_error* buffer_read(strata_instance* instance, const strata_buffer* src,
                                 uint64_t offset, void* dst, uint64_t size) {
  (void)instance, (void)src, (void)offset, (void)dst, (void)size;
  return &unsupported;
}

static strata_error* buffer_copy(strata_instance* instance, const strata_buffer* src,
                                 uint64_t src_offset, strata_buffer* dst, uint64_t dst_offset,
                                 uint64_t size) {
  (void)instance, (void)src, (void)src_offset, (void)dst, (void)dst_offset, (void)size;
  return &unsupported;
}

static strata_error* supports(const strata_instance* instance, const strata_op_call* call) {
  (void)instance, (void)call;
  return &unsupported;
}

static strata_error* execute(strata_instance* instance, const strata_op_call* call) {
  (void)instance, (void)call;
  return &unsupported;
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
