// One AVX-backend instance: its worker threads, their scratch memory, and the buffers it
// handed out (freed with the instance, as the ABI says).
#pragma once

#include <strata/backend.h>

#include <memory>
#include <vector>

#include "buffer_pool.hpp"
#include "isa.hpp"
#include "op_common.hpp"
#include "scratch.hpp"
#include "thread_pool.hpp"

struct strata_instance {
  std::unique_ptr<strata_avx::ThreadPool> pool;
  std::vector<strata_avx::Scratch> scratch;  // one per thread of the pool
  strata_avx::BufferPool buffers;
  strata_avx::Isa isa = strata_avx::Isa::kAvx2;  // of the GEMM kernels (see isa.hpp)

  strata_avx::ExecContext context() { return {*pool, scratch, isa}; }
};

namespace strata_avx {

// The most threads an instance accepts: far beyond any useful count, low enough that a typo
// does not start a million threads.
constexpr int32_t kMaxThreads = 256;

// The cores this process may run on (sched_getaffinity), at least 1.
int32_t usable_cores();

// The instance_create slot's work once the probe has passed: reads num_threads and the
// settings ("threads", "isa"), chooses the kernels among those `best` allows, starts the pool.
strata_error* create_instance(const strata_instance_options* options, Isa best,
                              strata_instance** out);

// Restarts the pool with `threads` threads (0: usable_cores()).
strata_error* resize_pool(strata_instance& instance, int32_t threads);

}  // namespace strata_avx
