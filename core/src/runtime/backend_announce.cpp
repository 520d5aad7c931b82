// "Using <name> backend.", as Keras said it: once per process, so logs show which backend ran
// without repeating it for every model.
#include <fmt/format.h>

#include <atomic>
#include <cstdlib>
#include <string_view>

#include "strata/backend.hpp"

namespace strata {
namespace {

bool quiet() {
  const char* value = std::getenv("STRATA_QUIET");
  return value != nullptr && std::string_view(value) != "" && std::string_view(value) != "0";
}

}  // namespace

bool announce_backend(std::string_view name) {
  static std::atomic<bool> announced{false};
  if (announced.exchange(true)) return false;
  if (!quiet()) fmt::print(stderr, "Using {} backend.\n", name);
  return true;
}

}  // namespace strata
