// Writing a command's report where the user asked for it (--output-file).
#pragma once

#include <filesystem>
#include <string_view>

namespace strata_cli {

// Writes `text` to a temporary file beside `file` and renames it over `file`, so a reader never
// sees half a report. Throws strata::Error naming the file and the reason.
void write_output_file(const std::filesystem::path& file, std::string_view text);

}  // namespace strata_cli
