#include "strata/shape.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "strata/op_error.hpp"

namespace strata {
namespace {

void check_rank(int rank) {
  if (rank > kMaxRank) {
    throw ShapeError(fmt::format("rank {} exceeds the maximum of {}", rank, kMaxRank));
  }
}

void check_size(int64_t size) {
  if (size < 0) throw ShapeError(fmt::format("a shape cannot hold the negative size {}", size));
}

template <typename Range>
std::string tuple_text(const Range& values) {
  std::string out = "(";
  for (auto v : values) out += fmt::format("{}{}", out.size() > 1 ? "," : "", v);
  if (out.size() > 1 && std::end(values) - std::begin(values) == 1) out += ",";
  return out + ")";
}

}  // namespace

Shape::Shape(std::initializer_list<int64_t> dims)
    : Shape(std::span<const int64_t>(dims.begin(), dims.size())) {}

Shape::Shape(std::span<const int64_t> dims) {
  check_rank(static_cast<int>(dims.size()));
  for (int64_t size : dims) push_back(size);
}

int64_t Shape::dim(int axis) const {
  return dims_[static_cast<size_t>(normalize_axis(axis, rank_, "dim"))];
}

int64_t Shape::numel() const noexcept {
  // Zero first: (2^32, 2^32, 0) has no elements, and multiplying left to right would overflow
  // before reaching the 0 (the IDX and descriptor fuzzers found such shapes).
  if (std::find(begin(), end(), 0) != end()) return 0;
  int64_t n = 1;
  for (int k = 0; k < rank_; ++k) n *= dims_[static_cast<size_t>(k)];
  return n;
}

void Shape::push_back(int64_t size) {
  insert(rank_, size);
}

void Shape::insert(int axis, int64_t size) {
  check_rank(rank_ + 1);
  check_size(size);
  for (int k = rank_; k > axis; --k) dims_[size_t(k)] = dims_[size_t(k - 1)];
  dims_[static_cast<size_t>(axis)] = size;
  ++rank_;
}

void Shape::erase(int axis) noexcept {
  for (int k = axis; k + 1 < rank_; ++k) dims_[size_t(k)] = dims_[size_t(k + 1)];
  dims_[static_cast<size_t>(--rank_)] = 0;
}

void Shape::resize(int rank) {
  check_rank(rank);
  for (int k = rank; k < rank_; ++k) dims_[size_t(k)] = 0;
  rank_ = rank;
}

std::string Shape::to_string() const {
  return tuple_text(*this);
}

bool operator==(const Shape& a, const Shape& b) noexcept {
  return a.rank_ == b.rank_ && std::equal(a.begin(), a.end(), b.begin());
}

Strides contiguous_strides(const Shape& shape) noexcept {
  Strides strides = shape;
  int64_t stride = 1;
  for (int k = shape.rank() - 1; k >= 0; --k) {
    strides[k] = stride;
    // Only a shape that holds a 0 (no elements, so no stride is ever used) can overflow here,
    // as (0, 9, 2^62) does; its remaining strides keep the last value instead.
    if (shape[k] > 0 && __builtin_mul_overflow(stride, shape[k], &stride)) stride = strides[k];
  }
  return strides;
}

Axes::Axes(std::initializer_list<int> axes)
    : Axes(std::span<const int>(axes.begin(), axes.size())) {}

Axes::Axes(std::span<const int> axes) {
  for (int axis : axes) push_back(axis);
}

void Axes::push_back(int axis) {
  if (size_ == kMaxRank) {
    throw ShapeError(fmt::format("more than {} axes listed", kMaxRank));
  }
  axes_[static_cast<size_t>(size_++)] = axis;
}

std::string Axes::to_string() const {
  return tuple_text(*this);
}

int normalize_axis(int axis, int rank, const char* op) {
  if (axis < -rank || axis >= rank) {
    throw ShapeError(fmt::format("{}: axis {} is out of range for rank {} (valid: {} to {})", op,
                                 axis, rank, -rank, rank - 1));
  }
  return axis < 0 ? axis + rank : axis;
}

}  // namespace strata
