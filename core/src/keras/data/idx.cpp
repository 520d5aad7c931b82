// The IDX format (LeCun's MNIST files): bytes 0-1 zero, byte 2 the element type, byte 3 the
// rank, then one big-endian uint32 size per axis, then the elements, big-endian, row-major.
#include <algorithm>
#include <cstring>
#include <string>

#include <fmt/format.h>

#include "../io/byte_order.hpp"
#include "../io/file_bytes.hpp"
#include "../io/tensor_bytes.hpp"
#include "gzip.hpp"
#include "strata/keras/datasets.hpp"
#include "strata/keras/io_error.hpp"

namespace strata::datasets {
namespace {

struct IdxType {
  uint8_t code;
  const char* name;
  std::size_t file_size;  // bytes per element in the file
  DType dtype;            // what it becomes
};

constexpr IdxType kIdxTypes[] = {
    {0x08, "unsigned byte", 1, DType::uint8}, {0x09, "signed byte", 1, DType::int32},
    {0x0B, "short", 2, DType::int32},         {0x0C, "int", 4, DType::int32},
    {0x0D, "float", 4, DType::float32},       {0x0E, "double", 8, DType::float64},
};

// Byte offsets in messages count in the decompressed contents of a gzip file.
struct Source {
  const std::filesystem::path& file;
  std::span<const std::byte> bytes;
  bool compressed;

  std::string where(uint64_t byte) const {
    return compressed ? fmt::format("byte {} of the decompressed data", byte)
                      : fmt::format("byte {}", byte);
  }
  [[noreturn]] void truncated(std::string_view inside, uint64_t needed) const {
    throw IOError(file,
                  fmt::format("truncated IDX file: the data ends at {}, inside {} (which needs "
                              "{} bytes in all)",
                              where(bytes.size()), inside, needed),
                  bytes.size());
  }
};

const IdxType& element_type(const Source& source) {
  if (source.bytes.size() < 4) source.truncated("the 4-byte magic number", 4);
  const auto magic = io_detail::load_big_endian<uint32_t>(source.bytes, 0);
  const auto code = std::to_integer<uint8_t>(source.bytes[2]);
  const auto* type = std::find_if(std::begin(kIdxTypes), std::end(kIdxTypes),
                                  [&](const IdxType& t) { return t.code == code; });
  if ((magic >> 16) != 0 || type == std::end(kIdxTypes)) {
    throw IOError(source.file,
                  fmt::format("not an IDX file: the magic number at byte 0 is 0x{:08x}; IDX files "
                              "start with two zero bytes, an element type (0x08, 0x09, 0x0B, "
                              "0x0C, 0x0D or 0x0E) and the number of dimensions",
                              magic),
                  0);
  }
  return *type;
}

Shape dimensions(const Source& source) {
  const int rank = std::to_integer<int>(source.bytes[3]);
  if (rank > kMaxRank) {
    throw IOError(source.file,
                  fmt::format("the IDX header at byte 3 says {} dimensions; Strata tensors have "
                              "at most {}",
                              rank, kMaxRank),
                  3);
  }
  const std::size_t header = 4 + 4 * static_cast<std::size_t>(rank);
  if (source.bytes.size() < header) {
    source.truncated(fmt::format("the sizes of its {} dimensions", rank), header);
  }
  Shape shape;
  for (int axis = 0; axis < rank; ++axis) {
    shape.push_back(io_detail::load_big_endian<uint32_t>(source.bytes, 4 + 4 * size_t(axis)));
  }
  return shape;
}

// Converts the big-endian elements to host order, widening where the type changes.
template <typename From, typename To>
std::vector<std::byte> convert(std::span<const std::byte> data, std::size_t count) {
  std::vector<std::byte> out(count * sizeof(To));
  for (std::size_t i = 0; i < count; ++i) {
    using Bits = std::conditional_t<
        sizeof(From) == 1, uint8_t,
        std::conditional_t<sizeof(From) == 2, uint16_t,
                           std::conditional_t<sizeof(From) == 4, uint32_t, uint64_t>>>;
    const auto bits = io_detail::load_big_endian<Bits>(data, i * sizeof(From));
    From value;
    std::memcpy(&value, &bits, sizeof value);
    const To widened = static_cast<To>(value);
    std::memcpy(out.data() + i * sizeof(To), &widened, sizeof widened);
  }
  return out;
}

// Every type but unsigned byte (which has no byte order and goes in as it is).
std::vector<std::byte> host_elements(const IdxType& type, std::span<const std::byte> data,
                                     std::size_t count) {
  switch (type.code) {
    case 0x09:
      return convert<int8_t, int32_t>(data, count);
    case 0x0B:
      return convert<int16_t, int32_t>(data, count);
    case 0x0C:
      return convert<int32_t, int32_t>(data, count);
    case 0x0D:
      return convert<float, float>(data, count);
    default:
      return convert<double, double>(data, count);
  }
}

Tensor parse_idx(const Source& source) {
  const IdxType& type = element_type(source);
  const Shape shape = dimensions(source);
  const std::size_t header = 4 + 4 * static_cast<std::size_t>(shape.rank());
  // Up to 8 sizes below 2^32 each: the product can overflow, so every step is checked.
  uint64_t count = 1;
  uint64_t data_bytes = 0;
  bool overflow = false;
  for (int64_t size : shape) overflow |= __builtin_mul_overflow(count, uint64_t(size), &count);
  overflow |= __builtin_mul_overflow(count, uint64_t(type.file_size), &data_bytes);
  if (overflow) {
    throw IOError(source.file,
                  fmt::format("the IDX header's sizes {} describe more than 2^64 bytes of data",
                              shape.to_string()),
                  4);
  }
  if (data_bytes > source.bytes.size() - header) {
    source.truncated(fmt::format("the {} data of shape {}", type.name, shape.to_string()),
                     header + data_bytes);
  }
  const uint64_t end = header + data_bytes;
  if (end < source.bytes.size()) {
    throw IOError(
        source.file,
        fmt::format("{} unexpected bytes after the data, from {}: the header says shape "
                    "{} of {}, which ends there",
                    source.bytes.size() - end, source.where(end), shape.to_string(), type.name),
        end);
  }
  const auto data = source.bytes.subspan(header);
  if (type.dtype == DType::uint8) return io_detail::tensor_from_bytes(data, shape, type.dtype);
  return io_detail::tensor_from_bytes(host_elements(type, data, count), shape, type.dtype);
}

}  // namespace

Tensor read_idx(const std::filesystem::path& file) {
  const std::vector<std::byte> raw = io_detail::read_file(file, "IDX file");
  if (data_detail::is_gzip(raw)) {
    const std::vector<std::byte> contents = data_detail::gunzip(file, raw);
    return parse_idx(Source{file, contents, true});
  }
  return parse_idx(Source{file, raw, false});
}

}  // namespace strata::datasets
