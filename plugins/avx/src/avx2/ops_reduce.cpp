// STRATA_OP_REDUCE: sum, mean, max, min, argmax and argmin over a set of axes, keepdims.
// The input splits into kept positions (one per output element) and reduced positions, each
// walked as merged runs. Two vector paths:
//  - the innermost kept axis is contiguous in the input (column sums, bias gradients): eight
//    outputs accumulate side by side over the reduced positions;
//  - otherwise each output reduces its own runs, contiguous ones eight lanes at a time.
// f32 sums accumulate in double; a long reduction is cut into fixed-size chunks whose partial
// sums are added in order, so results do not depend on the thread count. Integer sums are
// exact (int128) and saturate once; extremes are exact.
#include <immintrin.h>
#include <strata/kit/op_checks.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "dtype_dispatch.hpp"
#include "op_common.hpp"
#include "strided_loop.hpp"

// Everything below is compiled for AVX2 + FMA (see avx2/target.hpp).
#include "avx2/target.hpp"

#include "avx2/simd.hpp"

namespace strata_avx {
namespace {

// Reduced elements per partial result: fixed, so the grouping of a sum never depends on threads.
constexpr int64_t kChunk = 1 << 16;
// Outputs accumulated side by side in the kept-axis path (doubles on the stack).
constexpr int64_t kBlock = 512;
constexpr int64_t kGrain = 1 << 15;

using strata::kit::reduces;
constexpr auto is_arg = strata::kit::is_arg_reduce;

// The two halves of the input: kept positions (walked with the output) and reduced positions.
struct Plan {
  Layout<2> kept;     // tensors: out, in
  Layout<1> reduced;  // tensor: in
};

Plan make_plan(const strata_tensor& in, const strata_tensor& out, uint32_t mask) {
  strata_tensor kept_out = out, kept_in = in, reduced_in = in;
  kept_out.rank = kept_in.rank = in.rank;
  for (int k = 0; k < in.rank; ++k) {
    kept_in.shape[k] = reduces(mask, k) ? 1 : in.shape[k];
    kept_out.shape[k] = kept_in.shape[k];
    reduced_in.shape[k] = reduces(mask, k) ? in.shape[k] : 1;
  }
  return {make_layout<2>({&kept_out, &kept_in}), make_layout<1>({&reduced_in})};
}

// ---- f32 sum, mean, max, min ------------------------------------------------------------

double sum_contiguous(const float* p, int64_t n) {
  __m256d acc[4] = {_mm256_setzero_pd(), _mm256_setzero_pd(), _mm256_setzero_pd(),
                    _mm256_setzero_pd()};
  int64_t i = 0;
  for (; i + 16 <= n; i += 16) {
    for (int j = 0; j < 4; ++j) {
      acc[j] = _mm256_add_pd(acc[j], _mm256_cvtps_pd(_mm_loadu_ps(p + i + 4 * j)));
    }
  }
  alignas(32) double lanes[4];
  _mm256_store_pd(lanes,
                  _mm256_add_pd(_mm256_add_pd(acc[0], acc[1]), _mm256_add_pd(acc[2], acc[3])));
  double sum = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
  for (; i < n; ++i) sum += p[i];
  return sum;
}

// The larger (want_max) or smaller of a and b, NaN if either is NaN.
__m256 extreme(__m256 a, __m256 b, bool want_max) {
  const __m256 m = want_max ? _mm256_max_ps(a, b) : _mm256_min_ps(a, b);
  return _mm256_or_ps(m, _mm256_cmp_ps(a, b, _CMP_UNORD_Q));
}

float extreme(float a, float b, bool want_max) {
  if (std::isnan(a) || std::isnan(b)) return std::numeric_limits<float>::quiet_NaN();
  return want_max ? std::max(a, b) : std::min(a, b);
}

float extreme_contiguous(const float* p, int64_t n, bool want_max, float init) {
  __m256 acc = _mm256_set1_ps(init);
  int64_t i = 0;
  for (; i + 8 <= n; i += 8) acc = extreme(acc, _mm256_loadu_ps(p + i), want_max);
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, acc);
  float r = init;
  for (float v : lanes) r = extreme(r, v, want_max);
  for (; i < n; ++i) r = extreme(r, p[i], want_max);
  return r;
}

// One output's partial result over the reduced elements [begin, end): a sum or an extreme.
double float_partial(int32_t sub_op, const float* in, const Layout<1>& reduced, int64_t begin,
                     int64_t end) {
  const bool is_sum = sub_op == STRATA_REDUCE_SUM || sub_op == STRATA_REDUCE_MEAN;
  const bool want_max = sub_op == STRATA_REDUCE_MAX;
  double sum = 0;
  float best =
      want_max ? -std::numeric_limits<float>::infinity() : std::numeric_limits<float>::infinity();
  const int64_t s = reduced.inner_stride(0);
  for_each_run(reduced, begin, end, [&](const int64_t* o, int64_t n) {
    const float* p = in + o[0];
    if (s == 1) {
      if (is_sum) {
        sum += sum_contiguous(p, n);
      } else {
        best = extreme_contiguous(p, n, want_max, best);
      }
      return;
    }
    for (int64_t i = 0; i < n; ++i) {
      if (is_sum) {
        sum += p[i * s];
      } else {
        best = extreme(best, p[i * s], want_max);
      }
    }
  });
  return is_sum ? sum : static_cast<double>(best);
}

double combine(int32_t sub_op, double a, double b) {
  if (sub_op == STRATA_REDUCE_SUM || sub_op == STRATA_REDUCE_MEAN) return a + b;
  return extreme(static_cast<float>(a), static_cast<float>(b), sub_op == STRATA_REDUCE_MAX);
}

// Each output reduces its own positions, in chunks of kChunk combined in order.
void float_per_output(ExecContext& ctx, int32_t sub_op, const strata_tensor& in,
                      const strata_tensor& out, const Plan& plan) {
  const int64_t outputs = plan.kept.count;
  const int64_t count = plan.reduced.count;
  const int64_t chunks = std::max<int64_t>(1, (count + kChunk - 1) / kChunk);
  std::vector<double> partials(static_cast<size_t>(outputs * chunks));
  std::vector<int64_t> in_offsets(static_cast<size_t>(outputs)),
      out_offsets(static_cast<size_t>(outputs));
  int64_t e = 0;
  for_each_run(plan.kept, 0, outputs, [&](const int64_t* o, int64_t n) {
    for (int64_t i = 0; i < n; ++i, ++e) {
      out_offsets[e] = o[0] + i * plan.kept.inner_stride(0);
      in_offsets[e] = o[1] + i * plan.kept.inner_stride(1);
    }
  });
  const float* src = data_ptr<const float>(in);
  const int64_t grain = std::max<int64_t>(1, kGrain / std::min(count, kChunk));
  parallel_ranges(ctx, outputs * chunks, grain, [&](int64_t begin, int64_t end, int) {
    for (int64_t t = begin; t < end; ++t) {
      const int64_t output = t / chunks, chunk = t % chunks;
      partials[t] = float_partial(sub_op, src + in_offsets[output], plan.reduced, chunk * kChunk,
                                  std::min(count, (chunk + 1) * kChunk));
    }
  });
  float* dst = data_ptr<float>(out);
  for (int64_t output = 0; output < outputs; ++output) {
    double r = partials[output * chunks];
    for (int64_t c = 1; c < chunks; ++c) r = combine(sub_op, r, partials[output * chunks + c]);
    if (sub_op == STRATA_REDUCE_MEAN) r /= static_cast<double>(count);
    dst[out_offsets[output]] = static_cast<float>(r);
  }
}

// At most this many outputs (a multiple of 4) are summed in registers by sum_in_registers.
constexpr int64_t kRegisterSums = 32;

// sums[j] = the sum, in double, of element j of reduced positions [begin, end), for the 4 * V
// consecutive outputs at base: the running sums stay in registers rather than going through
// memory once per position, in the same order as the general loop of float_along_kept.
template <int V>
void sum_block(const float* base, const Layout<1>& reduced, int64_t begin, int64_t end,
               double* sums) {
  __m256d acc[V];
  for (int k = 0; k < V; ++k) acc[k] = _mm256_setzero_pd();
  for_each_run(reduced, begin, end, [&](const int64_t* r, int64_t m) {
    const int64_t stride = reduced.inner_stride(0);
    const float* p = base + r[0];
    for (int64_t i = 0; i < m; ++i, p += stride) {
      for (int k = 0; k < V; ++k) {
        acc[k] = _mm256_add_pd(acc[k], _mm256_cvtps_pd(_mm_loadu_ps(p + 4 * k)));
      }
    }
  });
  for (int k = 0; k < V; ++k) _mm256_store_pd(sums + 4 * k, acc[k]);
}

// sum_block for n outputs, when n is a multiple of 4 up to kRegisterSums: one pass over the
// input (wider blocks would take several, each reading part of every cache line again).
bool sum_in_registers(const float* base, const Layout<1>& reduced, int64_t begin, int64_t end,
                      int64_t n, double* sums) {
  if (n == 0 || n % 4 != 0 || n > kRegisterSums) return false;
  [&]<int... I>(std::integer_sequence<int, I...>) {
    ((n == 4 * (I + 1) ? (sum_block<I + 1>(base, reduced, begin, end, sums), true) : false) || ...);
  }
  (std::make_integer_sequence<int, kRegisterSums / 4>());
  return true;
}

// Sums of few outputs along the contiguous kept axis over many positions (a bias gradient):
// each chunk of kChunk positions is summed in registers on its own, the chunks' sums added in
// order, so that the threads share the one pass over the input. False when the shape is not
// such (one run of up to kRegisterSums outputs, a multiple of 4, more than kChunk positions).
bool sum_few_along_kept(ExecContext& ctx, bool mean, const strata_tensor& in,
                        const strata_tensor& out, const Plan& plan) {
  const int64_t n = plan.kept.count, count = plan.reduced.count;
  if (plan.kept.rank != 1 || n == 0 || n % 4 != 0 || n > kRegisterSums || count <= kChunk) {
    return false;
  }
  const int64_t chunks = (count + kChunk - 1) / kChunk;
  std::vector<double> partials(static_cast<size_t>(chunks * n));
  int64_t out_offset = 0, in_offset = 0;
  for_each_run(plan.kept, 0, n, [&](const int64_t* o, int64_t) {
    out_offset = o[0];
    in_offset = o[1];
  });
  const float* base = data_ptr<const float>(in) + in_offset;
  parallel_ranges(ctx, chunks, 1, [&](int64_t begin, int64_t end, int) {
    for (int64_t c = begin; c < end; ++c) {
      sum_in_registers(base, plan.reduced, c * kChunk, std::min(count, (c + 1) * kChunk), n,
                       partials.data() + c * n);
    }
  });
  float* target = data_ptr<float>(out) + out_offset;
  for (int64_t j = 0; j < n; ++j) {
    double r = partials[j];
    for (int64_t c = 1; c < chunks; ++c) r += partials[c * n + j];
    if (mean) r /= static_cast<double>(count);
    target[j * plan.kept.inner_stride(0)] = static_cast<float>(r);
  }
  return true;
}

// Outputs side by side along the contiguous innermost kept axis: acc[j] folds input
// element j of every reduced position, eight outputs per instruction.
void float_along_kept(ExecContext& ctx, int32_t sub_op, const strata_tensor& in,
                      const strata_tensor& out, const Plan& plan) {
  const bool is_sum = sub_op == STRATA_REDUCE_SUM || sub_op == STRATA_REDUCE_MEAN;
  const bool want_max = sub_op == STRATA_REDUCE_MAX;
  const float* src = data_ptr<const float>(in);
  float* dst = data_ptr<float>(out);
  const int64_t count = plan.reduced.count;
  const int64_t out_stride = plan.kept.inner_stride(0);
  const int64_t grain = std::max<int64_t>(8, kGrain / std::max<int64_t>(count, 1));
  parallel_ranges(ctx, plan.kept.count, grain, [&](int64_t begin, int64_t end, int) {
    for_each_run(plan.kept, begin, end, [&](const int64_t* o, int64_t run) {
      for (int64_t j0 = 0; j0 < run; j0 += kBlock) {
        const int64_t n = std::min(kBlock, run - j0);
        alignas(32) double sums[kBlock];
        alignas(32) float best[kBlock];
        std::fill(sums, sums + n, 0.0);
        std::fill(best, best + n,
                  want_max ? -std::numeric_limits<float>::infinity()
                           : std::numeric_limits<float>::infinity());
        const float* base = src + o[1] + j0;
        const bool summed = is_sum && sum_in_registers(base, plan.reduced, 0, count, n, sums);
        if (!summed)
          for_each_run(plan.reduced, 0, count, [&](const int64_t* r, int64_t m) {
            for (int64_t i = 0; i < m; ++i) {
              const float* p = base + r[0] + i * plan.reduced.inner_stride(0);
              int64_t j = 0;
              if (is_sum) {
                for (; j + 4 <= n; j += 4) {
                  _mm256_store_pd(sums + j, _mm256_add_pd(_mm256_load_pd(sums + j),
                                                          _mm256_cvtps_pd(_mm_loadu_ps(p + j))));
                }
                for (; j < n; ++j) sums[j] += p[j];
              } else {
                for (; j + 8 <= n; j += 8) {
                  _mm256_store_ps(best + j, extreme(_mm256_load_ps(best + j),
                                                    _mm256_loadu_ps(p + j), want_max));
                }
                for (; j < n; ++j) best[j] = extreme(best[j], p[j], want_max);
              }
            }
          });
        float* target = dst + o[0] + j0 * out_stride;
        for (int64_t j = 0; j < n; ++j) {
          double r = is_sum ? sums[j] : best[j];
          if (sub_op == STRATA_REDUCE_MEAN) r /= static_cast<double>(count);
          target[j * out_stride] = static_cast<float>(r);
        }
      }
    });
  });
}

void reduce_float(ExecContext& ctx, int32_t sub_op, const strata_tensor& in,
                  const strata_tensor& out, const Plan& plan) {
  const bool kept_inner_contiguous =
      plan.kept.inner_stride(1) == 1 && plan.kept.shape[plan.kept.rank - 1] >= 8;
  const bool is_sum = sub_op == STRATA_REDUCE_SUM || sub_op == STRATA_REDUCE_MEAN;
  if (kept_inner_contiguous && is_sum &&
      sum_few_along_kept(ctx, sub_op == STRATA_REDUCE_MEAN, in, out, plan)) {
    return;
  }
  if (kept_inner_contiguous) return float_along_kept(ctx, sub_op, in, out, plan);
  float_per_output(ctx, sub_op, in, out, plan);
}

// ---- integer sum, max, min ----------------------------------------------------------------

template <typename T>
void reduce_integer(ExecContext& ctx, int32_t sub_op, const strata_tensor& in,
                    const strata_tensor& out, const Plan& plan) {
  static_assert(std::is_integral_v<T>);
  const T* src = data_ptr<const T>(in);
  T* dst = data_ptr<T>(out);
  const int64_t count = plan.reduced.count;
  const int64_t s = plan.reduced.inner_stride(0);
  const int64_t grain = std::max<int64_t>(1, kGrain / std::max<int64_t>(count, 1));
  parallel_ranges(ctx, plan.kept.count, grain, [&](int64_t begin, int64_t end, int) {
    for_each_run(plan.kept, begin, end, [&](const int64_t* o, int64_t run) {
      for (int64_t k = 0; k < run; ++k) {
        const T* base = src + o[1] + k * plan.kept.inner_stride(1);
        __int128 sum = 0;
        T best = sub_op == STRATA_REDUCE_MAX ? std::numeric_limits<T>::min()
                                             : std::numeric_limits<T>::max();
        for_each_run(plan.reduced, 0, count, [&](const int64_t* r, int64_t n) {
          const T* p = base + r[0];
          for (int64_t i = 0; i < n; ++i) {
            const T v = p[i * s];
            sum += v;
            best = sub_op == STRATA_REDUCE_MAX ? std::max(best, v) : std::min(best, v);
          }
        });
        T result = best;
        if (sub_op == STRATA_REDUCE_SUM) {
          const __int128 lo = std::numeric_limits<T>::min(), hi = std::numeric_limits<T>::max();
          result = static_cast<T>(std::clamp(sum, lo, hi));
        }
        dst[o[0] + k * plan.kept.inner_stride(0)] = result;
      }
    });
  });
}

// ---- argmax, argmin -----------------------------------------------------------------------

// Whether v takes over from the running best: strictly better (ties keep the earlier element),
// and a NaN counts as both the maximum and the minimum, the first one winning.
template <typename T>
bool replaces(T v, T best, bool want_max) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(best)) return false;
    if (std::isnan(v)) return true;
  }
  return want_max ? v > best : v < best;
}

