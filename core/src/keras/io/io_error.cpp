#include "strata/keras/io_error.hpp"

#include <fmt/format.h>

#include <utility>

namespace strata {

IOError::IOError(std::filesystem::path file, std::string_view problem, std::optional<uint64_t> byte)
    : Error(fmt::format("{}: {}", file.string(), problem)), file_(std::move(file)), byte_(byte) {}

}  // namespace strata
