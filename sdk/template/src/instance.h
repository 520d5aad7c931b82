/*
 * Instances: what the host creates with instance_create and uses from one thread at a time.
 *
 * A real backend keeps its device context, queues and thread pool here. This one computes on
 * the calling thread, so an instance only tracks the buffers it owns: the ABI says
 * instance_destroy frees every buffer the host has not freed.
 */
#ifndef TPL_INSTANCE_H_
#define TPL_INSTANCE_H_

#include <strata/backend.h>

struct strata_instance {
  strata_buffer* buffers; /* every live buffer of this instance, a doubly linked list */
};

/* The ABI's instance slots. */
strata_error* tpl_instance_create(const strata_instance_options* options, strata_instance** out);
void tpl_instance_destroy(strata_instance* instance);
int32_t tpl_get_num_threads(const strata_instance* instance);

#endif /* TPL_INSTANCE_H_ */
