// BackendError: a failed plugin call, worded "<plugin> backend: <slot or op>: <message>".
#include <fmt/format.h>

#include "strata/backend.hpp"

namespace strata {
namespace {

// Plugins often start their messages with the slot or op ("buffer_read: bytes [0, 8) are
// outside..."); repeating it would read "buffer_read: buffer_read: ...".
bool names_context(std::string_view message, std::string_view context) {
  if (!message.starts_with(context) || message.size() == context.size()) return false;
  const char next = message[context.size()];
  return next == ':' || next == ' ';
}

std::string describe(std::string_view plugin, std::string_view context, std::string_view message) {
  if (names_context(message, context)) return fmt::format("{} backend: {}", plugin, message);
  return fmt::format("{} backend: {}: {}", plugin, context, message);
}

}  // namespace

BackendError::BackendError(strata_status_code code, std::string plugin, std::string context,
                           std::string plugin_message)
    : Error(describe(plugin, context, plugin_message)),
      code_(code),
      plugin_(std::move(plugin)),
      context_(std::move(context)),
      plugin_message_(std::move(plugin_message)) {}

}  // namespace strata
