#include "tensor_table.hpp"

#include <fmt/format.h>

#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "strata/keras/io_error.hpp"
#include "strata/op_error.hpp"

namespace strata::io_detail {
namespace {

std::string_view section_name(TensorSection section) {
  return section == TensorSection::weights ? "weights" : "optimizer";
}

// Reads one entry, with errors that say which entry and field are wrong.
class EntryReader {
 public:
  EntryReader(const std::filesystem::path& file, const boost::json::value& entry, std::size_t index)
      : file_(file), index_(index) {
    if (!entry.is_object()) fail("is not an object");
    object_ = &entry.as_object();
  }

  [[noreturn]] void fail(std::string_view problem) const {
    throw IOError(file_, fmt::format("the tensor table in the JSON document is malformed: entry "
                                     "{} {}; the file was not written by this format's writer",
                                     index_, problem));
  }

  const boost::json::value& field(std::string_view key) const {
    const boost::json::value* value = object_->if_contains(key);
    if (!value) fail(fmt::format("has no '{}'", key));
    return *value;
  }
  std::string text(std::string_view key) const {
    const boost::json::value& value = field(key);
    if (!value.is_string()) fail(fmt::format("has a '{}' that is not a string", key));
    return std::string(value.as_string());
  }
  uint64_t number(std::string_view key) const {
    const boost::json::value& value = field(key);
    boost::system::error_code ec;
    const auto n = value.to_number<uint64_t>(ec);
    if (ec) fail(fmt::format("has a '{}' that is not a non-negative whole number", key));
    return n;
  }
  Shape shape() const {
    const boost::json::value& value = field("shape");
    if (!value.is_array() || value.as_array().size() > size_t(kMaxRank)) {
      fail(fmt::format("has a 'shape' that is not a list of at most {} sizes", kMaxRank));
    }
    Shape shape;
    for (const boost::json::value& size : value.as_array()) {
      boost::system::error_code ec;
      const auto n = size.to_number<int64_t>(ec);
      if (ec || n < 0) fail("has a 'shape' with a size that is not a non-negative whole number");
      shape.push_back(n);
    }
    return shape;
  }

 private:
  const std::filesystem::path& file_;
  std::size_t index_;
  const boost::json::object* object_ = nullptr;
};

StoredTensor read_entry(const EntryReader& entry, uint64_t data_length) {
  StoredTensor t;
  t.name = entry.text("name");
  const std::string section = entry.text("section");
  if (section != "weights" && section != "optimizer") {
    entry.fail(fmt::format("has section '{}' (expected 'weights' or 'optimizer')", section));
  }
  t.section = section == "weights" ? TensorSection::weights : TensorSection::optimizer;
  if (t.section == TensorSection::weights) t.layer = entry.text("layer");
  try {
    t.dtype = parse_dtype(entry.text("dtype"));
  } catch (const DTypeError&) {
    entry.fail(fmt::format("has an unknown dtype '{}'", entry.text("dtype")));
  }
  t.shape = entry.shape();
  t.offset = entry.number("offset");
  t.length = entry.number("length");
  const uint64_t crc = entry.number("crc32");
  if (crc > UINT32_MAX) entry.fail("has a 'crc32' above 2^32");
  t.crc32 = static_cast<uint32_t>(crc);
  uint64_t expected = dtype_size(t.dtype);
  for (int64_t size : t.shape) {
    if (__builtin_mul_overflow(expected, static_cast<uint64_t>(size), &expected)) {
      entry.fail("has a shape too large for any file");
    }
  }
  if (t.length != expected) {
    entry.fail(fmt::format("('{}') has length {}, but {} of {} takes {} bytes", t.name, t.length,
                           t.shape.to_string(), dtype_name(t.dtype), expected));
  }
  if (t.offset > data_length || t.length > data_length - t.offset) {
    entry.fail(fmt::format("('{}') lies at bytes {}-{} of the data section, which holds {}", t.name,
                           t.offset, t.offset + t.length, data_length));
  }
  return t;
}

}  // namespace

boost::json::object table_entry(const StoredTensor& tensor) {
  boost::json::object entry;
  entry["name"] = tensor.name;
  entry["section"] = section_name(tensor.section);
  if (tensor.section == TensorSection::weights) entry["layer"] = tensor.layer;
  entry["dtype"] = dtype_name(tensor.dtype);
  boost::json::array shape;
  for (int64_t size : tensor.shape) shape.push_back(size);
  entry["shape"] = std::move(shape);
  entry["offset"] = tensor.offset;
  entry["length"] = tensor.length;
  entry["crc32"] = tensor.crc32;
  return entry;
}

std::vector<StoredTensor> parse_tensor_table(const std::filesystem::path& file,
                                             const boost::json::object& document,
                                             uint64_t data_length) {
  const boost::json::value* table = document.if_contains("tensors");
  if (!table || !table->is_array()) {
    throw IOError(file,
                  "the JSON document has no \"tensors\" list; the file was not written by "
                  "this format's writer");
  }
  std::vector<StoredTensor> tensors;
  for (std::size_t k = 0; k < table->as_array().size(); ++k) {
    tensors.push_back(read_entry(EntryReader(file, table->as_array()[k], k), data_length));
  }
  return tensors;
}

}  // namespace strata::io_detail
