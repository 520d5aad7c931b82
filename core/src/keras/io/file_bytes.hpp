// Whole files in and out: every reader in keras/io and keras/data parses from memory, so no
// parser can read past what the file holds, and every writer replaces its file atomically.
#pragma once

#include <cstddef>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

namespace strata::io_detail {

// The file's bytes. Throws IOError naming the file when it is missing, a folder, or unreadable;
// `what` ("model file", ".npy file") words the message.
std::vector<std::byte> read_file(const std::filesystem::path& file, std::string_view what);

// Writes a file under a temporary name in the target's folder, flushes it to disk and renames
// it over the target on commit(), so readers see the old file or the new one, never half of
// one. Destroyed without commit() (an exception on the way), it removes the temporary file and
// leaves the target untouched. A successful commit also removes temporary files of the same
// target left by writers that were killed mid-save (their process is gone). Missing folders
// are created. Errors throw IOError naming the target.
class AtomicFileWriter {
 public:
  explicit AtomicFileWriter(std::filesystem::path target);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  void write(std::span<const std::byte> bytes);
  void write(std::string_view text) { write(std::as_bytes(std::span(text))); }
  void commit();

 private:
  [[noreturn]] void fail(std::string_view what) const;

  std::filesystem::path target_;
  std::filesystem::path temporary_;
  int fd_ = -1;
};

}  // namespace strata::io_detail
