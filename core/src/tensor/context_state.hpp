// The state behind a Context handle: the backend instance, its routing answers, the reference
// fallback, keras.config-style settings and the random stream.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "strata/backend.hpp"
#include "strata/config.hpp"
#include "strata/dtype.hpp"
#include "supports_cache.hpp"

namespace strata::detail {

struct ContextState : std::enable_shared_from_this<ContextState> {
  ContextState(Backend active, const Config& config);

  Backend backend;
  SupportsCache routes;

  DType floatx;
  double epsilon;
  std::string image_data_format;

  uint64_t seed;
  uint64_t random_offset = 0;

  uint64_t fallback_count = 0;

  // The reference instance that runs what `backend` cannot, created on first need; nullptr
  // when there is none (see fallback_failure), which is remembered, not retried.
  Backend* fallback();
  // Why fallback() is nullptr: the backend is the reference itself, or the reference plugin
  // cannot be loaded (the loader's explanation).
  const std::string& fallback_failure() const noexcept { return fallback_failure_; }

 private:
  std::optional<Backend> fallback_;
  std::string fallback_failure_;
};

// The seed a new context starts from: the last strata::set_seed value, else a random one.
uint64_t initial_seed();
// strata::set_seed's process-wide part: the seed later contexts start from.
void set_global_seed(uint64_t seed) noexcept;

}  // namespace strata::detail
