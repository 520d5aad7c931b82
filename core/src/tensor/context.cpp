// Context handles, the default context, the current-context stack and keras.config-style
// settings.
#include "strata/context.hpp"

#include <fmt/format.h>

#include <cmath>

#include "context_state.hpp"
#include "strata/op_error.hpp"
#include "strata/runtime.hpp"

namespace strata {
namespace {

// The innermost BackendScope's context on this thread; the scope keeps it alive.
thread_local detail::ContextState* current_state = nullptr;

// Set once the default context exists, so set_seed need not create it just to seed it.
std::atomic<detail::ContextState*> default_state{nullptr};

// What open_backend() does, keeping the Config it loads: the context needs its floatx,
// epsilon and image_data_format, and loading the file twice costs a write and an fsync.
std::shared_ptr<detail::ContextState> open_state(std::string_view backend) {
  const Config config = load_config();
  for (const std::string& warning : config.warnings) {
    fmt::print(stderr, "strata: warning: {}\n", warning);
  }
  Selection selection = select_backend(make_backend_request(config, backend));
  announce_backend(selection.backend.name());
  return std::make_shared<detail::ContextState>(std::move(selection.backend), config);
}

}  // namespace

Context::Context(std::string_view backend) : state_(open_state(backend)) {}

Context::Context(Backend backend)
    : state_(std::make_shared<detail::ContextState>(std::move(backend), load_config())) {}

Context Context::current() {
  if (current_state != nullptr) return Context(current_state->shared_from_this());
  return default_context();
}

Context Context::default_context() {
  static const std::shared_ptr<detail::ContextState> state = [] {
    auto opened = open_state({});
    default_state.store(opened.get());
    return opened;
  }();
  return Context(state);
}

const std::string& Context::backend_name() const noexcept {
  return state_->backend.name();
}

Backend& Context::backend() const noexcept {
  return state_->backend;
}

DType Context::floatx() const noexcept {
  return state_->floatx;
}

void Context::set_floatx(DType dtype) {
  if (!is_floating(dtype)) {
    throw DTypeError(
        fmt::format("set_floatx: {} is not a float dtype; use float32, float64, "
                    "float16 or bfloat16",
                    dtype_name(dtype)));
  }
  state_->floatx = dtype;
}

double Context::epsilon() const noexcept {
  return state_->epsilon;
}

void Context::set_epsilon(double epsilon) {
  if (!(epsilon > 0) || !std::isfinite(epsilon)) {
    throw ValueError(fmt::format("set_epsilon: {} is not a positive finite number", epsilon));
  }
  state_->epsilon = epsilon;
}

const std::string& Context::image_data_format() const noexcept {
  return state_->image_data_format;
}

void Context::set_image_data_format(std::string_view format) {
  if (format != "channels_last" && format != "channels_first") {
    throw ValueError(
        fmt::format("set_image_data_format: \"{}\" is neither \"channels_last\" nor "
                    "\"channels_first\"",
                    format));
  }
  state_->image_data_format = std::string(format);
}

void Context::set_seed(uint64_t seed) noexcept {
  state_->seed = seed;
  state_->random_offset = 0;
}

uint64_t Context::seed() const noexcept {
  return state_->seed;
}

uint64_t Context::random_offset() const noexcept {
  return state_->random_offset;
}

uint64_t Context::reserve_random_blocks(uint64_t blocks) noexcept {
  const uint64_t offset = state_->random_offset;
  state_->random_offset += blocks;
  return offset;
}

void Context::synchronize() {
  state_->backend.synchronize();
}

uint64_t Context::fallback_count() const noexcept {
  return state_->fallback_count;
}

BackendScope::BackendScope(Context context)
    : context_(std::move(context)), previous_(current_state) {
  current_state = &context_.state();
}

BackendScope::~BackendScope() {
  current_state = previous_;
}

DType floatx() {
  return Context::current().floatx();
}

void set_floatx(DType dtype) {
  Context::current().set_floatx(dtype);
}

double epsilon() {
  return Context::current().epsilon();
}

void set_epsilon(double epsilon) {
  Context::current().set_epsilon(epsilon);
}

std::string image_data_format() {
  return Context::current().image_data_format();
}

void set_image_data_format(std::string_view format) {
  Context::current().set_image_data_format(format);
}

void set_seed(uint64_t seed) {
  detail::set_global_seed(seed);
  if (current_state != nullptr) {
    current_state->seed = seed;
    current_state->random_offset = 0;
  } else if (detail::ContextState* state = default_state.load()) {
    state->seed = seed;
    state->random_offset = 0;
  }
}

}  // namespace strata
