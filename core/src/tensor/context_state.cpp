#include "context_state.hpp"

#include <fmt/format.h>

#include <atomic>
#include <random>

namespace strata::detail {
namespace {

constexpr std::string_view kFallbackName = "reference";

std::atomic<bool> global_seed_set{false};
std::atomic<uint64_t> global_seed{0};

}  // namespace

void set_global_seed(uint64_t seed) noexcept {
  global_seed.store(seed);
  global_seed_set.store(true);
}

uint64_t initial_seed() {
  if (global_seed_set.load()) return global_seed.load();
  std::random_device device;
  return (static_cast<uint64_t>(device()) << 32) | device();
}

ContextState::ContextState(Backend active, const Config& config)
    : backend(std::move(active)),
      floatx(parse_dtype(config.floatx)),
      epsilon(config.epsilon),
      image_data_format(config.image_data_format),
      seed(initial_seed()) {}

Backend* ContextState::fallback() {
  if (fallback_) return &*fallback_;
  if (!fallback_failure_.empty()) return nullptr;
  if (backend.name() == kFallbackName) {
    fallback_failure_ = "the backend is the reference backend itself";
    return nullptr;
  }
  try {
    BackendRequest request;
    request.backend = std::string(kFallbackName);
    request.source = fmt::format("fallback for the {} backend", backend.name());
    fallback_.emplace(std::move(select_backend(request).backend));
    return &*fallback_;
  } catch (const Error& e) {
    fallback_failure_ = e.what();
    return nullptr;
  }
}

}  // namespace strata::detail
