// What every op of the AVX backend shares: the validate-or-run entry point, arity and shape
// checks (with the reference backend's messages), reading a parameter struct of any
// struct_size, and the threads and scratch memory an op may use.
#pragma once

#include <strata/backend.h>
#include <strata/kit/descriptor.hpp>
#include <strata/kit/params.hpp>

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "error.hpp"
#include "isa.hpp"
#include "scratch.hpp"
#include "tensor.hpp"
#include "thread_pool.hpp"

namespace strata_avx {

// kValidate checks metadata only (buffers may be NULL): the `supports` slot.
// kRun validates, including buffer bounds, then computes: the `execute` slot.
enum class Phase { kValidate, kRun };

// The instance's resources an op runs with.
struct ExecContext {
  ThreadPool& pool;
  std::vector<Scratch>& scratch;  // one per worker of the pool
  Isa isa;                        // of the GEMM kernels
};

// One function per op family; all validate before running.
using OpFunction = strata_error* (*)(const strata_op_call& call, Phase phase, ExecContext& ctx);

// Checks the input/output counts and every descriptor (strata::kit::check_call); buffers only
// when running.
strata_error* check_call(const strata_op_call& call, std::string_view op, size_t num_inputs,
                         size_t num_outputs, Phase phase);

using strata::kit::operands_text;
using strata::kit::read_params;

// Every input has out[0]'s shape (broadcasting arrives as stride 0); `roles` names inputs
// then outputs for the message.
inline strata_error* check_same_shapes(std::string_view op, const strata_op_call& call,
                                       std::initializer_list<std::string_view> roles) {
  return make_error(strata::kit::check_same_shapes(op, call, roles));
}

// "family function" for each function of an op family (sub-codes 0..count-1), formatted once:
// ops name themselves to every check, and formatting that name per call costs more than a small
// op's work. Make it a function's static, so it is built on first use (after the probe).
class OpNames {
 public:
  template <typename NameOf>
  OpNames(std::string_view family, int count, NameOf&& name_of) {
    names_.reserve(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) names_.push_back(fmt::format("{} {}", family, name_of(i)));
  }
  std::string_view operator[](int32_t sub_op) const { return names_[static_cast<size_t>(sub_op)]; }

 private:
  std::vector<std::string> names_;
};

// The error for a dtype the reference backend takes but this one leaves to it.
strata_error* dtype_unsupported(std::string_view op, const strata_tensor& t,
                                std::string_view supported);

// Splits [0, n) into up to pool-size contiguous ranges of at least `grain` items (one range
// when n < 2 * grain: small work stays on the calling thread) and calls
// fn(begin, end, worker) for each.
template <typename F>
void parallel_ranges(ExecContext& ctx, int64_t n, int64_t grain, F&& fn) {
  if (n <= 0) return;
  const int64_t tasks = std::clamp<int64_t>(n / std::max<int64_t>(grain, 1), 1, ctx.pool.size());
  if (tasks == 1) return fn(int64_t{0}, n, ThreadPool::current_worker());  // no job to share
  auto task = [&](int64_t t, int worker) { fn(n * t / tasks, n * (t + 1) / tasks, worker); };
  ctx.pool.run(tasks, task);
}

// The op families.
strata_error* op_fill(const strata_op_call& call, Phase phase, ExecContext& ctx);
strata_error* op_copy(const strata_op_call& call, Phase phase, ExecContext& ctx);
strata_error* op_cast(const strata_op_call& call, Phase phase, ExecContext& ctx);
strata_error* op_gather(const strata_op_call& call, Phase phase, ExecContext& ctx);
strata_error* op_scatter_add(const strata_op_call& call, Phase phase, ExecContext& ctx);
strata_error* op_where(const strata_op_call& call, Phase phase, ExecContext& ctx);
strata_error* op_unary(const strata_op_call& call, Phase phase, ExecContext& ctx);
strata_error* op_unary_backward(const strata_op_call& call, Phase phase, ExecContext& ctx);
strata_error* op_binary(const strata_op_call& call, Phase phase, ExecContext& ctx);
strata_error* op_reduce(const strata_op_call& call, Phase phase, ExecContext& ctx);
strata_error* op_matmul(const strata_op_call& call, Phase phase, ExecContext& ctx);
strata_error* op_conv2d(const strata_op_call& call, Phase phase, ExecContext& ctx);
strata_error* op_conv2d_backward_data(const strata_op_call& call, Phase phase, ExecContext& ctx);
strata_error* op_conv2d_backward_filter(const strata_op_call& call, Phase phase, ExecContext& ctx);
strata_error* op_pool2d(const strata_op_call& call, Phase phase, ExecContext& ctx);
strata_error* op_pool2d_backward(const strata_op_call& call, Phase phase, ExecContext& ctx);
strata_error* op_softmax(const strata_op_call& call, Phase phase, ExecContext& ctx);
strata_error* op_softmax_backward(const strata_op_call& call, Phase phase, ExecContext& ctx);
strata_error* op_random(const strata_op_call& call, Phase phase, ExecContext& ctx);
strata_error* op_optimizer(const strata_op_call& call, Phase phase, ExecContext& ctx);

}  // namespace strata_avx
