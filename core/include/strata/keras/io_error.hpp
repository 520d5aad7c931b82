// strata/keras/io_error.hpp: what reading and writing files throws (models, weights, .npy,
// data sets).
//
// The message starts with the file and says what was wrong and where in it:
//   "model.strata: truncated: the file ends at byte 1234, inside the weight data (it should
//    hold 5678 bytes); it was probably cut short while copying"
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>

#include "strata/error.hpp"

namespace strata {

class IOError : public Error {
 public:
  // what() is "<file>: <problem>"; the problem names the byte itself where there is one, and
  // `byte` keeps it for programs that want to point at it.
  IOError(std::filesystem::path file, std::string_view problem,
          std::optional<uint64_t> byte = std::nullopt);

  const std::filesystem::path& file() const noexcept { return file_; }
  // The offset in the file (or in its decompressed contents, for gzip files) where the
  // problem was found, when there is one.
  std::optional<uint64_t> byte() const noexcept { return byte_; }

 private:
  std::filesystem::path file_;
  std::optional<uint64_t> byte_;
};

}  // namespace strata
