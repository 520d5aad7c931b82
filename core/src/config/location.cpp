// Choosing the folder that holds strata.json (DESIGN.md, "The config file").
#include <unistd.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "strata/config.hpp"

namespace strata {
namespace {

constexpr std::string_view kFileName = "strata.json";

std::optional<std::string> environment(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

ConfigLocation location_in(std::filesystem::path folder, std::string why) {
  std::filesystem::path file = folder / kFileName;
  return {std::move(folder), std::move(file), std::move(why)};
}

// Empty when the folder can hold the config file (creating it if needed), else why not, in
// words for the fallback's explanation.
std::string unusable_because(const std::filesystem::path& folder) {
  std::error_code ec;
  if (std::filesystem::exists(folder, ec) && !std::filesystem::is_directory(folder, ec)) {
    return fmt::format("{} exists but is not a folder", folder.string());
  }
  std::filesystem::create_directories(folder, ec);
  if (ec) return fmt::format("cannot create {}: {}", folder.string(), ec.message());
  // access() rather than trying a write: resolving the location must not leave files behind.
  if (::access(folder.c_str(), W_OK | X_OK) != 0) {
    return fmt::format("{} is not writable", folder.string());
  }
  return {};
}

}  // namespace

ConfigLocation resolve_config_location() {
  if (const auto strata_home = environment("STRATA_HOME")) {
    return location_in(*strata_home, "STRATA_HOME");
  }
  const auto home = environment("HOME");
  const std::filesystem::path folder = home ? std::filesystem::path(*home) / ".strata" : "";
  const std::string problem = home ? unusable_because(folder) : "HOME is not set";
  if (problem.empty()) return location_in(folder, "home");
  // Literally /tmp, as Keras does, rather than $TMPDIR: the fallback must be the same folder
  // for every program of the user, whatever its environment.
  return location_in("/tmp/.strata", fmt::format("/tmp fallback: {}", problem));
}

}  // namespace strata
