// The reference backend's ABI surface: bootstrap, table, instances, buffers, dispatch.
// Execution is synchronous: every op completes inside `execute`, so synchronize has nothing
// to wait for.
#include <strata/backend.h>
#include <strata/kit/host_buffers.hpp>
#include <strata/kit/op_table.hpp>
#include <strata/kit/plugin.hpp>

#include <new>
#include <string_view>

#include "buffer.hpp"
#include "error.hpp"
#include "op_common.hpp"

struct strata_instance {
  // Nothing per instance yet: the reference backend is single-threaded and stateless. The
  // struct exists so instances are distinct handles the host can create and destroy.
  int unused = 0;
};

namespace strata_ref {
namespace {

void get_info(strata_plugin_info* info) {
  strata::kit::fill_info(
      info, {"reference", "1.0.0",
             "portable C++ reference: every op, every dtype, the oracle for conformance"});
}

void probe(strata_probe_result* result) {
  strata::kit::fill_probe(result, 10, "portable C++, runs on any machine");
}

strata_error* instance_create(const strata_instance_options* options, strata_instance** out) {
  if (options != nullptr && options->num_settings > 0) {
    const strata_setting& s = options->settings[0];
    return invalid(
        "reference: unknown setting '{}': the reference backend takes no settings; "
        "remove the \"reference\" section from the config file",
        std::string_view(s.key, s.key_len));
  }
  auto* instance = new (std::nothrow) strata_instance;
  if (instance == nullptr) return make_error(STRATA_OUT_OF_MEMORY, "reference: out of memory");
  *out = instance;
  return nullptr;
}

void instance_destroy(strata_instance* instance) {
  delete instance;
}

int32_t get_num_threads(const strata_instance*) {
  return 1;
}

strata_error* buffer_alloc(strata_instance*, uint64_t size, strata_buffer** out) {
  auto* buffer = new (std::nothrow) strata_buffer;
  if (buffer != nullptr) {
    // One spare byte keeps size-0 buffers distinct and valid to address.
    buffer->bytes.reset(new (std::nothrow) std::byte[size + 1]);
    buffer->size = size;
  }
  if (buffer == nullptr || buffer->bytes == nullptr) {
    delete buffer;
    return make_error(STRATA_OUT_OF_MEMORY,
                      fmt::format("reference: cannot allocate a {}-byte buffer", size));
  }
  *out = buffer;
  return nullptr;
}

void buffer_free(strata_instance*, strata_buffer* buffer) {
  delete buffer;
}

strata::kit::HostSpan host_span(const strata_buffer* buffer) {
  return {buffer->bytes.get(), buffer->size};
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

strata_error* dispatch(const strata_op_call* call, Phase phase) {
  if (call == nullptr) return invalid("execute: call is NULL");
  const int code = strata::kit::op_code(*call);
  OpFunction fn = kOps.find(code);
  if (fn == nullptr) {
    return unsupported("reference: op code {} is not part of ABI 1.0", code);
  }
  try {
    return fn(*call, phase);
  } catch (const std::bad_alloc&) {
    return make_error(STRATA_OUT_OF_MEMORY, "reference: out of host memory while running an op");
  } catch (const std::exception& e) {
    return make_error(STRATA_INTERNAL, fmt::format("reference: internal error: {}", e.what()));
  }
}

strata_error* supports(const strata_instance*, const strata_op_call* call) {
  return dispatch(call, Phase::kValidate);
}

strata_error* execute(strata_instance*, const strata_op_call* call) {
  return dispatch(call, Phase::kRun);
}

strata_error* synchronize(strata_instance*) {
  return nullptr;
}

constexpr strata_backend_api kApi = strata::kit::api_table<Errors>(
    strata::kit::Slots{get_info, probe, instance_create, instance_destroy, nullptr, get_num_threads,
                       buffer_alloc, buffer_free, Buffers::write, Buffers::read, Buffers::copy,
                       Buffers::map, supports, execute, synchronize});

}  // namespace
}  // namespace strata_ref

extern "C" STRATA_PLUGIN_EXPORT const strata_backend_api* strata_backend_get_api(
    uint32_t abi_major) {
  return strata::kit::api_for(abi_major, strata_ref::kApi);
}
