// What the tensor layer costs per op on top of the backend: a one-element add through
// strata::ops (allocation, checks, routing, descriptors) against the same add issued straight
// through the ABI on preallocated buffers, both on the reference backend.
//
//   cmake --build BUILD --target strata_tensor_bench && BUILD/tests/tensor/strata_tensor_bench
#include <benchmark/benchmark.h>

#include "strata/autodiff.hpp"
#include "strata/ops.hpp"
#include "strata/tensor.hpp"

namespace {

strata::Context& reference() {
  static strata::Context context("reference");
  return context;
}

// The whole stack: ops::add allocates its output and routes the call.
void BM_TensorAddOneElement(benchmark::State& state) {
  strata::BackendScope scope(reference());
  const strata::Tensor a = strata::Tensor::from({1.f}, {1});
  const strata::Tensor b = strata::Tensor::from({2.f}, {1});
  for (auto _ : state) {
    strata::Tensor c = a + b;
    benchmark::DoNotOptimize(c);
  }
}
BENCHMARK(BM_TensorAddOneElement);

// The same with a broadcast operand (stride-0 descriptor).
void BM_TensorAddBroadcast(benchmark::State& state) {
  strata::BackendScope scope(reference());
  const strata::Tensor a = strata::Tensor::zeros({4, 1});
  const strata::Tensor b = strata::Tensor::zeros({1, 4});
  for (auto _ : state) {
    strata::Tensor c = a + b;
    benchmark::DoNotOptimize(c);
  }
}
BENCHMARK(BM_TensorAddBroadcast);

// With autodiff recording a node for every add.
void BM_TensorAddRecording(benchmark::State& state) {
  strata::BackendScope scope(reference());
  strata::Tensor a = strata::Tensor::from({1.f}, {1});
  a.set_requires_grad();
  const strata::Tensor b = strata::Tensor::from({2.f}, {1});
  for (auto _ : state) {
    strata::Tensor c = a + b;
    benchmark::DoNotOptimize(c);
  }
}
BENCHMARK(BM_TensorAddRecording);

// The floor: one BINARY call through the plugin's table on buffers allocated once.
void BM_AbiAddOneElement(benchmark::State& state) {
  strata::Backend& backend = reference().backend();
  strata::Buffer a = backend.alloc(4), b = backend.alloc(4), c = backend.alloc(4);
  auto desc = [](strata::Buffer& buffer) {
    strata_tensor t{};
    t.struct_size = sizeof t;
    t.dtype = STRATA_F32;
    t.rank = 1;
    t.shape[0] = 1;
    t.strides[0] = 1;
    t.buffer = buffer.handle();
    return t;
  };
  const strata_tensor ta = desc(a), tb = desc(b), tc = desc(c);
  const strata_tensor* inputs[] = {&ta, &tb};
  const strata_tensor* outputs[] = {&tc};
  const strata_op_call call{
      sizeof call, STRATA_OP_BINARY, STRATA_BINARY_ADD, nullptr, inputs, 2, outputs, 1};
  const strata_backend_api& api = backend.plugin().api();
  for (auto _ : state) {
    strata_error* err = api.execute(backend.instance(), &call);
    benchmark::DoNotOptimize(err);
  }
}
BENCHMARK(BM_AbiAddOneElement);

}  // namespace

BENCHMARK_MAIN();
