// GEMM of the AVX plugin (through the ABI, as the core calls it) against OpenBLAS cblas_sgemm,
// square 256..2048 and the MLP shapes, at 1 and 2 threads. Reports GFLOP/s per case:
//   gemm_bench --benchmark_counters_tabular=true
// avx_sgemm runs the kernels the plugin picks (AVX-512 where the machine has it), avx2_sgemm the
// AVX2 kernels (the "isa" setting). avx_conv2d / avx2_conv2d: the Conv2D forward of the issue's
// benchmark (N=32, 28x28, 32->64 channels, 3x3, padding 1), which runs on the same GEMM.
// OpenBLAS picks its kernel for the CPU at load time; OPENBLAS_CORETYPE=Haswell forces its AVX2
// kernel (an AVX-512 machine otherwise runs OpenBLAS's AVX-512 kernel).
#include <benchmark/benchmark.h>
#include <cblas.h>
#include <dlfcn.h>
#include <strata/backend.h>

#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

// The plugin with one instance per thread count and kernel set, loaded once.
class AvxPlugin {
 public:
  AvxPlugin() {
    void* library = dlopen(STRATA_AVX_PLUGIN_FILE, RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) throw std::runtime_error(dlerror());
    auto get_api =
        reinterpret_cast<strata_backend_get_api_fn>(dlsym(library, STRATA_BOOTSTRAP_SYMBOL));
    api_ = get_api(STRATA_ABI_MAJOR);
  }
  const strata_backend_api& api() const { return *api_; }
  // isa: the "isa" setting's JSON text ("\"avx2\"", ...), or nullptr for the plugin's choice.
  strata_instance* instance(int threads, const char* isa) {
    strata_instance*& slot = instances_[{threads, isa == nullptr ? "" : isa}];
    if (slot == nullptr) {
      const std::string_view value = isa == nullptr ? "" : isa;
      const strata_setting setting{sizeof setting, "isa", 3, value.data(), value.size()};
      const strata_instance_options options{sizeof options, threads, &setting,
                                            isa == nullptr ? 0u : 1u};
      check(api_->instance_create(&options, &slot));
    }
    return slot;
  }
  void check(strata_error* err) const {
    if (err == nullptr) return;
    const char* text = nullptr;
    size_t len = 0;
    api_->error_message(err, &text, &len);
    std::fprintf(stderr, "avx: %.*s\n", static_cast<int>(len), text);
    std::abort();
  }

 private:
  const strata_backend_api* api_ = nullptr;
  std::map<std::pair<int, std::string>, strata_instance*> instances_;
};

AvxPlugin& plugin() {
  static AvxPlugin p;
  return p;
}

std::vector<float> random_matrix(int64_t n) {
  std::mt19937 rng(1);
  std::uniform_real_distribution<float> dist(-1, 1);
  std::vector<float> v(static_cast<size_t>(n));
  for (float& x : v) x = dist(rng);
  return v;
}

// A dense row-major f32 tensor of `shape` in `buffer`.
strata_tensor dense(strata_buffer* buffer, std::initializer_list<int64_t> shape) {
  strata_tensor t{};
  t.struct_size = sizeof t;
  t.dtype = STRATA_F32;
  t.rank = static_cast<int32_t>(shape.size());
  int64_t stride = 1;
  for (int i = t.rank - 1; i >= 0; --i) {
    t.shape[i] = shape.begin()[i];
    t.strides[i] = stride;
    stride *= t.shape[i];
  }
  t.buffer = buffer;
  return t;
}

strata_tensor matrix(strata_buffer* buffer, int64_t rows, int64_t cols) {
  return dense(buffer, {rows, cols});
}

void report(benchmark::State& state, int64_t m, int64_t n, int64_t k) {
  state.counters["GFLOP/s"] = benchmark::Counter(
      2.0 * static_cast<double>(m * n * k) * static_cast<double>(state.iterations()),
      benchmark::Counter::kIsRate, benchmark::Counter::kIs1000);
}

