#include "error.hpp"

namespace strata_avx {
namespace {

// Returned when allocating an error fails; error_destroy leaves it alone.
strata_error out_of_memory_error{STRATA_OUT_OF_MEMORY, {}};

}  // namespace

strata_error* make_error(strata_status_code code, std::string message) noexcept {
  try {
    return new strata_error{code, std::move(message)};
  } catch (...) {
    return &out_of_memory_error;
  }
}

strata_status_code error_code(const strata_error* err) {
  return err->code;
}

void error_message(const strata_error* err, const char** message, size_t* message_len) {
  static constexpr char kOutOfMemory[] = "avx: out of host memory";
  if (err == &out_of_memory_error) {
    *message = kOutOfMemory;
    *message_len = sizeof(kOutOfMemory) - 1;
    return;
  }
  *message = err->message.data();
  *message_len = err->message.size();
}

void error_destroy(strata_error* err) {
  if (err != &out_of_memory_error) delete err;
}

}  // namespace strata_avx
