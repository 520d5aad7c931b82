#include "strata/dtype.hpp"

#include <fmt/format.h>

#include <array>

#include "strata/op_error.hpp"

namespace strata {
namespace {

constexpr std::array kAll = {DType::float32, DType::float64, DType::float16, DType::bfloat16,
                             DType::int32,   DType::int64,   DType::uint8};

}  // namespace

std::string_view dtype_name(DType dtype) noexcept {
  switch (dtype) {
    case DType::float32:
      return "float32";
    case DType::float64:
      return "float64";
    case DType::float16:
      return "float16";
    case DType::bfloat16:
      return "bfloat16";
    case DType::int32:
      return "int32";
    case DType::int64:
      return "int64";
    case DType::uint8:
      return "uint8";
  }
  return "invalid";
}

DType parse_dtype(std::string_view name) {
  std::string valid;
  for (DType dtype : kAll) {
    if (dtype_name(dtype) == name) return dtype;
    valid += fmt::format("{}{}", valid.empty() ? "" : ", ", dtype_name(dtype));
  }
  throw DTypeError(fmt::format("unknown dtype \"{}\"; expected one of {}", name, valid));
}

std::size_t dtype_size(DType dtype) noexcept {
  switch (dtype) {
    case DType::float64:
    case DType::int64:
      return 8;
    case DType::float32:
    case DType::int32:
      return 4;
    case DType::float16:
    case DType::bfloat16:
      return 2;
    case DType::uint8:
      return 1;
  }
  return 0;
}

bool is_floating(DType dtype) noexcept {
  return dtype == DType::float32 || dtype == DType::float64 || dtype == DType::float16 ||
         dtype == DType::bfloat16;
}

bool is_integer(DType dtype) noexcept {
  return dtype == DType::int32 || dtype == DType::int64 || dtype == DType::uint8;
}

}  // namespace strata
