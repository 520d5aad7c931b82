// Random tensors through STRATA_OP_RANDOM, drawing from the context's Philox stream.
#include "strata/random.hpp"

#include <fmt/format.h>

#include <cmath>

#include "../tensor/context_state.hpp"
#include "../tensor/factories.hpp"
#include "op_support.hpp"

namespace strata::random {
namespace {

using namespace ops_detail;

// Philox blocks a draw of `n` values uses: four values per block, two for normals.
uint64_t blocks_for(strata_random_op op, int64_t n) {
  const uint64_t per_block = op == STRATA_RANDOM_NORMAL ? 2 : 4;
  return (static_cast<uint64_t>(n) + per_block - 1) / per_block;
}

Tensor draw(const char* name, strata_random_op op, const Shape& shape, double a, double b,
            std::optional<DType> dtype, std::optional<uint64_t> seed) {
  const std::shared_ptr<ContextState> context = detail::current_state();
  const DType type = dtype.value_or(context->floatx);
  const bool mask = op == STRATA_RANDOM_BERNOULLI && type == DType::uint8;
  if (!is_floating(type) && !mask) {
    throw DTypeError(fmt::format("{}: dtype {} is not a float dtype{}", name, dtype_name(type),
                                 op == STRATA_RANDOM_BERNOULLI ? " or uint8" : ""));
  }
  Tensor out = detail::allocate(context, shape, type);
  const uint64_t blocks = blocks_for(op, shape.numel());
  Context handle(context);
  const strata_random_params params{sizeof params, seed.value_or(handle.seed()),
                                    seed ? 0 : handle.reserve_random_blocks(blocks), a, b};
  launch(*context, name, STRATA_OP_RANDOM, op, &params, {}, {operand(out)});
  return out;
}

}  // namespace

Tensor uniform(const Shape& shape, double minval, double maxval, std::optional<DType> dtype,
               std::optional<uint64_t> seed) {
  if (!(minval < maxval) || !std::isfinite(maxval - minval)) {
    throw ValueError(
        fmt::format("uniform: minval {} and maxval {}: need minval < maxval and a "
                    "finite range",
                    minval, maxval));
  }
  return draw("uniform", STRATA_RANDOM_UNIFORM, shape, minval, maxval, dtype, seed);
}

Tensor normal(const Shape& shape, double mean, double stddev, std::optional<DType> dtype,
              std::optional<uint64_t> seed) {
  if (!(stddev >= 0) || !std::isfinite(stddev) || !std::isfinite(mean)) {
    throw ValueError(fmt::format("normal: mean {}, stddev {}: need finite values and stddev >= 0",
                                 mean, stddev));
  }
  return draw("normal", STRATA_RANDOM_NORMAL, shape, mean, stddev, dtype, seed);
}

Tensor bernoulli(const Shape& shape, double p, std::optional<DType> dtype,
                 std::optional<uint64_t> seed) {
  if (!(p >= 0 && p <= 1)) {
    throw ValueError(fmt::format("bernoulli: p is {}; it must lie in [0, 1]", p));
  }
  return draw("bernoulli", STRATA_RANDOM_BERNOULLI, shape, p, 0, dtype, seed);
}

}  // namespace strata::random
