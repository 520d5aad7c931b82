// STRATA_OP_RANDOM: Philox-4x32-10 draws exactly as backend.h specifies (shaders/random.comp).
// The host rounds UNIFORM's low and range to the output dtype and turns BERNOULLI's p into an
// integer threshold, so the shader's comparisons are exact.
#include <fmt/format.h>
#include <strata/kit/op_checks.hpp>

#include <cmath>

#include "dtypes.hpp"
#include "host_float.hpp"
#include "launch.hpp"
#include "ops.hpp"
#include "tensor_checks.hpp"

namespace strata_vk {
namespace {

constexpr std::string_view kOp = "random";

}  // namespace

void op_random(const OpCall& op) {
  check_op(op, kOp, 0, 1);
  const strata_tensor& out = op.out(0);
  const int32_t sub = op.call.sub_op;
  throw_if_failed(strata::kit::check_random_dtype(sub, out));
  throw_if_failed(strata::kit::check_params_present(
      op.call, kOp, "random needs strata_random_params (seed, offset, a, b)"));
  const auto p = read_params<strata_random_params>(op.call.params);
  throw_if_failed(strata::kit::check_random_params(sub, out, p));
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
