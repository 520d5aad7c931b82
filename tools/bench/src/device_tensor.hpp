// f32 (or f16) tensors in a backend's memory and op calls on them, for workloads that call the
// plugin's table directly (no tensor layer in between).
#pragma once

#include <strata/backend.h>
#include <strata/backend.hpp>

#include <cstdint>
#include <initializer_list>
#include <span>
#include <vector>

namespace strata::bench {

// A contiguous row-major tensor with its descriptor, of dtype f32 or f16; values cross in f32
// (rounded to f16 on the way in).
class DeviceTensor {
 public:
  // Uninitialised unless `values` (shape's element count of them) is given.
  DeviceTensor(Backend& backend, std::vector<int64_t> shape, std::span<const float> values = {},
               strata_dtype dtype = STRATA_F32);
  const strata_tensor& descriptor() const noexcept { return descriptor_; }
  std::vector<float> read(Backend& backend) const;

 private:
  Buffer buffer_;
  strata_tensor descriptor_{};
  size_t count_ = 0;
};

// One op call with its descriptor arrays; refers to the tensors and params, which must outlive
// it. Neither copyable nor movable: `call()` points into it.
class OpCall {
 public:
  OpCall(strata_op op, int32_t sub_op, const void* params,
         std::initializer_list<const DeviceTensor*> inputs,
         std::initializer_list<const DeviceTensor*> outputs);
  OpCall(const OpCall&) = delete;
  OpCall& operator=(const OpCall&) = delete;
  const strata_op_call& call() const noexcept { return call_; }

 private:
  std::vector<const strata_tensor*> inputs_;
  std::vector<const strata_tensor*> outputs_;
  strata_op_call call_{};
};

// Seconds per execution of `call` (seconds_per_call, synchronising once per batch), after
// letting the previous measurement's threads settle.
double time_op(Backend& backend, const OpCall& op, double min_time);

// Sets the backend's worker threads through the ABI's thread setting and returns the count it
// reports (0 when it has no thread setting).
int use_threads(Backend& backend, int threads);

}  // namespace strata::bench
