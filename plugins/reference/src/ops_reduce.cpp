// STRATA_OP_REDUCE: sum, mean, max, min, argmax and argmin over a set of axes, keepdims. Each
// output element folds its input elements in row-major order; float sums run in long double,
// integer work is exact (int128 sums, int64 extremes) and saturates once on store.
#include <strata/kit/op_checks.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>

#include "element_values.hpp"
#include "op_common.hpp"

namespace strata_ref {
namespace {

using strata::kit::reduces;

// Calls fn(in_index) for every input element that folds into the output element at
// `out_index`, in row-major order (so along a single axis, in increasing index).
template <typename Fn>
void for_each_reduced(const strata_tensor& in, uint32_t mask, const int64_t* out_index, Fn&& fn) {
  int64_t box[STRATA_MAX_RANK];
  for (int k = 0; k < in.rank; ++k) box[k] = reduces(mask, k) ? in.shape[k] : 1;
  for_each_index(in.rank, box, [&](const int64_t* offset) {
    int64_t in_index[STRATA_MAX_RANK];
    for (int k = 0; k < in.rank; ++k) in_index[k] = reduces(mask, k) ? offset[k] : out_index[k];
    fn(static_cast<const int64_t*>(in_index));
  });
}

// Acc is long double (floats) or WideInt (integers, exact).
template <typename Acc>
void reduce_sum(const strata_tensor& in, const strata_tensor& out, uint32_t mask, bool mean) {
  // In long double: an empty input may have other axes near 2^63 whose product overflows int64.
  long double count = 1;
  for (int k = 0; k < in.rank; ++k) count *= reduces(mask, k) ? in.shape[k] : 1;
  for_each_index(out, [&](const int64_t* o) {
    Acc sum = 0;
    for_each_reduced(in, mask, o, [&](const int64_t* i) { sum += load_as<Acc>(in, i); });
    if constexpr (std::is_floating_point_v<Acc>) {
      if (mean) sum /= static_cast<Acc>(count);  // an empty mean is 0/0: NaN, as specified
    }
    store_as(out, o, sum);
  });
}

// The result of MAX (MIN) over no elements: -inf (+inf), or the integer extremes, which
// store_i then clamps to the dtype's own range.
template <typename V>
V empty_extreme(bool want_max) {
  if constexpr (std::is_floating_point_v<V>) {
    return want_max ? -std::numeric_limits<V>::infinity() : std::numeric_limits<V>::infinity();
  } else {
    return want_max ? std::numeric_limits<V>::min() : std::numeric_limits<V>::max();
  }
}

// Whether v takes over from the running extreme: strictly better (ties keep the earlier
// element), and a NaN counts as both the maximum and the minimum, the first one winning.
template <typename V>
bool replaces(V v, V best, bool want_max) {
  if constexpr (std::is_floating_point_v<V>) {
    if (std::isnan(best)) return false;
    if (std::isnan(v)) return true;
  }
  return want_max ? v > best : v < best;
}

// MAX, MIN, ARGMAX, ARGMIN. V is double (floats) or int64_t (integers, exact).
template <typename V>
void reduce_extreme(const strata_tensor& in, const strata_tensor& out, uint32_t mask, bool want_max,
                    bool want_index) {
  for_each_index(out, [&](const int64_t* o) {
    V best = empty_extreme<V>(want_max);
    int64_t best_position = -1;
    int64_t position = 0;
    for_each_reduced(in, mask, o, [&](const int64_t* i) {
      const V v = load_as<V>(in, i);
      if (best_position < 0 || replaces(v, best, want_max)) {
        best = v;
        best_position = position;
      }
      ++position;
    });
    if (want_index) {
      store_i(out, o, best_position);
    } else {
      store_as(out, o, best);
    }
  });
}

template <typename Acc, typename V>
void run_reduce(int32_t sub_op, const strata_tensor& in, const strata_tensor& out, uint32_t mask) {
  switch (sub_op) {
    case STRATA_REDUCE_SUM:
      return reduce_sum<Acc>(in, out, mask, false);
    case STRATA_REDUCE_MEAN:
      return reduce_sum<Acc>(in, out, mask, true);
    case STRATA_REDUCE_MAX:
      return reduce_extreme<V>(in, out, mask, true, false);
    case STRATA_REDUCE_MIN:
      return reduce_extreme<V>(in, out, mask, false, false);
    case STRATA_REDUCE_ARGMAX:
      return reduce_extreme<V>(in, out, mask, true, true);
    case STRATA_REDUCE_ARGMIN:
      return reduce_extreme<V>(in, out, mask, false, true);
    default:
      return;
  }
}

}  // namespace

strata_error* op_reduce(const strata_op_call& call, Phase phase) {
  const int32_t sub_op = call.sub_op;
  if (auto* err = make_error(strata::kit::check_reduce_sub_op(sub_op))) return err;
  const std::string op = fmt::format("reduce {}", strata::kit::reduce_name(sub_op));
  if (auto* err = check_call(call, op, 1, 1, phase)) return err;
  uint32_t mask = 0;
  if (auto* err = make_error(strata::kit::check_reduce_call(call, op, mask))) return err;
  const strata_tensor& in = *call.inputs[0];
  const strata_tensor& out = *call.outputs[0];
  if (phase == Phase::kValidate) return nullptr;

  if (is_float(in.dtype)) {
    run_reduce<long double, double>(sub_op, in, out, mask);
  } else {
    run_reduce<WideInt, int64_t>(sub_op, in, out, mask);
  }
  return nullptr;
}

}  // namespace strata_ref
