// Datasets: checks, the validation split, shuffling and batching.
#include "dataset.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "strata/op_error.hpp"
#include "strata/ops.hpp"

namespace strata::detail {
namespace {

void check_count(const char* where, const char* what, size_t given, size_t expected) {
  if (given != expected) {
    throw ValueError(fmt::format("{}: the model has {} {}s but {} {} array(s) were given", where,
                                 expected, what, given, what));
  }
}

void check_rows(const char* where, const char* what, const std::vector<Tensor>& arrays,
                int64_t& size) {
  for (size_t k = 0; k < arrays.size(); ++k) {
    const Tensor& array = arrays[k];
    if (!array.defined()) throw ValueError(fmt::format("{}: {}[{}] is undefined", where, what, k));
    if (array.rank() == 0) {
      throw ValueError(
          fmt::format("{}: {}[{}] is a scalar; arrays need a first (sample) axis", where, what, k));
    }
    if (size < 0) size = array.dim(0);
    if (array.dim(0) != size) {
      throw ValueError(
          fmt::format("{}: all arrays need the same number of samples, but {}[{}] "
                      "has shape {} and the first array has {} samples",
                      where, what, k, array.shape().to_string(), size));
    }
  }
}

std::vector<Tensor> rows(const std::vector<Tensor>& arrays, int64_t start, int64_t stop) {
  std::vector<Tensor> out;
  for (const Tensor& array : arrays) out.push_back(ops::slice_axis(array, 0, start, stop));
  return out;
}

std::vector<Tensor> gather(const std::vector<Tensor>& arrays, const std::vector<int64_t>& index) {
  std::vector<Tensor> out;
  for (const Tensor& array : arrays) {
    const Tensor ids = with_backend(array.context(), [&] {
      return Tensor::from(index, Shape{static_cast<int64_t>(index.size())});
    });
    out.push_back(ops::take(array, ids, 0));
  }
  return out;
}

uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// Uniform in [0, bound) without modulo bias.
uint64_t bounded(std::mt19937_64& engine, uint64_t bound) {
  const uint64_t limit =
      std::numeric_limits<uint64_t>::max() - std::numeric_limits<uint64_t>::max() % bound;
  uint64_t draw = engine();
  while (draw >= limit) draw = engine();
  return draw % bound;
}

}  // namespace

Dataset make_dataset(const char* where, std::vector<Tensor> x, std::vector<Tensor> y, size_t inputs,
                     size_t outputs) {
  check_count(where, "input", x.size(), inputs);
  if (outputs > 0) check_count(where, "output", y.size(), outputs);
  int64_t size = -1;
  check_rows(where, "x", x, size);
  check_rows(where, "y", y, size);
  if (size == 0) throw ValueError(fmt::format("{}: the arrays hold no samples", where));
  return {std::move(x), std::move(y), size};
}

std::pair<Dataset, Dataset> split_validation(const Dataset& data, double fraction) {
  if (!(fraction > 0 && fraction < 1)) {
    throw ValueError(fmt::format("validation_split must be in [0, 1), got {}", fraction));
  }
  const auto split_at =
      static_cast<int64_t>(std::floor(static_cast<double>(data.size) * (1.0 - fraction)));
  if (split_at == 0 || split_at == data.size) {
    throw ValueError(
        fmt::format("validation_split={} leaves {} of {} samples for training; "
                    "pick a fraction that leaves both parts non-empty",
                    fraction, split_at, data.size));
  }
  Dataset train{rows(data.x, 0, split_at), rows(data.y, 0, split_at), split_at};
  Dataset validation{rows(data.x, split_at, data.size), rows(data.y, split_at, data.size),
                     data.size - split_at};
  return {std::move(train), std::move(validation)};
}

std::vector<int64_t> shuffled_order(int64_t n, uint64_t seed) {
  std::vector<int64_t> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), int64_t{0});
  std::mt19937_64 engine(seed);
  for (int64_t i = n - 1; i > 0; --i) {
    const auto j = static_cast<int64_t>(bounded(engine, static_cast<uint64_t>(i) + 1));
    std::swap(order[size_t(i)], order[size_t(j)]);
  }
  return order;
}

uint64_t next_shuffle_seed(Context context) {
  const uint64_t offset = context.reserve_random_blocks(1);
  return splitmix64(context.seed() ^ splitmix64(offset));
}

Batches::Batches(const Dataset& data, int64_t batch_size, std::vector<int64_t> order)
    : data_(data),
      batch_size_(batch_size),
      order_(std::move(order)),
      steps_((data.size + batch_size - 1) / batch_size) {}

Dataset Batches::batch(int64_t step) const {
  const int64_t start = step * batch_size_;
  const int64_t stop = std::min(start + batch_size_, data_.size);
  if (order_.empty()) return {rows(data_.x, start, stop), rows(data_.y, start, stop), stop - start};
  const std::vector<int64_t> index(order_.begin() + start, order_.begin() + stop);
  return {gather(data_.x, index), gather(data_.y, index), stop - start};
}

}  // namespace strata::detail
