#include "backend_call.hpp"

#include "strata/backend.hpp"

namespace strata::runtime {
namespace {

// Destroys an error on every path out of take_failure, including a throwing string copy.
struct ErrorGuard {
  const strata_backend_api& api;
  strata_error* err;
  ~ErrorGuard() { api.error_destroy(err); }
};

}  // namespace

std::optional<Failure> take_failure(const strata_backend_api& api, strata_error* err) {
  if (err == nullptr) return std::nullopt;
  ErrorGuard guard{api, err};
  const char* text = nullptr;
  size_t length = 0;
  api.error_message(err, &text, &length);
  const strata_status_code code = api.error_code(err);
  // A plugin that reports "failure with status OK" still failed; do not let that read as OK.
  return Failure{code == STRATA_OK ? STRATA_INTERNAL : code,
                 text != nullptr ? std::string(text, length) : std::string()};
}

void check(const Plugin& plugin, strata_error* err, std::string_view context) {
  if (auto failure = take_failure(plugin.api(), err)) {
    throw BackendError(failure->code, plugin.name(), std::string(context),
                       std::move(failure->message));
  }
}

}  // namespace strata::runtime
