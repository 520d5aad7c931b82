// Errors of the Vulkan backend. Inside the plugin a failure is a Failure exception carrying
// its ABI status; guard() turns it into the strata_error the ABI returns, so no exception ever
// crosses the boundary.
#pragma once

#include <fmt/format.h>
#include <strata/backend.h>
#include <strata/kit/error.hpp>
#include <strata/kit/status.hpp>

#include <stdexcept>
#include <string>
#include <utility>

namespace strata_vk {

inline constexpr char kOutOfMemory[] = "vulkan: out of host memory";
// The kit's strata_error and the table's error slots (strata/kit/error.hpp).
using Errors = strata::kit::Errors<kOutOfMemory>;

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

// Throws the failure a kit check found; nothing for an ok status.
inline void throw_if_failed(const strata::kit::Status& status) {
  if (!status.ok()) throw Failure(status.code, status.message);
}

// make_error(code, message): allocates an error, or returns a static out-of-memory one.
inline constexpr strata::kit::MakeError<Errors> make_error{};

// The error for whatever `fn` threw, or nullptr when it returned normally.
template <typename Fn>
strata_error* guard(Fn&& fn) noexcept {
  try {
    fn();
    return nullptr;
  } catch (const Failure& f) {
    return make_error(f.code(), f.what());
  } catch (const std::bad_alloc&) {
    return make_error(STRATA_OUT_OF_MEMORY, kOutOfMemory);
  } catch (const std::exception& e) {
    return make_error(STRATA_INTERNAL, fmt::format("vulkan: internal error: {}", e.what()));
  }
}

}  // namespace strata_vk
