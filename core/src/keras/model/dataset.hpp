// The arrays fit/evaluate/predict take, cut into batches: checked against the model, split
// for validation as Keras splits, shuffled by a seeded permutation, and sliced (views) or
// gathered (shuffled) on the device batch by batch.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "strata/context.hpp"
#include "strata/tensor.hpp"

namespace strata::detail {

struct Dataset {
  std::vector<Tensor> x;
  std::vector<Tensor> y;  // empty for predict
  int64_t size = 0;       // samples: the arrays' common first axis
};

// Checks that `x` and `y` match the model's input and output counts (y may be empty when
// `outputs` is 0) and share their first axis. `where` names the caller in errors ("fit").
Dataset make_dataset(const char* where, std::vector<Tensor> x, std::vector<Tensor> y, size_t inputs,
                     size_t outputs);

// Keras's train_validation_split: the first floor(size * (1 - fraction)) samples train, the
// rest validate (taken from the end, before any shuffling). ValueError when either is empty.
std::pair<Dataset, Dataset> split_validation(const Dataset& data, double fraction);

// A permutation of 0..n-1: Fisher-Yates driven by std::mt19937_64 seeded with `seed`, with
// unbiased bounded draws, so it is the same on every platform.
std::vector<int64_t> shuffled_order(int64_t n, uint64_t seed);

// A seed for the next shuffle, drawn from the context's random stream (which it advances), so
// a program seeded with set_seed shuffles the same way every run.
uint64_t next_shuffle_seed(Context context);

class Batches {
 public:
  // `order` empty: batches in sample order (views); else samples in that order (gathers).
  Batches(const Dataset& data, int64_t batch_size, std::vector<int64_t> order = {});
  int64_t steps() const noexcept { return steps_; }
  Dataset batch(int64_t step) const;

 private:
  const Dataset& data_;
  int64_t batch_size_;
  std::vector<int64_t> order_;
  int64_t steps_;
};

}  // namespace strata::detail