template <typename T, typename Index>
void reduce_arg(ExecContext& ctx, bool want_max, const strata_tensor& in, const strata_tensor& out,
                const Plan& plan) {
  const T* src = data_ptr<const T>(in);
  Index* dst = data_ptr<Index>(out);
  const int64_t count = plan.reduced.count;
  const int64_t s = plan.reduced.inner_stride(0);  // one axis: a single run
  const int64_t grain = std::max<int64_t>(1, kGrain / count);
  parallel_ranges(ctx, plan.kept.count, grain, [&](int64_t begin, int64_t end, int) {
    for_each_run(plan.kept, begin, end, [&](const int64_t* o, int64_t run) {
      for (int64_t k = 0; k < run; ++k) {
        const T* p = src + o[1] + k * plan.kept.inner_stride(1);
        int64_t best_index = 0;
        T best = p[0];
        for (int64_t i = 1; i < count; ++i) {
          if (replaces(p[i * s], best, want_max)) {
            best = p[i * s];
            best_index = i;
          }
        }
        dst[o[0] + k * plan.kept.inner_stride(0)] = static_cast<Index>(best_index);
      }
    });
  });
}

// ---- empty reductions ---------------------------------------------------------------------

// SUM gives 0, MEAN NaN, MAX -inf (integers: the lowest value), MIN +inf (the highest).
template <typename T>
T empty_result(int32_t sub_op) {
  using L = std::numeric_limits<T>;
  switch (sub_op) {
    case STRATA_REDUCE_SUM:
      return T{0};
    case STRATA_REDUCE_MEAN:
      return L::quiet_NaN();
    case STRATA_REDUCE_MAX:
      return L::has_infinity ? -L::infinity() : L::lowest();
    default:
      return L::has_infinity ? L::infinity() : L::max();
  }
}

