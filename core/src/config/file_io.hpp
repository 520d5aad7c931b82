// Reading and writing the config file so that no reader ever sees half a file.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace strata::config_detail {

// The file's bytes, or nothing when it does not exist; ConfigError when it exists but cannot
// be read (permissions, a folder in its place).
std::optional<std::string> read_text_file(const std::filesystem::path& file);

// Replaces `file` with `contents` atomically: written to a temporary file in the same folder,
// flushed to disk, then renamed over it, so a crash leaves the old file or the new one. The
// folder is created if missing; an existing file keeps its permissions. Throws ConfigError.
void write_file_atomically(const std::filesystem::path& file, std::string_view contents);

// Creates `file` with `contents` unless it exists, without ever replacing it: loading must
// never rewrite a user's file, even when two programs start at once. Returns whether this call
// created it; failures (read-only home, full disk) return false rather than throw, because a
// missing defaults file is not an error.
bool create_file_if_absent(const std::filesystem::path& file, std::string_view contents) noexcept;

}  // namespace strata::config_detail
