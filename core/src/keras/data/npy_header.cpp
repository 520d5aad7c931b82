#include "npy_header.hpp"

#include <fmt/format.h>

#include <cctype>
#include <optional>

#include "../io/byte_order.hpp"
#include "strata/keras/io_error.hpp"

namespace strata::data_detail {
namespace {

constexpr std::string_view kMagic = "\x93NUMPY";

// A recursive-descent reader of the subset of Python literals NumPy writes in the header.
class DictReader {
 public:
  DictReader(const std::filesystem::path& file, std::string_view text, std::size_t offset)
      : file_(file), text_(text), offset_(offset) {}

  NpyHeader read() {
    std::optional<std::string> descr;
    std::optional<bool> fortran_order;
    std::optional<Shape> shape;
    expect('{', "'{' opening the header's dict");
    while (peek() != '}') {
      const std::size_t key_at = pos_;
      const std::string key = string("a key in quotes ('descr', 'fortran_order' or 'shape')");
      expect(':', fmt::format("':' after the key '{}'", key));
      if (key == "descr" && !descr) {
        descr = string("the type string, such as '<f4'");
      } else if (key == "fortran_order" && !fortran_order) {
        fortran_order = boolean();
      } else if (key == "shape" && !shape) {
        shape = tuple();
      } else {
        fail(key_at, fmt::format("'descr', 'fortran_order' or 'shape' (each once); found the key "
                                 "'{}'",
                                 key));
      }
      if (peek() != ',') break;
      ++pos_;
    }
    expect('}', "',' or '}' after a value");
    skip_space();
    if (pos_ != text_.size()) fail(pos_, "only spaces and a newline after the dict");
    if (!descr || !fortran_order || !shape) {
      fail(pos_, fmt::format("the key '{}' in the header's dict", !descr           ? "descr"
                                                                  : !fortran_order ? "fortran_order"
                                                                                   : "shape"));
    }
    return NpyHeader{*descr, *fortran_order, *shape, 0};
  }

 private:
  [[noreturn]] void fail(std::size_t at, std::string_view expected) const {
    const std::string found =
        at < text_.size() ? fmt::format("'{}'", text_.substr(at, 12)) : "the end of the header";
    throw IOError(file_,
                  fmt::format("malformed .npy header at byte {}: expected {}, found {}",
                              offset_ + at, expected, found),
                  offset_ + at);
  }

  void skip_space() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  char peek() {
    skip_space();
    return pos_ < text_.size() ? text_[pos_] : '\0';
  }
  void expect(char c, std::string_view what) {
    if (peek() != c) fail(pos_, what);
    ++pos_;
  }

  std::string string(std::string_view what) {
    const char quote = peek();
    if (quote != '\'' && quote != '"') fail(pos_, what);
    const std::size_t start = ++pos_;
    while (pos_ < text_.size() && text_[pos_] != quote) {
      if (text_[pos_] == '\\') fail(pos_, "a plain string (escape sequences are not supported)");
      ++pos_;
    }
    if (pos_ == text_.size()) fail(start - 1, fmt::format("a closing {} for the string", quote));
    return std::string(text_.substr(start, pos_++ - start));
  }

  bool boolean() {
    skip_space();
    for (const auto& [word, value] : {std::pair{"True", true}, std::pair{"False", false}}) {
      if (text_.substr(pos_).starts_with(word)) {
        pos_ += std::string_view(word).size();
        return value;
      }
    }
    fail(pos_, "True or False for 'fortran_order'");
  }

  // (2, 3), (5,), () and Python 2's (2L, 3L).
  Shape tuple() {
    expect('(', "a tuple of sizes such as (2, 3) for 'shape'");
    Shape shape;
    while (peek() != ')') {
      if (shape.rank() == kMaxRank) fail(pos_, fmt::format("at most {} sizes", kMaxRank));
      shape.push_back(size());
      if (peek() != ',') break;
      ++pos_;
    }
    expect(')', "',' or ')' in the shape tuple");
    return shape;
  }

