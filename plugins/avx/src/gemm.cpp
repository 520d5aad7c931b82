// The GEMM entry points: the instance's kernel set (portable code; the kernels are reached only
// through an instance, made only once the probe has passed and allowed the set).
#include "gemm.hpp"

namespace strata_avx::gemm {

void run_serial(Isa isa, const Problem& problem, Scratch& scratch) {
  if (isa == Isa::kAvx512) return avx512::run_serial(problem, scratch);
  avx2::run_serial(problem, scratch);
}

void run(ExecContext& ctx, const Problem* problems, int64_t count) {
  if (ctx.isa == Isa::kAvx512) return avx512::run(ctx, problems, count);
  avx2::run(ctx, problems, count);
}

}  // namespace strata_avx::gemm
