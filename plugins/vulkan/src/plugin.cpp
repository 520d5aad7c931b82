// The Vulkan backend's ABI surface: bootstrap, table, instances, buffers and dispatch. Every
// slot turns exceptions into status values (error.hpp); once the device is lost, every call on
// that instance fails with DEVICE_LOST so the host can move on to another backend.
#include <strata/backend.h>
#include <strata/kit/op_table.hpp>
#include <strata/kit/plugin.hpp>

#include <string_view>

#include "error.hpp"
#include "instance.hpp"
#include "ops.hpp"
#include "probe.hpp"
#include "settings.hpp"

namespace strata_vk {
namespace {

void get_info(strata_plugin_info* info) {
  strata::kit::fill_info(
      info, {"vulkan", "1.0.0",
             "Vulkan compute shaders (GLSL compiled to SPIR-V, embedded): GPUs of every vendor"});
}

// Runs `fn` on a live instance; a DEVICE_LOST failure marks the instance lost for good.
template <typename Fn>
strata_error* on_instance(strata_instance* instance, Fn&& fn) {
  if (instance == nullptr) return make_error(STRATA_INVALID_ARGUMENT, "vulkan: instance is NULL");
  if (instance->lost) {
    return make_error(STRATA_DEVICE_LOST,
                      "vulkan: the device was lost earlier; this instance is unusable: create a "
                      "new one or use another backend");
  }
  strata_error* err = guard(std::forward<Fn>(fn));
  if (err != nullptr && err->code == STRATA_DEVICE_LOST) instance->lost = true;
  return err;
}

strata_error* instance_create(const strata_instance_options* options, strata_instance** out) {
  return guard([&] {
    if (out == nullptr) invalid("vulkan: instance_create: out is NULL");
    *out = new strata_instance(parse_settings(options));
  });
}

void instance_destroy(strata_instance* instance) {
  try {
    delete instance;
  } catch (...) {
    // Teardown cannot report; the ABI gives destroy no status.
  }
}

int32_t get_num_threads(const strata_instance*) {
  return 1;
}

void check_range(const strata_instance* instance, std::string_view slot,
                 const strata_buffer* buffer, uint64_t offset, uint64_t size) {
  if (buffer == nullptr) invalid("vulkan: {}: buffer is NULL", slot);
  if (!instance->buffers.contains(const_cast<strata_buffer*>(buffer))) {
    invalid("vulkan: {}: the buffer does not belong to this instance (or was freed)", slot);
  }
  if (offset > buffer->size || size > buffer->size - offset) {
    invalid("vulkan: {}: bytes [{}, {}) are outside the {}-byte buffer", slot, offset,
            offset + size, buffer->size);
  }
}

strata_error* buffer_alloc(strata_instance* instance, uint64_t size, strata_buffer** out) {
  return on_instance(instance, [&] {
    if (out == nullptr) invalid("vulkan: buffer_alloc: out is NULL");
    auto buffer = std::make_unique<strata_buffer>();
    buffer->allocation = instance->device_pool.allocate(size);
    buffer->size = size;
    instance->buffers.insert(buffer.get());
    *out = buffer.release();
  });
}

void buffer_free(strata_instance* instance, strata_buffer* buffer) {
  if (instance == nullptr || buffer == nullptr || !instance->buffers.contains(buffer)) return;
  try {
    instance->stream.release(buffer->allocation, instance->device_pool);
  } catch (...) {
    // The allocation is reclaimed with the instance's pool.
  }
  instance->buffers.erase(buffer);
  delete buffer;
}

strata_error* buffer_write(strata_instance* instance, strata_buffer* dst, uint64_t offset,
                           const void* src, uint64_t size) {
  return on_instance(instance, [&] {
    check_range(instance, "buffer_write", dst, offset, size);
    instance->stream.write(dst->allocation, offset, src, size);
  });
}

strata_error* buffer_read(strata_instance* instance, const strata_buffer* src, uint64_t offset,
                          void* dst, uint64_t size) {
  return on_instance(instance, [&] {
    check_range(instance, "buffer_read", src, offset, size);
    instance->stream.read(src->allocation, offset, dst, size);
  });
}

strata_error* buffer_copy(strata_instance* instance, const strata_buffer* src, uint64_t src_offset,
                          strata_buffer* dst, uint64_t dst_offset, uint64_t size) {
  return on_instance(instance, [&] {
    check_range(instance, "buffer_copy (source)", src, src_offset, size);
    check_range(instance, "buffer_copy (destination)", dst, dst_offset, size);
    instance->stream.copy(src->allocation.buffer(), src->allocation.offset + src_offset,
                          dst->allocation.buffer(), dst->allocation.offset + dst_offset, size);
  });
}

OpFunction op_for(const strata_op_call* call) {
  if (call == nullptr) invalid("vulkan: the op call is NULL");
  const int code = strata::kit::op_code(*call);
  OpFunction fn = find_op(code);
  if (fn == nullptr) unsupported("vulkan: op code {} is not part of ABI 1.0", code);
  return fn;
}

strata_error* supports(const strata_instance* instance, const strata_op_call* call) {
  if (instance == nullptr) return make_error(STRATA_INVALID_ARGUMENT, "vulkan: instance is NULL");
  return guard([&] { op_for(call)(OpCall{*call, instance->device.features(), nullptr}); });
}

// Every tensor's buffer must be a live buffer of this instance before anything reads its size.
void check_ownership(const strata_instance* instance, const strata_op_call& call) {
  auto check = [&](const strata_tensor* const* tensors, size_t count, std::string_view role) {
    if (count > 0 && tensors == nullptr) invalid("vulkan: the op call's {} array is NULL", role);
    for (size_t i = 0; i < count; ++i) {
      const strata_tensor* t = tensors[i];
      if (t != nullptr && t->buffer != nullptr && !instance->buffers.contains(t->buffer)) {
        invalid("vulkan: {} {} names a buffer that is not a live buffer of this instance", role, i);
      }
    }
  };
  check(call.inputs, call.num_inputs, "input");
  check(call.outputs, call.num_outputs, "output");
}

strata_error* execute(strata_instance* instance, const strata_op_call* call) {
  return on_instance(instance, [&] {
    const OpFunction fn = op_for(call);
    check_ownership(instance, *call);
    fn(OpCall{*call, instance->device.features(), instance});
  });
}

strata_error* synchronize(strata_instance* instance) {
  return on_instance(instance, [&] { instance->stream.synchronize(); });
}

// No buffer_map: device memory is not host-addressable in general; buffer_read/write stage
// through it.
constexpr strata_backend_api kApi = strata::kit::api_table<Errors>(strata::kit::Slots{
    get_info, probe, instance_create, instance_destroy, nullptr, get_num_threads, buffer_alloc,
    buffer_free, buffer_write, buffer_read, buffer_copy, nullptr, supports, execute, synchronize});

}  // namespace
}  // namespace strata_vk

extern "C" STRATA_PLUGIN_EXPORT const strata_backend_api* strata_backend_get_api(
    uint32_t abi_major) {
  return strata::kit::api_for(abi_major, strata_vk::kApi);
}
