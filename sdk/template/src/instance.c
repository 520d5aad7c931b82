#include "instance.h"

#include <stdlib.h>

#include "buffer.h"
#include "error.h"

/* Settings come from the backend's section of the user's config file ("template": {...}).
 * This backend has none, so any key is a mistake worth naming: a typo should not pass
 * silently. Options may come from a host built against an older ABI minor, hence
 * STRATA_STRUCT_HAS before reading a field. */
static strata_error* check_settings(const strata_instance_options* options) {
  if (options == NULL || !STRATA_STRUCT_HAS(options, strata_instance_options, num_settings) ||
      options->num_settings == 0) {
    return NULL;
  }
  const strata_setting* s = &options->settings[0];
  return tpl_error(STRATA_INVALID_ARGUMENT,
                   "template: unknown setting '%.*s': the template backend takes no settings; "
                   "remove the \"template\" section from the config file",
                   (int)s->key_len, s->key);
}

strata_error* tpl_instance_create(const strata_instance_options* options, strata_instance** out) {
  strata_error* err = check_settings(options);
  if (err != NULL) return err;
  strata_instance* instance = malloc(sizeof *instance);
  if (instance == NULL) {
    return tpl_error(STRATA_OUT_OF_MEMORY, "template: cannot allocate an instance");
  }
  instance->buffers = NULL;
  *out = instance; /* only on success: on error *out stays untouched */
  return NULL;
}

void tpl_instance_destroy(strata_instance* instance) {
  /* Work is synchronous here, so nothing is pending; an asynchronous backend waits first. */
  while (instance->buffers != NULL) tpl_buffer_free(instance, instance->buffers);
  free(instance);
}

/* Ops run on the thread that calls execute, whatever num_threads asked for. */
int32_t tpl_get_num_threads(const strata_instance* instance) {
  (void)instance;
  return 1;
}
