#include "file_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "strata/config.hpp"

namespace strata::config_detail {
namespace {

std::string errno_text() {
  return std::generic_category().message(errno);
}

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  // close() reports write-back errors on some file systems, so it must be checked once.
  bool close() { return ::close(std::exchange(fd_, -1)) == 0; }

 private:
  int fd_;
};

// A temporary file beside the target, removed on destruction unless it was renamed away.
class TemporaryFile {
 public:
  explicit TemporaryFile(const std::filesystem::path& target) : path_(unique_name(target)) {}
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  ~TemporaryFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  const std::filesystem::path& path() const { return path_; }
  void release() { path_.clear(); }

 private:
  // The process id keeps concurrent programs apart, the counter concurrent threads; the
  // leading dot keeps the file out of casual listings while it briefly exists.
  static std::filesystem::path unique_name(const std::filesystem::path& target) {
    static std::atomic<unsigned> counter{0};
    return target.parent_path() /
           fmt::format(".{}.tmp-{}-{}", target.filename().string(), ::getpid(), counter++);
  }

  std::filesystem::path path_;
};

std::filesystem::path folder_of(const std::filesystem::path& file) {
  return file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
}

// Empty on success, else what failed, for the caller to report or ignore.
std::string write_all(int fd, std::string_view contents) {
  while (!contents.empty()) {
    const ssize_t written = ::write(fd, contents.data(), contents.size());
    if (written < 0 && errno == EINTR) continue;
    if (written < 0) return fmt::format("write failed: {}", errno_text());
    contents.remove_prefix(static_cast<std::size_t>(written));
  }
  return {};
}

// A replaced file keeps its permissions (someone may have made it private); a new one gets
// the usual 0644 less the umask.
std::optional<mode_t> existing_mode(const std::filesystem::path& file) {
  struct stat existing {};
  if (::stat(file.c_str(), &existing) != 0) return std::nullopt;
  return existing.st_mode & 07777;
}

std::string fill_temporary(const TemporaryFile& temp, std::string_view contents,
                           std::optional<mode_t> keep_mode) {
  FileDescriptor fd(::open(temp.path().c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                           keep_mode.value_or(0644)));
  if (fd.get() < 0) return fmt::format("cannot create {}: {}", temp.path().string(), errno_text());
  if (std::string error = write_all(fd.get(), contents); !error.empty()) return error;
  if (keep_mode && ::fchmod(fd.get(), *keep_mode) != 0) {
    return fmt::format("chmod failed: {}", errno_text());
  }
  if (::fsync(fd.get()) != 0) return fmt::format("fsync failed: {}", errno_text());
  if (!fd.close()) return fmt::format("close failed: {}", errno_text());
  return {};
}

// Makes the rename itself durable; a failure here loses nothing already visible, so it is not
// reported.
void sync_folder(const std::filesystem::path& folder) {
  FileDescriptor fd(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() >= 0) ::fsync(fd.get());
}

std::string make_folder(const std::filesystem::path& folder) {
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  return ec ? fmt::format("cannot create the folder {}: {}", folder.string(), ec.message())
            : std::string();
}

[[noreturn]] void throw_read_error(const std::filesystem::path& file) {
  throw ConfigError(file, 0, 0,
                    fmt::format("cannot read the config file: {}\nhint: check that it is a file "
                                "you may read, or point STRATA_HOME at another folder",
                                errno_text()));
}

[[noreturn]] void throw_write_error(const std::filesystem::path& file, std::string_view what) {
  throw ConfigError(file, 0, 0,
                    fmt::format("cannot write the config file: {}\nhint: make sure its folder is "
                                "writable and the disk is not full, or point STRATA_HOME at "
                                "another folder",
                                what));
}

}  // namespace

std::optional<std::string> read_text_file(const std::filesystem::path& file) {
  FileDescriptor fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  // ENOTDIR: a folder on the way is a file, so this file cannot exist either.
  if (fd.get() < 0 && (errno == ENOENT || errno == ENOTDIR)) return std::nullopt;
  if (fd.get() < 0) throw_read_error(file);
  std::string contents;
  char buffer[4096];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n == 0) return contents;
    if (n > 0) {
      contents.append(buffer, static_cast<std::size_t>(n));
    } else if (errno != EINTR) {
      throw_read_error(file);
    }
  }
}

void write_file_atomically(const std::filesystem::path& file, std::string_view contents) {
  if (std::string error = make_folder(folder_of(file)); !error.empty()) {
    throw_write_error(file, error);
  }
  TemporaryFile temp(file);
  if (std::string error = fill_temporary(temp, contents, existing_mode(file)); !error.empty()) {
    throw_write_error(file, error);
  }
  if (::rename(temp.path().c_str(), file.c_str()) != 0) {
    throw_write_error(file, fmt::format("rename failed: {}", errno_text()));
  }
  temp.release();
  sync_folder(folder_of(file));
}

bool create_file_if_absent(const std::filesystem::path& file, std::string_view contents) noexcept {
  try {
    if (!make_folder(folder_of(file)).empty()) return false;
    TemporaryFile temp(file);
    if (!fill_temporary(temp, contents, std::nullopt).empty()) return false;
    // link() fails with EEXIST instead of replacing, which is what makes "never rewritten"
    // hold against a concurrent creator; rename is the fallback for file systems without
    // hard links, where a concurrent creator would have written the same defaults anyway.
    bool created = ::link(temp.path().c_str(), file.c_str()) == 0;
    if (!created && errno != EEXIST && !std::filesystem::exists(file)) {
      created = ::rename(temp.path().c_str(), file.c_str()) == 0;
      if (created) temp.release();
    }
    if (created) sync_folder(folder_of(file));
    return created;
  } catch (...) {
    return false;  // std::filesystem or allocation failures: carry on with defaults
  }
}

}  // namespace strata::config_detail
