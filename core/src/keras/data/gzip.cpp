#include "gzip.hpp"

#include <zlib.h>

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "../io/byte_order.hpp"
#include "strata/keras/io_error.hpp"

namespace strata::data_detail {
namespace {

// gzip's trailer ends with the uncompressed size modulo 2^32: a hint for the first
// allocation, capped so a corrupt trailer cannot ask for gigabytes.
std::size_t size_hint(std::span<const std::byte> compressed) {
  if (compressed.size() < 18) return 0;
  const auto stated = io_detail::load_little_endian<uint32_t>(compressed, compressed.size() - 4);
  return std::min<std::size_t>(stated, compressed.size() * 64 + (1u << 20));
}

class Inflater {
 public:
  explicit Inflater(const std::filesystem::path& file) : file_(file) {
    // 16 + MAX_WBITS: expect a gzip header and trailer around the deflate data.
    if (inflateInit2(&stream_, 16 + MAX_WBITS) != Z_OK) {
      throw IOError(file_, "cannot start zlib's decompressor (out of memory?)");
    }
  }
  ~Inflater() { inflateEnd(&stream_); }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  std::vector<std::byte> run(std::span<const std::byte> compressed) {
    std::vector<std::byte> out;
    out.resize(std::max<std::size_t>(size_hint(compressed), 1 << 16));
    std::size_t produced = 0;
    std::size_t consumed = 0;
    for (;;) {
      if (produced == out.size()) out.resize(out.size() * 2);
      const std::size_t in_chunk =
          std::min<std::size_t>(compressed.size() - consumed, std::numeric_limits<uInt>::max());
      const std::size_t out_chunk =
          std::min<std::size_t>(out.size() - produced, std::numeric_limits<uInt>::max());
      stream_.next_in =
          reinterpret_cast<Bytef*>(const_cast<std::byte*>(compressed.data()) + consumed);
      stream_.avail_in = static_cast<uInt>(in_chunk);
      stream_.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
      stream_.avail_out = static_cast<uInt>(out_chunk);
      const int status = inflate(&stream_, Z_NO_FLUSH);
      consumed += in_chunk - stream_.avail_in;
      produced += out_chunk - stream_.avail_out;
      if (status == Z_STREAM_END) {
        if (consumed == compressed.size()) break;
        if (!is_gzip(compressed.subspan(consumed))) {
          throw IOError(
              file_,
              fmt::format("unexpected bytes after the end of the gzip data at byte {}", consumed),
              consumed);
        }
        inflateReset(&stream_);  // another gzip member follows
        continue;
      }
      if (status == Z_DATA_ERROR || status == Z_NEED_DICT) {
        throw IOError(file_,
                      fmt::format("corrupt gzip data near byte {}: {}", consumed,
                                  stream_.msg ? stream_.msg : "invalid deflate stream"),
                      consumed);
      }
      if (status == Z_MEM_ERROR) throw IOError(file_, "out of memory while decompressing");
      const bool stalled = status == Z_BUF_ERROR || stream_.avail_out != 0;
      if (stalled && consumed == compressed.size()) {
        throw IOError(file_,
                      fmt::format("truncated: the gzip data ends at byte {} before its end "
                                  "marker; the file was probably cut short while copying",
                                  consumed),
                      consumed);
      }
    }
    out.resize(produced);
    return out;
  }

 private:
  const std::filesystem::path& file_;
  z_stream stream_{};
};

}  // namespace

bool is_gzip(std::span<const std::byte> bytes) noexcept {
  return bytes.size() >= 2 && bytes[0] == std::byte{0x1f} && bytes[1] == std::byte{0x8b};
}

std::vector<std::byte> gunzip(const std::filesystem::path& file,
                              std::span<const std::byte> compressed) {
  return Inflater(file).run(compressed);
}

}  // namespace strata::data_detail
