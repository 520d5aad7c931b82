// strata/dtype.hpp: element types of tensors, named as Keras names them ("float32", "int64").
//
// The enumerators carry the ABI's codes (strata_dtype), so handing a dtype to a backend is a
// cast. Comparisons produce uint8 tensors holding 0 or 1 (the ABI has no bool type); where
// Keras says "bool", Strata says "uint8".
#pragma once

#include <strata/backend.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace strata {

enum class DType : uint8_t {
  float32 = STRATA_F32,
  float64 = STRATA_F64,
  float16 = STRATA_F16,
  bfloat16 = STRATA_BF16,
  int32 = STRATA_I32,
  int64 = STRATA_I64,
  uint8 = STRATA_U8,
};

// "float32", "float64", "float16", "bfloat16", "int32", "int64", "uint8".
std::string_view dtype_name(DType dtype) noexcept;
// The inverse of dtype_name; throws DTypeError (listing the valid names) for anything else.
DType parse_dtype(std::string_view name);
// Bytes per element: 8, 4, 2 or 1.
std::size_t dtype_size(DType dtype) noexcept;
bool is_floating(DType dtype) noexcept;  // float32, float64, float16, bfloat16
bool is_integer(DType dtype) noexcept;   // int32, int64, uint8

constexpr strata_dtype to_abi(DType dtype) noexcept {
  return static_cast<strata_dtype>(dtype);
}

// The DType of a host element type: float, double, int32_t, int64_t, uint8_t.
template <typename T>
struct dtype_of;
template <>
struct dtype_of<float> {
  static constexpr DType value = DType::float32;
};
template <>
struct dtype_of<double> {
  static constexpr DType value = DType::float64;
};
template <>
struct dtype_of<int32_t> {
  static constexpr DType value = DType::int32;
};
template <>
struct dtype_of<int64_t> {
  static constexpr DType value = DType::int64;
};
template <>
struct dtype_of<uint8_t> {
  static constexpr DType value = DType::uint8;
};
template <typename T>
inline constexpr DType dtype_of_v = dtype_of<T>::value;

// Host types that tensors can be built from and read into.
template <typename T>
concept HostElement = requires {
  dtype_of<T>::value;
};

}  // namespace strata
