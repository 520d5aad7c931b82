#include <fmt/format.h>

#include <boost/json/parse.hpp>
#include <cstring>

#include "byte_order.hpp"
#include "crc32.hpp"
#include "file_bytes.hpp"
#include "model_file.hpp"
#include "model_file_header.hpp"
#include "strata/keras/io_error.hpp"
#include "strata/version.hpp"
#include "tensor_bytes.hpp"
#include "tensor_table.hpp"

namespace strata::io_detail {
namespace {

// Files other formats make, recognised so the error can say what the file is.
std::string_view foreign_format(std::span<const std::byte> bytes) {
  const auto starts_with = [&](std::string_view magic) {
    return bytes.size() >= magic.size() &&
           std::memcmp(bytes.data(), magic.data(), magic.size()) == 0;
  };
  if (starts_with("PK\x03\x04")) return " (it is a zip archive, such as a Keras .keras file)";
  if (starts_with("\x89HDF")) return " (it is an HDF5 file, such as a Keras .h5 file)";
  if (starts_with("\x93NUMPY")) return " (it is a NumPy .npy file: use load_npy)";
  return "";
}

void check_magic(const std::filesystem::path& file, std::span<const std::byte> bytes) {
  if (bytes.empty()) throw IOError(file, "the file is empty; it is not a Strata model file", 0);
  // A file shorter than the magic is checked as far as it goes, then reported as truncated.
  const std::size_t n = std::min(bytes.size(), sizeof kModelFileMagic);
  if (std::memcmp(bytes.data(), kModelFileMagic, n) != 0) {
    throw IOError(file,
                  fmt::format("not a Strata model file: it does not start with the magic bytes "
                              "\"STRATA\\0\"{}",
                              foreign_format(bytes)),
                  0);
  }
}

// Where `offset` falls, in words, for the message about a file that ends there.
std::string place(const FileLayout& layout, const std::vector<StoredTensor>* tensors,
                  uint64_t offset) {
  if (offset < layout.header_length) return "inside the header";
  if (offset < layout.json_end()) return "inside the JSON document";
  if (offset < layout.data_offset) return "in the padding before the tensor data";
  if (offset < layout.trailer_offset()) {
    const uint64_t at = offset - layout.data_offset;
    if (tensors) {
      for (const StoredTensor& t : *tensors) {
        if (at < t.offset + t.length) {
          return at < t.offset ? fmt::format("in the padding before tensor '{}'", t.name)
                               : fmt::format("inside tensor '{}' (its bytes {}-{})", t.name,
                                             layout.data_offset + t.offset,
                                             layout.data_offset + t.offset + t.length);
        }
      }
    }
    return "inside the tensor data";
  }
  return "inside the trailer";
}

class Reader {
 public:
  Reader(const std::filesystem::path& file, std::span<const std::byte> bytes)
      : file_(file), bytes_(bytes) {}

  FileLayout layout() const {
    check_magic(file_, bytes_);
    if (bytes_.size() < kHeaderLength) truncated({}, nullptr, kHeaderLength);
    FileLayout layout = decode_header(bytes_);
    if (layout.version > kModelFormatVersion) {
      throw IOError(file_,
                    fmt::format("format version {} is newer than this Strata ({}) reads (up to "
                                "version {}); load it with a newer Strata",
                                layout.version, strata::version(), kModelFormatVersion),
                    8);
    }
    if (layout.version == 0 || header_crc32(bytes_) != layout.header_crc32) {
      throw IOError(file_, "the header (bytes 0-47) is corrupted: its CRC-32 does not match", 0);
    }
    const bool consistent = layout.header_length == kHeaderLength &&
                            layout.json_length < (uint64_t(1) << 48) &&
                            layout.data_length < (uint64_t(1) << 62) &&
                            layout.data_offset == align_data(layout.json_end());
    if (!consistent) {
      throw IOError(file_,
                    fmt::format("the header's lengths do not fit together (header {}, JSON "
                                "{}, data at {} for {} bytes); the file is damaged",
                                layout.header_length, layout.json_length, layout.data_offset,
                                layout.data_length),
                    12);
    }
    return layout;
  }

  // Throws when the file is shorter or longer than the header says, naming where it ends.
  void check_size(const FileLayout& layout) const {
    if (bytes_.size() > layout.file_size()) {
      throw IOError(file_,
                    fmt::format("{} unexpected bytes after the end of the model file at byte {}",
                                bytes_.size() - layout.file_size(), layout.file_size()),
                    layout.file_size());
    }
    if (bytes_.size() == layout.file_size()) return;
    // Once the JSON is whole, the table can name the tensor where the file ends.
    std::vector<StoredTensor> tensors;
    const bool have_table = bytes_.size() >= layout.json_end() && json_intact(layout);
    if (have_table) {
      try {
        tensors = parse_tensor_table(file_, parse_json(layout).as_object(), layout.data_length);
      } catch (const IOError&) {
        tensors.clear();
      }
    }
    truncated(layout, have_table ? &tensors : nullptr, layout.file_size());
  }

