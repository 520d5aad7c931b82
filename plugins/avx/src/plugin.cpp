// The AVX backend's ABI surface: bootstrap, table, description, probe, instances, buffers and
// dispatch. Portable code: everything up to a successful instance_create runs on any x86-64,
// and no AVX2 code is reachable before then (instance_create refuses when the probe fails).
// Execution is synchronous: every op completes inside `execute`, using the instance's threads.
#include <strata/backend.h>
#include <strata/kit/host_buffers.hpp>
#include <strata/kit/op_table.hpp>
#include <strata/kit/plugin.hpp>

#include "buffer.hpp"
#include "cpu_probe.hpp"
#include "error.hpp"
#include "instance.hpp"
#include "op_common.hpp"

namespace strata_avx {
namespace {

void get_info(strata_plugin_info* info) {
  strata::kit::fill_info(info, {"avx", "1.0.0",
                                "AVX2/FMA CPU kernels: packed GEMM, implicit-GEMM convolution, "
                                "multithreaded (f32 and integer ops)"});
}

void probe(strata_probe_result* result) {
  const CpuVerdict& verdict = this_machine();
  strata::kit::fill_probe(result, verdict.score, verdict.reason);
}

strata_error* instance_create(const strata_instance_options* options, strata_instance** out) {
  const CpuVerdict& verdict = this_machine();
  if (verdict.score == 0) {
    return make_error(STRATA_UNSUPPORTED,
                      fmt::format("avx: cannot run on this machine: {}", verdict.reason));
  }
  return create_instance(options, verdict.best, out);
}

void instance_destroy(strata_instance* instance) {
  delete instance;  // its pool frees the buffers still live
}

strata_error* set_num_threads(strata_instance* instance, int32_t num_threads) {
  if (instance == nullptr) return invalid("set_num_threads: instance is NULL");
  return resize_pool(*instance, num_threads);
}

int32_t get_num_threads(const strata_instance* instance) {
  return instance == nullptr ? 0 : instance->pool->size();
}

strata_error* buffer_alloc(strata_instance* instance, uint64_t size, strata_buffer** out) {
  if (instance == nullptr) return invalid("buffer_alloc: instance is NULL");
  strata_buffer* buffer = instance->buffers.allocate(size);
  if (buffer == nullptr) {
    return make_error(STRATA_OUT_OF_MEMORY,
                      fmt::format("avx: cannot allocate a {}-byte buffer", size));
  }
  *out = buffer;
  return nullptr;
}

void buffer_free(strata_instance* instance, strata_buffer* buffer) {
  if (buffer == nullptr) return;
  instance->buffers.release(buffer);
}

strata::kit::HostSpan host_span(const strata_buffer* buffer) {
  return {buffer->bytes, buffer->size};
}

using Buffers = strata::kit::HostBuffers<Errors, host_span>;

constexpr auto kOps = strata::kit::OpTable<OpFunction>{op_fill,
                                                       op_copy,
                                                       op_cast,
                                                       op_gather,
                                                       op_scatter_add,
                                                       op_where,
                                                       op_unary,
                                                       op_unary_backward,
                                                       op_binary,
                                                       op_reduce,
                                                       op_matmul,
                                                       op_conv2d,
                                                       op_conv2d_backward_data,
                                                       op_conv2d_backward_filter,
                                                       op_pool2d,
                                                       op_pool2d_backward,
                                                       op_softmax,
                                                       op_softmax_backward,
                                                       op_random,
                                                       op_optimizer};

strata_error* dispatch(strata_instance* instance, const strata_op_call* call, Phase phase) {
  if (instance == nullptr) return invalid("execute: instance is NULL");
  if (call == nullptr) return invalid("execute: call is NULL");
  const int code = strata::kit::op_code(*call);
  OpFunction fn = kOps.find(code);
  if (fn == nullptr) {
    return unsupported("avx: op code {} is not part of ABI 1.0", code);
  }
  try {
    ExecContext ctx = instance->context();
    return fn(*call, phase, ctx);
  } catch (const std::bad_alloc&) {
    return make_error(STRATA_OUT_OF_MEMORY, "avx: out of host memory while running an op");
  } catch (const std::exception& e) {
    return make_error(STRATA_INTERNAL, fmt::format("avx: internal error: {}", e.what()));
  }
}

// Validation reads nothing the instance owns; the context is only used when running.
strata_error* supports(const strata_instance* instance, const strata_op_call* call) {
  return dispatch(const_cast<strata_instance*>(instance), call, Phase::kValidate);
}

strata_error* execute(strata_instance* instance, const strata_op_call* call) {
  return dispatch(instance, call, Phase::kRun);
}

strata_error* synchronize(strata_instance*) {
  return nullptr;
}

constexpr strata_backend_api kApi = strata::kit::api_table<Errors>(
    strata::kit::Slots{get_info, probe, instance_create, instance_destroy, set_num_threads,
                       get_num_threads, buffer_alloc, buffer_free, Buffers::write, Buffers::read,
                       Buffers::copy, Buffers::map, supports, execute, synchronize});

}  // namespace
}  // namespace strata_avx

extern "C" STRATA_PLUGIN_EXPORT const strata_backend_api* strata_backend_get_api(
    uint32_t abi_major) {
  return strata::kit::api_for(abi_major, strata_avx::kApi);
}
