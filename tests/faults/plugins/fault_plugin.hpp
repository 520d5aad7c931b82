// What the fault plugin (fault_plugin.cpp) tells a test about itself, through one extra exported
// function the test finds with dlsym: the counts that show every buffer and instance was freed.
#pragma once

#include <stdint.h>

struct strata_fault_stats {
  uint64_t instances_created;
  uint64_t instances_destroyed;
  uint64_t buffers_allocated;
  uint64_t buffers_freed;
  // Buffers still allocated when their instance was destroyed (the host forgot them).
  uint64_t buffers_left_at_destroy;
  uint64_t faults_injected;
};

#define STRATA_FAULT_STATS_SYMBOL "strata_fault_plugin_stats"
typedef void (*strata_fault_stats_fn)(struct strata_fault_stats* out);
