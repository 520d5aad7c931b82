// Errors of the AVX backend: the opaque strata_error of the ABI, built with fmt. Portable code
// (see ../CMakeLists.txt): creating an error is on the path that runs before the probe passes.
#pragma once

#include <fmt/format.h>
#include <strata/backend.h>

#include <string>

struct strata_error {
  strata_status_code code;
  std::string message;
};

namespace strata_avx {

// Allocates an error; falls back to a static out-of-memory error if even that fails.
strata_error* make_error(strata_status_code code, std::string message) noexcept;

template <typename... Args>
strata_error* invalid(fmt::format_string<Args...> format, Args&&... args) {
  return make_error(STRATA_INVALID_ARGUMENT, fmt::format(format, std::forward<Args>(args)...));
}

template <typename... Args>
strata_error* unsupported(fmt::format_string<Args...> format, Args&&... args) {
  return make_error(STRATA_UNSUPPORTED, fmt::format(format, std::forward<Args>(args)...));
}

// The ABI slots for errors.
strata_status_code error_code(const strata_error* err);
void error_message(const strata_error* err, const char** message, size_t* message_len);
void error_destroy(strata_error* err);

}  // namespace strata_avx
