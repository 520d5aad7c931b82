// strata/kit/error.hpp: a ready-made strata_error (the ABI's opaque error object) and the three
// error slots of the function table. Including this header defines `struct strata_error` for
// the plugin; a plugin that wants another representation defines its own and skips this one.
//
//   inline constexpr char kOutOfMemory[] = "myplugin: out of host memory";
//   using Errors = strata::kit::Errors<kOutOfMemory>;
//   inline constexpr strata::kit::FormatError<Errors, STRATA_INVALID_ARGUMENT> invalid{};
//   ... return invalid("{}: a is {}: ...", op, shape_text(a));
//   ... return Errors::make(strata::kit::check_matmul(a, b, c));  // nullptr when it passed
//   ... .error_code = Errors::code, .error_message = Errors::message,
//       .error_destroy = Errors::destroy (or plugin.hpp's api_table<Errors>)
//
// Part of the Strata plugin kit: optional, header-only C++20 help for plugin authors, beside the
// ABI itself. The ABI is the C99 header <strata/backend.h>; nothing in the kit is part of it, and
// a plugin written in C (sdk/template) never needs the kit.
#pragma once

#include <fmt/format.h>
#include <strata/backend.h>
#include <strata/kit/status.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

struct strata_error {
  strata_status_code code;
  std::string message;
};

namespace strata::kit {

// The error slots of a plugin whose message, when not even an error object can be allocated,
// is kOutOfMemory (static, NUL-terminated; name the plugin in it).
template <const char* kOutOfMemory>
class Errors {
 public:
  // Never throws: when allocating fails, the static out-of-memory error stands in.
  static strata_error* make(strata_status_code code, std::string message) noexcept {
    try {
      return new strata_error{code, std::move(message)};
    } catch (...) {
      return out_of_memory();
    }
  }

  // nullptr for an ok status.
  static strata_error* make(Status status) noexcept {
    if (status.ok()) return nullptr;
    return make(status.code, std::move(status.message));
  }

  // The table's error_code, error_message and error_destroy slots.
  static strata_status_code code(const strata_error* err) { return err->code; }
  static void message(const strata_error* err, const char** message, size_t* message_len) {
    if (err == out_of_memory()) {
      *message = kOutOfMemory;
      *message_len = std::string_view(kOutOfMemory).size();
      return;
    }
    *message = err->message.data();
    *message_len = err->message.size();
  }
  static void destroy(strata_error* err) {
    if (err != out_of_memory()) delete err;
  }

 private:
  // Static, so destroy leaves it alone; its message is kOutOfMemory. A function's static rather
  // than a class's: it needs no load-time initialiser in any object that includes this header.
  static strata_error* out_of_memory() noexcept {
    static strata_error error{STRATA_OUT_OF_MEMORY, {}};
    return &error;
  }
};

// Function objects that put a plugin's errors in its own namespace under short names:
//   inline constexpr MakeError<Errors> make_error{};   make_error(code, message),
//   make_error(status) inline constexpr FormatError<Errors, STRATA_INVALID_ARGUMENT> invalid{};
//   invalid("{}: ..", op)
template <typename ErrorsType>
struct MakeError {
  strata_error* operator()(strata_status_code code, std::string message) const noexcept {
    return ErrorsType::make(code, std::move(message));
  }
  // nullptr for an ok status.
  strata_error* operator()(Status status) const noexcept {
    return ErrorsType::make(std::move(status));
  }
};

template <typename ErrorsType, strata_status_code kCode>
struct FormatError {
  template <typename... Args>
  strata_error* operator()(fmt::format_string<Args...> format, Args&&... args) const {
    return ErrorsType::make(kCode, fmt::format(format, std::forward<Args>(args)...));
  }
};

}  // namespace strata::kit