// Args: m, n, k, threads.
void plugin_sgemm(benchmark::State& state, const char* isa) {
  const int64_t m = state.range(0), n = state.range(1), k = state.range(2);
  AvxPlugin& p = plugin();
  strata_instance* instance = p.instance(static_cast<int>(state.range(3)), isa);
  strata_buffer *a = nullptr, *b = nullptr, *c = nullptr;
  p.check(p.api().buffer_alloc(instance, m * k * 4, &a));
  p.check(p.api().buffer_alloc(instance, k * n * 4, &b));
  p.check(p.api().buffer_alloc(instance, m * n * 4, &c));
  const std::vector<float> av = random_matrix(m * k), bv = random_matrix(k * n);
  p.check(p.api().buffer_write(instance, a, 0, av.data(), m * k * 4));
  p.check(p.api().buffer_write(instance, b, 0, bv.data(), k * n * 4));
  const strata_tensor ta = matrix(a, m, k), tb = matrix(b, k, n), tc = matrix(c, m, n);
  const strata_tensor* inputs[] = {&ta, &tb};
  const strata_tensor* outputs[] = {&tc};
  const strata_matmul_params params{sizeof params, 1.0, 0.0};
  const strata_op_call call{sizeof call, STRATA_OP_MATMUL, 0, &params, inputs, 2, outputs, 1};
  for (auto _ : state) {
    p.check(p.api().execute(instance, &call));
    p.check(p.api().synchronize(instance));
  }
  report(state, m, n, k);
  p.api().buffer_free(instance, a);
  p.api().buffer_free(instance, b);
  p.api().buffer_free(instance, c);
}

void avx_sgemm(benchmark::State& state) {
  plugin_sgemm(state, nullptr);
}

void avx2_sgemm(benchmark::State& state) {
  plugin_sgemm(state, "\"avx2\"");
}

void openblas_sgemm(benchmark::State& state) {
  const int64_t m = state.range(0), n = state.range(1), k = state.range(2);
  openblas_set_num_threads(static_cast<int>(state.range(3)));
  const std::vector<float> a = random_matrix(m * k), b = random_matrix(k * n);
  std::vector<float> c(static_cast<size_t>(m * n));
  for (auto _ : state) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1.0f, a.data(), k, b.data(), n,
                0.0f, c.data(), n);
    benchmark::DoNotOptimize(c.data());
  }
  state.SetLabel(openblas_get_corename());
  report(state, m, n, k);
}

// Args: threads. Forward convolution, NHWC x [32, 28, 28, 32], HWIO w [3, 3, 32, 64].
void plugin_conv2d(benchmark::State& state, const char* isa) {
  constexpr int64_t n = 32, h = 28, w = 28, c = 32, f = 64, k = 3;
  AvxPlugin& p = plugin();
  strata_instance* instance = p.instance(static_cast<int>(state.range(0)), isa);
  const int64_t x_size = n * h * w * c, w_size = k * k * c * f, y_size = n * h * w * f;
  strata_buffer *xb = nullptr, *wb = nullptr, *yb = nullptr;
  p.check(p.api().buffer_alloc(instance, x_size * 4, &xb));
  p.check(p.api().buffer_alloc(instance, w_size * 4, &wb));
  p.check(p.api().buffer_alloc(instance, y_size * 4, &yb));
  p.check(p.api().buffer_write(instance, xb, 0, random_matrix(x_size).data(), x_size * 4));
  p.check(p.api().buffer_write(instance, wb, 0, random_matrix(w_size).data(), w_size * 4));
  const strata_tensor x = dense(xb, {n, h, w, c}), wt = dense(wb, {k, k, c, f}),
                      y = dense(yb, {n, h, w, f});
  const strata_tensor* inputs[] = {&x, &wt};
  const strata_tensor* outputs[] = {&y};
  const strata_conv2d_params params{sizeof params, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  const strata_op_call call{sizeof call, STRATA_OP_CONV2D, 0, &params, inputs, 2, outputs, 1};
  for (auto _ : state) {
    p.check(p.api().execute(instance, &call));
    p.check(p.api().synchronize(instance));
  }
  report(state, n * h * w, f, k * k * c);
  p.api().buffer_free(instance, xb);
  p.api().buffer_free(instance, wb);
  p.api().buffer_free(instance, yb);
}

void avx_conv2d(benchmark::State& state) {
  plugin_conv2d(state, nullptr);
}

void avx2_conv2d(benchmark::State& state) {
  plugin_conv2d(state, "\"avx2\"");
}

void shapes(benchmark::internal::Benchmark* b) {
  b->ArgNames({"m", "n", "k", "threads"});
  for (int threads : {1, 2}) {
    for (int s : {256, 512, 1024, 2048}) b->Args({s, s, s, threads});
    b->Args({128, 512, 784, threads});  // MLP layer 1: batch 128, 784 -> 512
    b->Args({128, 10, 512, threads});   // MLP output layer: 512 -> 10
  }
  b->UseRealTime();
}

BENCHMARK(avx_sgemm)->Apply(shapes);
BENCHMARK(avx2_sgemm)->Apply(shapes);
BENCHMARK(openblas_sgemm)->Apply(shapes);
BENCHMARK(avx_conv2d)->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime();
BENCHMARK(avx2_conv2d)->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
