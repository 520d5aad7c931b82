// Backend: one plugin instance behind a C++ interface that throws instead of returning errors
// and never calls a slot the plugin left NULL.
#include "strata/backend.hpp"

#include <fmt/format.h>

#include "backend_call.hpp"
#include "backend_instance.hpp"
#include "backend_settings.hpp"
#include "descriptor_check.hpp"

namespace strata {

Backend::Backend(const Plugin& plugin, const BackendOptions& options) {
  const runtime::InstanceSettings settings(options, plugin.name());
  // The owner exists before the instance does, so the instance can never leak.
  auto instance = std::make_shared<detail::Instance>(plugin);
  runtime::check(plugin, plugin.api().instance_create(settings.options(), &instance->handle),
                 "instance_create");
  if (instance->handle == nullptr) {
    throw BackendError(STRATA_INTERNAL, plugin.name(), "instance_create",
                       "reported success but returned no instance");
  }
  instance_ = std::move(instance);
}

Backend::~Backend() = default;

const Plugin& Backend::plugin() const noexcept {
  return instance_->plugin;
}

strata_instance* Backend::instance() const noexcept {
  return instance_->handle;
}

void Backend::check_owner(const Buffer& buffer, std::string_view slot) const {
  if (buffer.owner() == instance_.get()) return;
  throw Error(fmt::format("{} backend: {}: {}", name(), slot,
                          buffer ? "the buffer belongs to another backend instance"
                                 : "the buffer is empty (moved from or freed)"));
}

Buffer Backend::alloc(uint64_t size) {
  strata_buffer* handle = nullptr;
  runtime::check(plugin(), plugin().api().buffer_alloc(instance(), size, &handle), "buffer_alloc");
  if (handle == nullptr) {
    throw BackendError(STRATA_INTERNAL, name(), "buffer_alloc",
                       "reported success but returned no buffer");
  }
  return Buffer(instance_, handle, size);
}

void Backend::write(Buffer& dst, uint64_t offset, std::span<const std::byte> src) {
  check_owner(dst, "buffer_write");
  runtime::check(
      plugin(),
      plugin().api().buffer_write(instance(), dst.handle(), offset, src.data(), src.size()),
      "buffer_write");
}

void Backend::read(const Buffer& src, uint64_t offset, std::span<std::byte> dst) {
  check_owner(src, "buffer_read");
  runtime::check(
      plugin(),
      plugin().api().buffer_read(instance(), src.handle(), offset, dst.data(), dst.size()),
      "buffer_read");
}

void Backend::copy(const Buffer& src, uint64_t src_offset, Buffer& dst, uint64_t dst_offset,
                   uint64_t size) {
  check_owner(src, "buffer_copy");
  check_owner(dst, "buffer_copy");
  runtime::check(plugin(),
                 plugin().api().buffer_copy(instance(), src.handle(), src_offset, dst.handle(),
                                            dst_offset, size),
                 "buffer_copy");
}

void* Backend::map(Buffer& buffer) {
  check_owner(buffer, "buffer_map");
  if (plugin().api().buffer_map == nullptr) return nullptr;
  void* pointer = nullptr;
  runtime::check(plugin(), plugin().api().buffer_map(instance(), buffer.handle(), &pointer),
                 "buffer_map");
  return pointer;
}

std::optional<std::string> Backend::supports(const strata_op_call& call) const {
  auto failure = runtime::take_failure(plugin().api(), plugin().api().supports(instance(), &call));
  if (!failure) return std::nullopt;
  if (failure->code == STRATA_UNSUPPORTED || failure->code == STRATA_INVALID_ARGUMENT) {
    return std::move(failure->message);
  }
  throw BackendError(failure->code, name(), runtime::op_name(call.op), std::move(failure->message));
}

// The one way into a plugin's execute: the call is checked against the buffers this instance
// handed out first, so a malformed call never reaches the plugin.
void Backend::execute(const strata_op_call& call) {
  runtime::check_op_call(call, instance_->buffers);
  // The op's name only when there is an error to name it in: this is every op's path.
  if (strata_error* err = plugin().api().execute(instance(), &call)) {
    runtime::check(plugin(), err, runtime::op_name(call.op));
  }
}

void Backend::synchronize() {
  runtime::check(plugin(), plugin().api().synchronize(instance()), "synchronize");
}

int32_t Backend::num_threads() const {
  const auto get = plugin().api().get_num_threads;
  return get != nullptr ? get(instance()) : 0;
}

}  // namespace strata
