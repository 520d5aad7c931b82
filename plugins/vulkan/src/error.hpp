// Errors of the Vulkan backend. Inside the plugin a failure is a Failure exception carrying
// its ABI status; guard() turns it into the strata_error the ABI returns, so no exception ever
// crosses the boundary.
#pragma once

#include <fmt/format.h>
#include <strata/backend.h>

#include <stdexcept>
#include <string>
#include <utility>

struct strata_error {
  strata_status_code code;
  std::string message;
};

namespace strata_vk {

class Failure : public std::runtime_error {
 public:
  Failure(strata_status_code code, const std::string& message)
      : std::runtime_error(message), code_(code) {}
  strata_status_code code() const noexcept { return code_; }

 private:
  strata_status_code code_;
};

template <typename... Args>
[[noreturn]] void fail(strata_status_code code, fmt::format_string<Args...> format,
                       Args&&... args) {
  throw Failure(code, fmt::format(format, std::forward<Args>(args)...));
}

template <typename... Args>
[[noreturn]] void invalid(fmt::format_string<Args...> format, Args&&... args) {
  fail(STRATA_INVALID_ARGUMENT, format, std::forward<Args>(args)...);
}

template <typename... Args>
[[noreturn]] void unsupported(fmt::format_string<Args...> format, Args&&... args) {
  fail(STRATA_UNSUPPORTED, format, std::forward<Args>(args)...);
}

// Allocates an error; falls back to a static out-of-memory error if even that fails.
strata_error* make_error(strata_status_code code, std::string message) noexcept;

// The error for whatever `fn` threw, or nullptr when it returned normally.
template <typename Fn>
strata_error* guard(Fn&& fn) noexcept {
  try {
    fn();
    return nullptr;
  } catch (const Failure& f) {
    return make_error(f.code(), f.what());
  } catch (const std::bad_alloc&) {
    return make_error(STRATA_OUT_OF_MEMORY, "vulkan: out of host memory");
  } catch (const std::exception& e) {
    return make_error(STRATA_INTERNAL, fmt::format("vulkan: internal error: {}", e.what()));
  }
}

// The ABI slots for errors.
strata_status_code error_code(const strata_error* err);
void error_message(const strata_error* err, const char** message, size_t* message_len);
void error_destroy(strata_error* err);

}  // namespace strata_vk