  int64_t size() {
    const std::size_t start = pos_;
    int64_t value = 0;
    while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
      if (__builtin_mul_overflow(value, 10, &value) ||
          __builtin_add_overflow(value, text_[pos_] - '0', &value)) {
        fail(start, "a size below 2^63");
      }
      ++pos_;
    }
    if (pos_ == start) fail(start, "a non-negative whole number in the shape tuple");
    if (pos_ < text_.size() && text_[pos_] == 'L') ++pos_;
    return value;
  }

  const std::filesystem::path& file_;
  std::string_view text_;
  std::size_t offset_;
  std::size_t pos_ = 0;
};

}  // namespace

NpyHeader parse_npy_header(const std::filesystem::path& file, std::span<const std::byte> bytes) {
  const std::string_view start(reinterpret_cast<const char*>(bytes.data()),
                               std::min<std::size_t>(bytes.size(), kMagic.size()));
  if (start != kMagic) {
    throw IOError(file,
                  "not a .npy file: it does not start with the magic string \"\\x93NUMPY\" "
                  "(np.save writes it; np.savez archives and pickles are other formats)",
                  0);
  }
  if (bytes.size() < 10) {
    throw IOError(file,
                  fmt::format("truncated .npy file: it ends at byte {}, inside the 10-byte "
                              "preamble",
                              bytes.size()),
                  bytes.size());
  }
  const auto major = std::to_integer<int>(bytes[6]);
  const auto minor = std::to_integer<int>(bytes[7]);
  if (major < 1 || major > 3 || minor != 0) {
    throw IOError(file,
                  fmt::format(".npy format version {}.{} at byte 6; Strata reads 1.0, 2.0 and 3.0",
                              major, minor),
                  6);
  }
  // Version 1.0 has a 2-byte header length, later versions a 4-byte one.
  const std::size_t length_size = major == 1 ? 2 : 4;
  const std::size_t dict_start = 8 + length_size;
  if (bytes.size() < dict_start) {
    throw IOError(file,
                  fmt::format("truncated .npy file: it ends at byte {}, inside the header length",
                              bytes.size()),
                  bytes.size());
  }
  const std::size_t dict_length = major == 1 ? io_detail::load_little_endian<uint16_t>(bytes, 8)
                                             : io_detail::load_little_endian<uint32_t>(bytes, 8);
  if (bytes.size() - dict_start < dict_length) {
    throw IOError(file,
                  fmt::format("truncated .npy file: it ends at byte {}, inside the header, which "
                              "says it runs to byte {}",
                              bytes.size(), dict_start + dict_length),
                  bytes.size());
  }
  const std::string_view dict(reinterpret_cast<const char*>(bytes.data()) + dict_start,
                              dict_length);
  NpyHeader header = DictReader(file, dict, dict_start).read();
  header.data_offset = dict_start + dict_length;
  return header;
}

std::string format_npy_header(std::string_view descr, const Shape& shape) {
  std::string sizes;
  for (int64_t size : shape) sizes += fmt::format("{}, ", size);
  if (shape.rank() > 1) sizes.resize(sizes.size() - 2);  // (2, 3) but (5,)
  if (shape.rank() == 1) sizes.pop_back();
  std::string dict =
      fmt::format("{{'descr': '{}', 'fortran_order': False, 'shape': ({}), }}", descr, sizes);
  const std::size_t length_size = dict.size() + 11 + 63 > 0xFFFF ? 4 : 2;
  const std::size_t preamble = 8 + length_size;
  // Spaces, then the newline, so that the data starts at a multiple of 64.
  dict.append((64 - (preamble + dict.size() + 1) % 64) % 64, ' ');
  dict.push_back('\n');
  std::string out(kMagic);
  out.push_back(static_cast<char>(length_size == 2 ? 1 : 2));
  out.push_back('\0');
  if (length_size == 2) {
    io_detail::append_little_endian(out, static_cast<uint16_t>(dict.size()));
  } else {
    io_detail::append_little_endian(out, static_cast<uint32_t>(dict.size()));
  }
  return out + dict;
}

}  // namespace strata::data_detail