  bool json_intact(const FileLayout& layout) const {
    return crc32(bytes_.subspan(layout.header_length, layout.json_length)) == layout.json_crc32;
  }

  boost::json::value parse_json(const FileLayout& layout) const {
    const auto json = bytes_.subspan(layout.header_length, layout.json_length);
    boost::system::error_code ec;
    boost::json::value document = boost::json::parse(
        std::string_view(reinterpret_cast<const char*>(json.data()), json.size()), ec);
    if (ec || !document.is_object()) {
      throw IOError(file_,
                    fmt::format("the JSON document (bytes {}-{}) is not a JSON object{}{}",
                                layout.header_length, layout.json_end(), ec ? ": " : "",
                                ec ? ec.message() : ""),
                    layout.header_length);
    }
    return document;
  }

  void check_trailer(const FileLayout& layout) const {
    const auto trailer = bytes_.subspan(layout.trailer_offset(), kTrailerLength);
    if (std::memcmp(trailer.data() + 8, kTrailerMagic, sizeof kTrailerMagic) != 0) {
      throw IOError(file_,
                    fmt::format("the trailer at byte {} does not end with \"STRATEND\"; the file "
                                "is damaged",
                                layout.trailer_offset()),
                    layout.trailer_offset());
    }
  }

  void check_tensors(const FileLayout& layout, const std::vector<StoredTensor>& tensors) const {
    for (const StoredTensor& t : tensors) {
      const uint64_t start = layout.data_offset + t.offset;
      const uint32_t actual = crc32(bytes_.subspan(start, t.length));
      if (actual != t.crc32) {
        throw IOError(file_,
                      fmt::format("tensor '{}' is corrupted: its bytes {}-{} have CRC-32 {:08x}, "
                                  "the file recorded {:08x}",
                                  t.name, start, start + t.length, actual, t.crc32),
                      start);
      }
    }
  }

  void check_whole_file(const FileLayout& layout) const {
    const uint32_t stored = load_little_endian<uint32_t>(bytes_, layout.trailer_offset());
    if (crc32(bytes_.first(layout.trailer_offset())) != stored) {
      throw IOError(file_,
                    "the file's checksum does not match, though the header, the JSON and every "
                    "tensor do: the padding between them or the trailer is damaged",
                    layout.trailer_offset());
    }
  }

 private:
  [[noreturn]] void truncated(const FileLayout& layout, const std::vector<StoredTensor>* tensors,
                              uint64_t expected) const {
    const uint64_t end = bytes_.size();
    const std::string where =
        end < kHeaderLength
            ? fmt::format("inside the header (which alone has {} bytes)", kHeaderLength)
            : fmt::format("{} (a whole file has {} bytes)", place(layout, tensors, end), expected);
    throw IOError(file_,
                  fmt::format("truncated: the file ends at byte {}, {}; it was probably cut short "
                              "while copying or saving",
                              end, where),
                  end);
  }

  const std::filesystem::path& file_;
  std::span<const std::byte> bytes_;
};

}  // namespace

ModelFile::ModelFile(std::filesystem::path file)
    : path_(std::move(file)), bytes_(read_file(path_, "model file")) {
  const Reader reader(path_, bytes_);
  const FileLayout layout = reader.layout();
  reader.check_size(layout);
  if (!reader.json_intact(layout)) {
    throw IOError(path_,
                  fmt::format("the JSON document (bytes {}-{}) is corrupted: its CRC-32 does not "
                              "match",
                              layout.header_length, layout.json_end()),
                  layout.header_length);
  }
  document_ = reader.parse_json(layout);
  reader.check_trailer(layout);
  tensors_ = parse_tensor_table(path_, document_.as_object(), layout.data_length);
  reader.check_tensors(layout, tensors_);
  reader.check_whole_file(layout);
  data_offset_ = layout.data_offset;
}

std::vector<StoredTensor> ModelFile::tensors_in(TensorSection section) const {
  std::vector<StoredTensor> out;
  for (const StoredTensor& t : tensors_) {
    if (t.section == section) out.push_back(t);
  }
  return out;
}

Tensor ModelFile::load(const StoredTensor& tensor) const {
  return tensor_from_bytes(std::span(bytes_).subspan(data_offset_ + tensor.offset, tensor.length),
                           tensor.shape, tensor.dtype);
}

}  // namespace strata::io_detail
