// Shared by the keras_io tests: a scratch folder, raw file access, gzip, and the check that a
// call throws IOError with a message naming what it must.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "strata/keras/io_error.hpp"

namespace strata::io_testing {

// A fresh folder under the system's temporary folder, removed with everything in it.
class ScratchFolder {
 public:
  ScratchFolder();
  ~ScratchFolder();
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(std::string_view name) const { return path_ / name; }
  // Names in the folder, sorted (temporary files included).
  std::vector<std::string> listing() const;

 private:
  std::filesystem::path path_;
};

void write_file(const std::filesystem::path& file, std::string_view bytes);
std::string read_file(const std::filesystem::path& file);

// `bytes` compressed as a gzip file (zlib's deflate with a gzip wrapper).
std::string gzip(std::string_view bytes);

// Big-endian encoding of an unsigned value in `width` bytes.
std::string big_endian(uint64_t value, int width);
// Little-endian encoding, as the host stores it.
std::string little_endian(uint64_t value, int width);

// Runs `call`, which must throw IOError; returns it. Fails the test otherwise.
IOError expect_io_error(const std::function<void()>& call);

// Checks that `message` contains every one of `parts`, printing the message when not.
void expect_mentions(std::string_view message, std::initializer_list<std::string_view> parts);

}  // namespace strata::io_testing
