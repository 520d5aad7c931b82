#include "file_bytes.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <system_error>
#include <utility>

#include <fmt/format.h>

#include "strata/keras/io_error.hpp"

namespace strata::io_detail {
namespace {

std::string errno_text(int error) {
  return std::generic_category().message(error);
}

std::string open_failure(std::string_view what, int error) {
  switch (error) {
    case ENOENT:
    case ENOTDIR:
      return fmt::format("no such {}; check the path", what);
    case EISDIR:
      return fmt::format("this is a folder, not a {}", what);
    case EACCES:
      return fmt::format("permission denied reading this {}", what);
    default:
      return fmt::format("cannot open this {}: {}", what, errno_text(error));
  }
}

// The process id keeps concurrent programs apart, the counter concurrent threads; the leading
// dot keeps the file out of casual listings while it briefly exists.
std::filesystem::path temporary_name(const std::filesystem::path& target) {
  static std::atomic<unsigned> counter{0};
  return target.parent_path() /
         fmt::format(".{}.tmp-{}-{}", target.filename().string(), ::getpid(), counter++);
}

// Makes the rename durable; failing here loses nothing already visible, so it is not reported.
void sync_folder(const std::filesystem::path& folder) {
  const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// Temporary files of this target left by writers that died mid-save (killed, power lost): the
// pid in their name is no longer a process. Files of live writers, this one's included, stay.
void remove_stale_temporaries(const std::filesystem::path& target) {
  const std::string prefix = fmt::format(".{}.tmp-", target.filename().string());
  std::error_code ec;
  const std::filesystem::path folder = target.has_parent_path() ? target.parent_path() : ".";
  for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end;
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.starts_with(prefix)) continue;
    const long pid = std::strtol(name.c_str() + prefix.size(), nullptr, 10);
    if (pid <= 0 || pid == ::getpid()) continue;
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) ::unlink(it->path().c_str());
  }
}

}  // namespace

std::vector<std::byte> read_file(const std::filesystem::path& file, std::string_view what) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw IOError(file, open_failure(what, errno));
  std::vector<std::byte> bytes;
  struct stat info {};
  if (::fstat(fd, &info) == 0 && S_ISDIR(info.st_mode)) {
    ::close(fd);
    throw IOError(file, open_failure(what, EISDIR));
  }
  if (info.st_size > 0) bytes.reserve(static_cast<std::size_t>(info.st_size));
  std::byte buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      throw IOError(file,
                    fmt::format("read failed after {} bytes: {}", bytes.size(), errno_text(error)),
                    bytes.size());
    }
    bytes.insert(bytes.end(), buffer, buffer + n);
  }
  ::close(fd);
  return bytes;
}

AtomicFileWriter::AtomicFileWriter(std::filesystem::path target) : target_(std::move(target)) {
  if (target_.filename().empty()) fail("the path names a folder, not a file");
  if (target_.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(target_.parent_path(), ec);
    if (ec)
      fail(fmt::format("cannot create the folder {}: {}", target_.parent_path().string(),
                       ec.message()));
  }
  temporary_ = temporary_name(target_);
  fd_ = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    const int error = errno;
    temporary_.clear();
    fail(fmt::format("cannot create a temporary file in its folder: {}", errno_text(error)));
  }
}

AtomicFileWriter::~AtomicFileWriter() {
  if (fd_ >= 0) ::close(fd_);
  if (!temporary_.empty()) ::unlink(temporary_.c_str());
}

void AtomicFileWriter::write(std::span<const std::byte> bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail(fmt::format("write failed: {}", errno_text(errno)));
    bytes = bytes.subspan(static_cast<std::size_t>(n));
  }
}

void AtomicFileWriter::commit() {
  if (::fsync(fd_) != 0) fail(fmt::format("fsync failed: {}", errno_text(errno)));
  // close() reports write-back errors on some file systems, so it is checked.
  const int closed = ::close(std::exchange(fd_, -1));
  if (closed != 0) fail(fmt::format("close failed: {}", errno_text(errno)));
  if (::rename(temporary_.c_str(), target_.c_str()) != 0) {
    fail(fmt::format("cannot rename the temporary file over it: {}", errno_text(errno)));
  }
  temporary_.clear();
  sync_folder(target_.parent_path());
  remove_stale_temporaries(target_);
}

void AtomicFileWriter::fail(std::string_view what) const {
  throw IOError(target_,
                fmt::format("cannot save: {} (the previous file, if any, is unchanged)", what));
}

}  // namespace strata::io_detail