void run_reduce(ExecContext& ctx, int32_t sub_op, const strata_tensor& in, const strata_tensor& out,
                uint32_t mask) {
  const Plan plan = make_plan(in, out, mask);
  if (plan.kept.count == 0) return;
  if (is_arg(sub_op)) {
    const bool want_max = sub_op == STRATA_REDUCE_ARGMAX;
    visit_dtype(in.dtype, [&](auto tag) {
      using T = decltype(tag);
      if (out.dtype == STRATA_I32) {
        reduce_arg<T, int32_t>(ctx, want_max, in, out, plan);
      } else {
        reduce_arg<T, int64_t>(ctx, want_max, in, out, plan);
      }
    });
    return;
  }
  if (plan.reduced.count == 0) {
    visit_dtype(out.dtype, [&](auto tag) {
      using T = decltype(tag);
      T* dst = data_ptr<T>(out);
      const T value = empty_result<T>(sub_op);
      for_each_run(plan.kept, 0, plan.kept.count, [&](const int64_t* o, int64_t n) {
        for (int64_t i = 0; i < n; ++i) dst[o[0] + i * plan.kept.inner_stride(0)] = value;
      });
    });
    return;
  }
  if (in.dtype == STRATA_F32) return reduce_float(ctx, sub_op, in, out, plan);
  visit_dtype(in.dtype, [&](auto tag) {
    using T = decltype(tag);
    if constexpr (std::is_integral_v<T>) reduce_integer<T>(ctx, sub_op, in, out, plan);
  });
}

bool supported_input(int32_t sub_op, strata_dtype dtype) {
  if (dtype == STRATA_F32) return true;
  return sub_op != STRATA_REDUCE_MEAN && is_integer(dtype);
}

}  // namespace

strata_error* op_reduce(const strata_op_call& call, Phase phase, ExecContext& ctx) {
  const int32_t sub_op = call.sub_op;
  if (auto* err = make_error(strata::kit::check_reduce_sub_op(sub_op))) return err;
  static const OpNames names("reduce", STRATA_REDUCE_ARGMIN + 1, strata::kit::reduce_name);
  const std::string_view op = names[sub_op];
  if (auto* err = check_call(call, op, 1, 1, phase)) return err;
  uint32_t mask = 0;
  if (auto* err = make_error(strata::kit::check_reduce_call(call, op, mask))) return err;
  const strata_tensor& in = *call.inputs[0];
  const strata_tensor& out = *call.outputs[0];
  if (!supported_input(sub_op, in.dtype)) {
    return dtype_unsupported(op, in, "f32, i32, i64 and u8");
  }
  if (phase == Phase::kValidate) return nullptr;
  run_reduce(ctx, sub_op, in, out, mask);
  return nullptr;
}

}  // namespace strata_avx
