#include "strata/keras/npy.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "../io/file_bytes.hpp"
#include "../io/tensor_bytes.hpp"
#include "npy_header.hpp"
#include "strata/keras/io_error.hpp"
#include "strata/op_error.hpp"

namespace strata {
namespace {

struct NpyType {
  char kind;  // NumPy's type character: f, i, u, b
  std::size_t size;
  DType dtype;
};

constexpr NpyType kNpyTypes[] = {
    {'f', 2, DType::float16}, {'f', 4, DType::float32}, {'f', 8, DType::float64},
    {'i', 4, DType::int32},   {'i', 8, DType::int64},   {'u', 1, DType::uint8},
    {'b', 1, DType::uint8},  // bool: NumPy stores 0 or 1 per byte
};

struct ElementType {
  DType dtype;
  bool big_endian;
};

// '<f4' and friends: byte order ('<' little, '>' big, '|' not applicable, '=' this machine's),
// kind, size in bytes.
ElementType element_type(const std::filesystem::path& file, std::string_view descr) {
  const auto unsupported = [&](std::string_view why) {
    return IOError(file, fmt::format(".npy element type '{}' {}; Strata reads float16/32/64 "
                                     "('<f2', '<f4', '<f8'), int32/64 ('<i4', '<i8'), uint8 "
                                     "('|u1') and bool ('|b1')",
                                     descr, why));
  };
  if (descr.size() < 3 || std::string_view("<>|=").find(descr[0]) == std::string_view::npos) {
    throw unsupported("is not a plain array type");
  }
  std::size_t size = 0;
  for (char c : descr.substr(2)) {
    if (c < '0' || c > '9' || size > 64) throw unsupported("is not a plain array type");
    size = size * 10 + static_cast<std::size_t>(c - '0');
  }
  const auto* type =
      std::find_if(std::begin(kNpyTypes), std::end(kNpyTypes),
                   [&](const NpyType& t) { return t.kind == descr[1] && t.size == size; });
  if (type == std::end(kNpyTypes)) throw unsupported("is not supported");
  return {type->dtype, descr[0] == '>' && size > 1};
}

void swap_byte_order(std::span<std::byte> data, std::size_t element_size) {
  for (std::size_t i = 0; i + element_size <= data.size(); i += element_size) {
    std::reverse(data.begin() + static_cast<std::ptrdiff_t>(i),
                 data.begin() + static_cast<std::ptrdiff_t>(i + element_size));
  }
}

// The number of data bytes `shape` of `dtype` needs, or nothing when that overflows.
std::optional<uint64_t> data_size(const Shape& shape, DType dtype) {
  uint64_t bytes = dtype_size(dtype);
  for (int64_t size : shape) {
    if (__builtin_mul_overflow(bytes, static_cast<uint64_t>(size), &bytes)) return std::nullopt;
  }
  return bytes;
}

std::string_view npy_descr(DType dtype) {
  switch (dtype) {
    case DType::float16:
      return "<f2";
    case DType::float32:
      return "<f4";
    case DType::float64:
      return "<f8";
    case DType::int32:
      return "<i4";
    case DType::int64:
      return "<i8";
    case DType::uint8:
      return "|u1";
    case DType::bfloat16:
      break;
  }
  throw DTypeError(
      "save_npy: NumPy has no bfloat16 type; save tensor.astype(DType::float32) instead");
}

}  // namespace

Tensor load_npy(const std::filesystem::path& file) {
  std::vector<std::byte> bytes = io_detail::read_file(file, ".npy file");
  const data_detail::NpyHeader header = data_detail::parse_npy_header(file, bytes);
  const ElementType type = element_type(file, header.descr);
  const std::optional<uint64_t> needed = data_size(header.shape, type.dtype);
  const uint64_t present = bytes.size() - header.data_offset;
  if (!needed || *needed > present) {
    throw IOError(file,
                  fmt::format("truncated .npy file: the data ends at byte {}, but shape {} of "
                              "'{}' needs {} bytes from byte {}",
                              bytes.size(), header.shape.to_string(), header.descr,
                              needed ? fmt::format("{}", *needed) : std::string("over 2^64"),
                              header.data_offset),
                  bytes.size());
  }
  if (*needed < present) {
    throw IOError(file,
                  fmt::format("{} unexpected bytes after the data, from byte {}: shape {} of '{}' "
                              "ends there",
                              present - *needed, header.data_offset + *needed,
                              header.shape.to_string(), header.descr),
                  header.data_offset + *needed);
  }
  const std::span<std::byte> data(bytes.data() + header.data_offset, *needed);
  if (type.big_endian) swap_byte_order(data, dtype_size(type.dtype));
  if (!header.fortran_order) return io_detail::tensor_from_bytes(data, header.shape, type.dtype);
  // Fortran order is row-major order of the reversed shape; reversing the axes back gives the
  // array, which is then made row-major.
  Shape reversed;
  for (int axis = header.shape.rank() - 1; axis >= 0; --axis)
    reversed.push_back(header.shape[axis]);
  return io_detail::tensor_from_bytes(data, reversed, type.dtype).transpose().contiguous();
}

void save_npy(const std::filesystem::path& file, const Tensor& tensor) {
  const std::string header =
      data_detail::format_npy_header(npy_descr(tensor.dtype()), tensor.shape());
  const std::vector<std::byte> data = io_detail::tensor_bytes(tensor);
  io_detail::AtomicFileWriter writer(file);
  writer.write(header);
  writer.write(data);
  writer.commit();
}

}  // namespace strata
