// strata/shape.hpp: shapes, strides and axis lists, held inline (the ABI caps rank at 8), so
// building and passing them never touches the heap.
#pragma once

#include <strata/backend.h>

#include <array>
#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>

namespace strata {

inline constexpr int kMaxRank = STRATA_MAX_RANK;

// Up to kMaxRank non-negative sizes. Shape{} is a scalar's shape (rank 0).
class Shape {
 public:
  Shape() = default;
  // Throws ShapeError for more than kMaxRank sizes or a negative size.
  Shape(std::initializer_list<int64_t> dims);
  explicit Shape(std::span<const int64_t> dims);

  int rank() const noexcept { return rank_; }
  // Unchecked access, axis in [0, rank).
  int64_t operator[](int axis) const noexcept { return dims_[static_cast<size_t>(axis)]; }
  int64_t& operator[](int axis) noexcept { return dims_[static_cast<size_t>(axis)]; }
  // Size of `axis`, which may count from the end (-1 is the last); throws ShapeError when out
  // of range.
  int64_t dim(int axis) const;
  // The number of elements (1 for a scalar, 0 when any size is 0).
  int64_t numel() const noexcept;

  const int64_t* begin() const noexcept { return dims_.data(); }
  const int64_t* end() const noexcept { return dims_.data() + rank_; }
  const int64_t* data() const noexcept { return dims_.data(); }
  std::span<const int64_t> span() const noexcept { return {dims_.data(), size_t(rank_)}; }

  // Throws ShapeError beyond kMaxRank.
  void push_back(int64_t size);
  // Inserts `size` before `axis` (0..rank); throws ShapeError beyond kMaxRank.
  void insert(int axis, int64_t size);
  void erase(int axis) noexcept;
  // New sizes are 0.
  void resize(int rank);

  // "(2,3)", "(5,)", "()": the spelling every error message uses.
  std::string to_string() const;

  friend bool operator==(const Shape& a, const Shape& b) noexcept;

 private:
  std::array<int64_t, kMaxRank> dims_{};
  int rank_ = 0;
};

// Element strides (the ABI counts strides in elements, not bytes), one per axis.
using Strides = Shape;

// Row-major strides for `shape`: the last axis has stride 1.
Strides contiguous_strides(const Shape& shape) noexcept;

// A list of axes for reductions, transposes and squeezes; negative axes count from the end
// and are resolved against a rank by normalize_axis.
class Axes {
 public:
  Axes() = default;
  Axes(std::initializer_list<int> axes);
  // A single axis reads naturally as `sum(x, 1)`; only an int converts (a bool such as a
  // keepdims flag in the wrong place does not compile).
  template <std::same_as<int> T>
  Axes(T axis) : Axes({axis}) {}  // NOLINT(google-explicit-constructor)
  explicit Axes(std::span<const int> axes);

  int size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  int operator[](int i) const noexcept { return axes_[static_cast<size_t>(i)]; }
  const int* begin() const noexcept { return axes_.data(); }
  const int* end() const noexcept { return axes_.data() + size_; }
  void push_back(int axis);

  // "(0,-1)".
  std::string to_string() const;

 private:
  std::array<int, kMaxRank> axes_{};
  int size_ = 0;
};

// `axis` resolved against `rank` (-1 is rank-1). Throws ShapeError naming `op` when it is
// outside [-rank, rank).
int normalize_axis(int axis, int rank, const char* op);

}  // namespace strata
