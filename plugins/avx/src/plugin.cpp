// The AVX backend's ABI surface: bootstrap, table, description, probe, instances, buffers and
// dispatch. Portable code: everything up to a successful instance_create runs on any x86-64,
// and no AVX2 code is reachable before then (instance_create refuses when the probe fails).
// Execution is synchronous: every op completes inside `execute`, using the instance's threads.
#include <strata/backend.h>

#include <cstdlib>
#include <cstring>
#include <new>
#include <string_view>

#include "buffer.hpp"
#include "cpu_probe.hpp"
#include "error.hpp"
#include "instance.hpp"
#include "op_common.hpp"

namespace strata_avx {
namespace {

constexpr std::string_view kName = "avx";
constexpr std::string_view kVersion = "1.0.0";
constexpr std::string_view kDescription =
    "AVX2/FMA CPU kernels: packed GEMM, implicit-GEMM convolution, multithreaded (f32 and "
    "integer ops)";

// Both fill only the fields the host's struct_size has room for (an older host's struct may be
// smaller than ours).
void get_info(strata_plugin_info* info) {
  if (STRATA_STRUCT_HAS(info, strata_plugin_info, name_len)) {
    info->name = kName.data();
    info->name_len = kName.size();
  }
  if (STRATA_STRUCT_HAS(info, strata_plugin_info, version_len)) {
    info->version = kVersion.data();
    info->version_len = kVersion.size();
  }
  if (STRATA_STRUCT_HAS(info, strata_plugin_info, description_len)) {
    info->description = kDescription.data();
    info->description_len = kDescription.size();
  }
}

void probe(strata_probe_result* result) {
  const CpuVerdict& verdict = this_machine();
  if (STRATA_STRUCT_HAS(result, strata_probe_result, score)) result->score = verdict.score;
  if (STRATA_STRUCT_HAS(result, strata_probe_result, reason_len)) {
    result->reason = verdict.reason.data();
    result->reason_len = verdict.reason.size();
  }
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
  if (instance == nullptr) return;
  for (strata_buffer* buffer : instance->buffers) {
    std::free(buffer->bytes);
    delete buffer;
  }
  delete instance;
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
  constexpr uint64_t kAlign = 64;
  // Size 0 still gets a distinct, addressable block.
  const uint64_t rounded = (std::max<uint64_t>(size, 1) + kAlign - 1) / kAlign * kAlign;
  auto* buffer = new (std::nothrow) strata_buffer;
  if (buffer != nullptr && rounded >= size) {
    buffer->bytes = static_cast<std::byte*>(std::aligned_alloc(kAlign, rounded));
    buffer->size = size;
  }
  if (buffer == nullptr || buffer->bytes == nullptr) {
    delete buffer;
    return make_error(STRATA_OUT_OF_MEMORY,
                      fmt::format("avx: cannot allocate a {}-byte buffer", size));
  }
  try {
    instance->buffers.insert(buffer);
  } catch (const std::bad_alloc&) {
    std::free(buffer->bytes);
    delete buffer;
    return make_error(STRATA_OUT_OF_MEMORY, "avx: out of memory tracking a buffer");
  }
  *out = buffer;
  return nullptr;
}

void buffer_free(strata_instance* instance, strata_buffer* buffer) {
  if (buffer == nullptr) return;
  instance->buffers.erase(buffer);
  std::free(buffer->bytes);
  delete buffer;
}

strata_error* check_range(std::string_view slot, const strata_buffer* buffer, uint64_t offset,
                          uint64_t size) {
  if (buffer == nullptr) return invalid("{}: buffer is NULL", slot);
  if (offset > buffer->size || size > buffer->size - offset) {
    return invalid("{}: bytes [{}, {}) are outside the {}-byte buffer", slot, offset, offset + size,
                   buffer->size);
  }
  return nullptr;
}

strata_error* buffer_write(strata_instance*, strata_buffer* dst, uint64_t offset, const void* src,
                           uint64_t size) {
  if (auto* err = check_range("buffer_write", dst, offset, size)) return err;
  if (size > 0) std::memcpy(dst->bytes + offset, src, size);
  return nullptr;
}

strata_error* buffer_read(strata_instance*, const strata_buffer* src, uint64_t offset, void* dst,
                          uint64_t size) {
  if (auto* err = check_range("buffer_read", src, offset, size)) return err;
  if (size > 0) std::memcpy(dst, src->bytes + offset, size);
  return nullptr;
}

strata_error* buffer_copy(strata_instance*, const strata_buffer* src, uint64_t src_offset,
                          strata_buffer* dst, uint64_t dst_offset, uint64_t size) {
  if (auto* err = check_range("buffer_copy (source)", src, src_offset, size)) return err;
  if (auto* err = check_range("buffer_copy (destination)", dst, dst_offset, size)) return err;
  if (size > 0) std::memmove(dst->bytes + dst_offset, src->bytes + src_offset, size);
  return nullptr;
}

strata_error* buffer_map(strata_instance*, strata_buffer* buffer, void** ptr) {
  if (buffer == nullptr) return invalid("buffer_map: buffer is NULL");
  *ptr = buffer->bytes;
  return nullptr;
}

OpFunction find_op(strata_op op) {
  switch (op) {
    case STRATA_OP_FILL:
      return op_fill;
    case STRATA_OP_COPY:
      return op_copy;
    case STRATA_OP_CAST:
      return op_cast;
    case STRATA_OP_GATHER:
      return op_gather;
    case STRATA_OP_SCATTER_ADD:
      return op_scatter_add;
    case STRATA_OP_WHERE:
      return op_where;
    case STRATA_OP_UNARY:
      return op_unary;
    case STRATA_OP_UNARY_BACKWARD:
      return op_unary_backward;
    case STRATA_OP_BINARY:
      return op_binary;
    case STRATA_OP_REDUCE:
      return op_reduce;
    case STRATA_OP_MATMUL:
      return op_matmul;
    case STRATA_OP_CONV2D:
      return op_conv2d;
    case STRATA_OP_CONV2D_BACKWARD_DATA:
      return op_conv2d_backward_data;
    case STRATA_OP_CONV2D_BACKWARD_FILTER:
      return op_conv2d_backward_filter;
    case STRATA_OP_POOL2D:
      return op_pool2d;
    case STRATA_OP_POOL2D_BACKWARD:
      return op_pool2d_backward;
    case STRATA_OP_SOFTMAX:
      return op_softmax;
    case STRATA_OP_SOFTMAX_BACKWARD:
      return op_softmax_backward;
    case STRATA_OP_RANDOM:
      return op_random;
    case STRATA_OP_OPTIMIZER:
      return op_optimizer;
    default:
      return nullptr;
  }
}

strata_error* dispatch(strata_instance* instance, const strata_op_call* call, Phase phase) {
  if (instance == nullptr) return invalid("execute: instance is NULL");
  if (call == nullptr) return invalid("execute: call is NULL");
  OpFunction fn = find_op(call->op);
  if (fn == nullptr) {
    return unsupported("avx: op code {} is not part of ABI 1.0", static_cast<int>(call->op));
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

constexpr strata_backend_api kApi = {
    .struct_size = sizeof(strata_backend_api),
    .abi_major = STRATA_ABI_MAJOR,
    .abi_minor = STRATA_ABI_MINOR,
    .error_code = error_code,
    .error_message = error_message,
    .error_destroy = error_destroy,
    .get_info = get_info,
    .probe = probe,
    .instance_create = instance_create,
    .instance_destroy = instance_destroy,
    .set_num_threads = set_num_threads,
    .get_num_threads = get_num_threads,
    .buffer_alloc = buffer_alloc,
    .buffer_free = buffer_free,
    .buffer_write = buffer_write,
    .buffer_read = buffer_read,
    .buffer_copy = buffer_copy,
    .buffer_map = buffer_map,
    .supports = supports,
    .execute = execute,
    .synchronize = synchronize,
};

}  // namespace
}  // namespace strata_avx

extern "C" STRATA_PLUGIN_EXPORT const strata_backend_api* strata_backend_get_api(
    uint32_t abi_major) {
  return abi_major == STRATA_ABI_MAJOR ? &strata_avx::kApi : nullptr;
}
