#include "output_file.hpp"

#include <fmt/format.h>
#include <unistd.h>
#include <strata/error.hpp>

#include <fstream>
#include <system_error>

namespace strata_cli {

void write_output_file(const std::filesystem::path& file, std::string_view text) {
  const std::filesystem::path temp =
      file.parent_path() / fmt::format(".{}.tmp-{}", file.filename().string(), ::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temp, ignored);
      throw strata::Error(
          fmt::format("--output-file {}: cannot write {}: check that the folder exists "
                      "and is writable",
                      file.string(), temp.string()));
    }
  }
  std::error_code ec;
  std::filesystem::rename(temp, file, ec);
  if (ec) {
    std::filesystem::remove(temp, ec);
    throw strata::Error(
        fmt::format("--output-file {}: cannot replace it: {}", file.string(), ec.message()));
  }
}

}  // namespace strata_cli
