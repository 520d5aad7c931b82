// Refusing plugin files that someone other than their owner could have replaced.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace strata::runtime {

// The reason `file` (a canonical path) must not be loaded, or nullopt when it is safe: the
// file, or any folder above it, is writable by group or others (folders with the sticky bit,
// like /tmp, are fine: nobody can replace another user's file there).
std::optional<std::string> unsafe_reason(const std::filesystem::path& file);

// The same check for `folder` and every folder above it.
std::optional<std::string> unsafe_folders(const std::filesystem::path& folder);

}  // namespace strata::runtime
