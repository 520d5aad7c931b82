// The shape and view checks the core makes before it hands a descriptor (shape, strides, byte
// offset, dtype) to a plugin: the input is a small program of view and data-movement ops with
// fuzzed arguments (reshape, transpose, expand_dims, squeeze, broadcast_to, slice, slice_axis,
// concatenate, stack, pad, matmul, sum, take, add) applied to a small tensor, run on the
// reference backend. Each op either returns a tensor or throws a strata::Error; the result is
// then copied out, so ASan sees every element the descriptor reaches. Arguments are mostly small
// numbers, sometimes extremes (negative, 2^31, 2^62, INT64_MIN/MAX) that the checks must catch.
#include <cstdint>
#include <limits>
#include <vector>

#include "fuzz_support.hpp"
#include "strata/ops.hpp"
#include "strata/tensor.hpp"

namespace {

using strata::Shape;
using strata::Tensor;
namespace ops = strata::ops;

// Reads the program; past the end every read is 0.
class Program {
 public:
  Program(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool done() const { return at_ >= size_; }
  uint8_t byte() { return at_ < size_ ? data_[at_++] : 0; }

  // A count or axis-like number: mostly -4..11, sometimes an extreme.
  int64_t number() {
    static constexpr int64_t kExtremes[] = {std::numeric_limits<int64_t>::min(),
                                            std::numeric_limits<int64_t>::max(),
                                            -(int64_t{1} << 31),
                                            int64_t{1} << 31,
                                            int64_t{1} << 32,
                                            int64_t{1} << 62,
                                            -1000000};
    const uint8_t b = byte();
    if (b >= 240) return kExtremes[b % std::size(kExtremes)];
    return static_cast<int64_t>(b % 16) - 4;
  }
  int axis() { return static_cast<int>(number()); }
  std::vector<int64_t> numbers(size_t most) {
    std::vector<int64_t> out(byte() % (most + 1));
    for (int64_t& n : out) n = number();
    return out;
  }
  // A shape of at most 4 axes of 0..4 elements, for tensors the program creates.
  Shape small_shape() {
    Shape shape;
    for (int k = byte() % 5; k > 0; --k) shape.push_back(byte() % 5);
    return shape;
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t at_ = 0;
};

Tensor counting(const Shape& shape) {
  return ops::reshape(Tensor::arange(static_cast<double>(shape.numel())),
                      std::vector<int64_t>(shape.begin(), shape.end()));
}

strata::Axes axes_of(const std::vector<int64_t>& numbers) {
  strata::Axes axes;
  for (int64_t n : numbers) axes.push_back(static_cast<int>(n));
  return axes;
}

Shape shape_of(const std::vector<int64_t>& numbers) {
  Shape shape;
  for (int64_t n : numbers) shape.push_back(n);
  return shape;
}

Tensor step(Program& p, const Tensor& x) {
  switch (p.byte() % 14) {
    case 0:
      return ops::reshape(x, p.numbers(5));
    case 1:
      return ops::transpose(x, axes_of(p.numbers(5)));
    case 2:
      return ops::expand_dims(x, p.axis());
    case 3:
      return ops::squeeze(x, axes_of(p.numbers(3)));
    case 4:
      return ops::broadcast_to(x, shape_of(p.numbers(5)));
    case 5: {
      const auto starts = p.numbers(5);
      return ops::slice(x, starts, p.numbers(5));
    }
    case 6: {
      const int axis = p.axis();
      const int64_t start = p.number();
      const int64_t stop = p.number();
      return ops::slice_axis(x, axis, start, stop, p.number());
    }
    case 7: {
      const Tensor parts[] = {x, counting(p.small_shape())};
      return ops::concatenate(parts, p.axis());
    }
    case 8: {
      const Tensor parts[] = {x, x};
      return ops::stack(parts, p.axis());
    }
    case 9: {
      std::vector<ops::PadWidth> widths(p.byte() % 6);
      for (auto& w : widths) w = {p.byte() % 4 - 1, p.byte() % 4 - 1};
      return ops::pad(x, widths, 1.5);
    }
    case 10:
      return ops::matmul(x, counting(p.small_shape()));
    case 11:
      return ops::sum(x, axes_of(p.numbers(3)), p.byte() % 2 == 1);
    case 12: {
      std::vector<int32_t> indices(p.byte() % 5);
      for (int32_t& i : indices) i = static_cast<int32_t>(p.number());
      return ops::take(x, Tensor::from(indices, Shape{static_cast<int64_t>(indices.size())}),
                       p.axis());
    }
    default:
      return ops::add(x, counting(p.small_shape()));
  }
}

// Big enough for every shape small_shape makes and a few ops on it. Larger tensors (a broadcast
// to 2^62 elements is a legal view) end the program: the next op could rightly ask for more
// memory than there is. Zero sizes are left out of the count, since reducing (0, 2^33) over its
// first axis rightly makes 2^33 elements.
constexpr int64_t kMostElements = 1 << 16;

bool too_large(const Shape& shape) {
  int64_t elements = 1;
  for (int64_t size : shape) {
    if (size != 0 && __builtin_mul_overflow(elements, size, &elements)) return true;
  }
  return elements > kMostElements;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Program program(data, size);
  strata_fuzz::expect_clean_rejection([&] {
    Tensor x = counting(program.small_shape());
    for (int n = 0; n < 8 && !program.done(); ++n) {
      x = step(program, x);
      if (too_large(x.shape())) return;
    }
    x.to_vector<float>();
  });
  return 0;
}
