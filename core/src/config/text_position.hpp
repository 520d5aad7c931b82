// Offsets in a config file's text turned into what an editor shows: 1-based line and column.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace strata::config_detail {

struct TextPosition {
  std::size_t line = 0;  // 0: no position (the problem is not at one place in the file)
  std::size_t column = 0;
};

// Columns count UTF-8 code points, not bytes, so a line holding “ or ， still lines up with
// the editor's column display.
TextPosition position_at(std::string_view text, std::size_t offset);

// The line holding `offset` and a caret under it, indented, for the end of an error message:
// seeing the line often explains the problem faster than the description does.
std::string excerpt_at(std::string_view text, std::size_t offset);

// "FILE:LINE:COLUMN", "FILE:LINE" or "FILE", the way compilers prefix messages, so editors and
// terminals can jump to the spot.
std::string location_prefix(const std::filesystem::path& file, TextPosition position);

}  // namespace strata::config_detail
