// The reference backend's ABI surface: bootstrap, table, instances, buffers, dispatch.
// Execution is synchronous: every op completes inside `execute`, so synchronize has nothing
// to wait for.
#include <strata/backend.h>

#include <cstring>
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

constexpr std::string_view kName = "reference";
constexpr std::string_view kVersion = "1.0.0";
constexpr std::string_view kDescription =
    "portable C++ reference: every op, every dtype, the oracle for conformance";

void get_info(strata_plugin_info* info) {
  info->name = kName.data();
  info->name_len = kName.size();
  info->version = kVersion.data();
  info->version_len = kVersion.size();
  info->description = kDescription.data();
  info->description_len = kDescription.size();
}

void probe(strata_probe_result* result) {
  static constexpr std::string_view kReason = "portable C++, runs on any machine";
  result->score = 10;
  result->reason = kReason.data();
  result->reason_len = kReason.size();
}

strata_error* instance_create(const strata_instance_options* options, strata_instance** out) {
  if (options != nullptr && options->num_settings > 0) {
    const strata_setting& s = options->settings[0];
    return invalid("reference: unknown setting '{}': the reference backend takes no settings; "
                   "remove the \"reference\" section from the config file",
                   std::string_view(s.key, s.key_len));
  }
  auto* instance = new (std::nothrow) strata_instance;
  if (instance == nullptr) return make_error(STRATA_OUT_OF_MEMORY, "reference: out of memory");
  *out = instance;
  return nullptr;
}

void instance_destroy(strata_instance* instance) { delete instance; }

int32_t get_num_threads(const strata_instance*) { return 1; }

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

void buffer_free(strata_instance*, strata_buffer* buffer) { delete buffer; }

strata_error* check_range(std::string_view slot, const strata_buffer* buffer, uint64_t offset,
                          uint64_t size) {
  if (buffer == nullptr) return invalid("{}: buffer is NULL", slot);
  if (offset > buffer->size || size > buffer->size - offset) {
    return invalid("{}: bytes [{}, {}) are outside the {}-byte buffer", slot, offset,
                   offset + size, buffer->size);
  }
  return nullptr;
}

strata_error* buffer_write(strata_instance*, strata_buffer* dst, uint64_t offset,
                           const void* src, uint64_t size) {
  if (auto* err = check_range("buffer_write", dst, offset, size)) return err;
  if (size > 0) std::memcpy(dst->bytes.get() + offset, src, size);
  return nullptr;
}

strata_error* buffer_read(strata_instance*, const strata_buffer* src, uint64_t offset, void* dst,
                          uint64_t size) {
  if (auto* err = check_range("buffer_read", src, offset, size)) return err;
  if (size > 0) std::memcpy(dst, src->bytes.get() + offset, size);
  return nullptr;
}

strata_error* buffer_copy(strata_instance*, const strata_buffer* src, uint64_t src_offset,
                          strata_buffer* dst, uint64_t dst_offset, uint64_t size) {
  if (auto* err = check_range("buffer_copy (source)", src, src_offset, size)) return err;
  if (auto* err = check_range("buffer_copy (destination)", dst, dst_offset, size)) return err;
  if (size > 0) std::memmove(dst->bytes.get() + dst_offset, src->bytes.get() + src_offset, size);
  return nullptr;
}

strata_error* buffer_map(strata_instance*, strata_buffer* buffer, void** ptr) {
  if (buffer == nullptr) return invalid("buffer_map: buffer is NULL");
  *ptr = buffer->bytes.get();
  return nullptr;
}

// `op` is the call's op code as an integer: a newer host may send codes this plugin does not
// know, and reading those as strata_op would be undefined behaviour in C++ (UBSan reports it).
OpFunction find_op(int op) {
  switch (op) {
    case STRATA_OP_FILL: return op_fill;
    case STRATA_OP_COPY: return op_copy;
    case STRATA_OP_CAST: return op_cast;
    case STRATA_OP_GATHER: return op_gather;
    case STRATA_OP_SCATTER_ADD: return op_scatter_add;
    case STRATA_OP_WHERE: return op_where;
    case STRATA_OP_UNARY: return op_unary;
    case STRATA_OP_UNARY_BACKWARD: return op_unary_backward;
    case STRATA_OP_BINARY: return op_binary;
    case STRATA_OP_REDUCE: return op_reduce;
    case STRATA_OP_MATMUL: return op_matmul;
    case STRATA_OP_CONV2D: return op_conv2d;
    case STRATA_OP_CONV2D_BACKWARD_DATA: return op_conv2d_backward_data;
    case STRATA_OP_CONV2D_BACKWARD_FILTER: return op_conv2d_backward_filter;
    case STRATA_OP_POOL2D: return op_pool2d;
    case STRATA_OP_POOL2D_BACKWARD: return op_pool2d_backward;
    case STRATA_OP_SOFTMAX: return op_softmax;
    case STRATA_OP_SOFTMAX_BACKWARD: return op_softmax_backward;
    case STRATA_OP_RANDOM: return op_random;
    case STRATA_OP_OPTIMIZER: return op_optimizer;
    default: return nullptr;
  }
}

strata_error* dispatch(const strata_op_call* call, Phase phase) {
  if (call == nullptr) return invalid("execute: call is NULL");
  int op = 0;
  static_assert(sizeof op == sizeof call->op);
  std::memcpy(&op, &call->op, sizeof op);
  OpFunction fn = find_op(op);
  if (fn == nullptr) return unsupported("reference: op code {} is not part of ABI 1.0", op);
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

strata_error* synchronize(strata_instance*) { return nullptr; }

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
    .set_num_threads = nullptr,
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
}  // namespace strata_ref

extern "C" STRATA_PLUGIN_EXPORT const strata_backend_api* strata_backend_get_api(
    uint32_t abi_major) {
  return abi_major == STRATA_ABI_MAJOR ? &strata_ref::kApi : nullptr;
}
