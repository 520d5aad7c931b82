#include "plugin_safety.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

namespace strata::runtime {
namespace {

std::string_view who_can_write(mode_t mode) {
  const bool group = (mode & S_IWGRP) != 0;
  const bool others = (mode & S_IWOTH) != 0;
  if (group && others) return "group and others";
  return group ? "group" : "others";
}

// Whether `path` lets someone else replace what the loader would run.
std::optional<std::string> check_one(const std::filesystem::path& path, bool is_file) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;  // gone: dlopen will say so
  const bool writable = (st.st_mode & (S_IWGRP | S_IWOTH)) != 0;
  const bool sticky = !is_file && (st.st_mode & S_ISVTX) != 0;
  if (!writable || sticky) return std::nullopt;
  return fmt::format(
      "unsafe permissions: {} {} is writable by {} (mode {:04o}), so its code could be replaced; "
      "fix with: chmod go-w {}",
      is_file ? "the file" : "the folder", path.string(), who_can_write(st.st_mode),
      st.st_mode & 07777, path.string());
}

}  // namespace

std::optional<std::string> unsafe_reason(const std::filesystem::path& file) {
  if (auto reason = check_one(file, true)) return reason;
  return unsafe_folders(file.parent_path());
}

std::optional<std::string> unsafe_folders(const std::filesystem::path& folder) {
  for (auto at = folder; !at.empty(); at = at.parent_path()) {
    if (auto reason = check_one(at, false)) return reason;
    if (at == at.root_path()) break;
  }
  return std::nullopt;
}

}  // namespace strata::runtime
