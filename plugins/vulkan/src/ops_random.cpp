// STRATA_OP_RANDOM: Philox-4x32-10 draws exactly as backend.h specifies (shaders/random.comp).
// The host rounds UNIFORM's low and range to the output dtype and turns BERNOULLI's p into an
// integer threshold, so the shader's comparisons are exact.
#include <fmt/format.h>

#include <cmath>

#include "dtypes.hpp"
#include "host_float.hpp"
#include "launch.hpp"
#include "ops.hpp"
#include "tensor_checks.hpp"

namespace strata_vk {
namespace {

constexpr std::string_view kOp = "random";

void check_dtype(int32_t sub, const strata_tensor& out) {
  if (sub != STRATA_RANDOM_UNIFORM && sub != STRATA_RANDOM_NORMAL &&
      sub != STRATA_RANDOM_BERNOULLI) {
    unsupported("{}: sub-code {} is not UNIFORM (0), NORMAL (1) or BERNOULLI (2)", kOp, sub);
  }
  const bool u8_allowed = sub == STRATA_RANDOM_BERNOULLI && out.dtype == STRATA_U8;
  if (!is_float(out.dtype) && !u8_allowed) {
    unsupported("{}: output is {}: sub-code {} draws float dtypes{}", kOp, shape_text(out), sub,
                sub == STRATA_RANDOM_BERNOULLI ? " or u8" : "");
  }
}

void check_params(int32_t sub, const strata_tensor& out, const strata_random_params& p) {
  if (sub == STRATA_RANDOM_UNIFORM) {
    const double lo = round_to(out.dtype, p.a), hi = round_to(out.dtype, p.b);
    if (!(std::isfinite(p.a) && std::isfinite(p.b) && p.a < p.b)) {
      invalid("{}: uniform on {} needs finite low < high, got low {} and high {}", kOp,
              shape_text(out), p.a, p.b);
    }
    if (!(std::isfinite(hi - lo) && lo < hi && std::isfinite(round_to(out.dtype, hi - lo)))) {
      invalid(
          "{}: uniform on {}: low {} and high {} round to {} and {} in {}, whose difference "
          "is not a finite positive {} value",
          kOp, shape_text(out), p.a, p.b, lo, hi, dtype_name(out.dtype), dtype_name(out.dtype));
    }
  } else if (sub == STRATA_RANDOM_NORMAL) {
    if (!(std::isfinite(p.a) && std::isfinite(p.b) && p.b >= 0)) {
      invalid(
          "{}: normal on {} needs a finite mean and a finite stddev >= 0, got mean {} and "
          "stddev {}",
          kOp, shape_text(out), p.a, p.b);
    }
  } else if (!(p.a >= 0 && p.a <= 1)) {
    invalid("{}: bernoulli on {} needs 0 <= p <= 1, got p = {}", kOp, shape_text(out), p.a);
  }
}

}  // namespace

void op_random(const OpCall& op) {
  check_op(op, kOp, 0, 1);
  const strata_tensor& out = op.out(0);
  const int32_t sub = op.call.sub_op;
  check_dtype(sub, out);
  if (op.call.params == nullptr) {
    invalid("{}: params are NULL; random needs strata_random_params (seed, offset, a, b)", kOp);
  }
  const auto p = read_params<strata_random_params>(op.call.params);
  check_params(sub, out, p);
  require_dtype(op.features, out.dtype, DtypeUse::kCompute, kOp);
  if (!op.running() || is_empty(out)) return;

  Launch launch(*op.instance, fmt::format("random_{}", kind_token(out.dtype)), 256);
  ShaderParams& params = launch.params();
  params.ip[5] = sub;
  params.ip[0] = static_cast<int32_t>(static_cast<uint32_t>(p.seed));
  params.ip[1] = static_cast<int32_t>(static_cast<uint32_t>(p.seed >> 32));
  params.ip[2] = static_cast<int32_t>(static_cast<uint32_t>(p.offset));
  params.ip[3] = static_cast<int32_t>(static_cast<uint32_t>(p.offset >> 32));
  if (sub == STRATA_RANDOM_UNIFORM) {
    const double low = round_to(out.dtype, p.a);
    params.fp[0] = static_cast<float>(low);
    params.fp[1] = static_cast<float>(round_to(out.dtype, round_to(out.dtype, p.b) - low));
  } else if (sub == STRATA_RANDOM_NORMAL) {
    params.fp[0] = static_cast<float>(p.a);
    params.fp[1] = static_cast<float>(p.b);
  } else {
    // (x >> 8) < p 2^24 for an integer x >> 8 is (x >> 8) < ceil(p 2^24); p 2^24 is exact.
    params.ip[4] = static_cast<int32_t>(std::ceil(p.a * 16777216.0));
  }
  run_elementwise(launch, {{1, &out, true}});
}

}  // namespace strata_vk
