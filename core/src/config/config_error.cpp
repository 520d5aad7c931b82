#include <utility>

#include <fmt/format.h>

#include "strata/config.hpp"
#include "text_position.hpp"

namespace strata {

ConfigError::ConfigError(std::filesystem::path file, std::size_t line, std::size_t column,
                         std::string_view message)
    : Error(fmt::format("{}: {}", config_detail::location_prefix(file, {line, column}), message)),
      file_(std::move(file)),
      line_(line),
      column_(column) {}

}  // namespace strata
