// One op call the suite runs: the op, its params, its tensors (with where their data comes
// from), and how its result is judged.
#pragma once

#include <strata/backend.h>

#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "bounds.hpp"
#include "conformance/op_catalog.hpp"
#include "tensor_spec.hpp"

namespace strata::conformance {

using Params = std::variant<std::monostate, strata_fill_params, strata_unary_params,
                            strata_reduce_params, strata_matmul_params, strata_conv2d_params,
                            strata_pool2d_params, strata_random_params, strata_optimizer_params>;

// A zeroed parameter struct with its struct_size set, as the ABI requires.
template <typename P>
P make_params() {
  P params{};
  params.struct_size = sizeof(P);
  return params;
}

struct Case {
  const OpInfo* op = nullptr;
  std::string label;        // what this case covers: "transposed a", "groups 2"
  strata_dtype dtype{};     // the op's main dtype (of its first input, or its output)
  std::string dtype_label;  // "f32", or "f32->i64" where other dtypes take part
  Params params;
  std::vector<TensorSpec> inputs;
  std::vector<TensorSpec> outputs;  // in/out outputs carry a data domain
  Tolerance tolerance = Tolerance::kExact;
  // For ops the ABI defines exactly (random draws): the expected values of output 0 in
  // row-major order, computed on the host from the definition instead of by the reference.
  std::function<std::vector<double>(const Case&)> oracle;

  // "unary.exp|f32|odd sizes": names the case and seeds its data.
  std::string key() const;
  const void* params_pointer() const;
  std::string params_text() const;   // "stride 2x1 pad 1,0,1,0 ..." or ""
  std::string tensors_text() const;  // every tensor's describe(), inputs then outputs
};

Case make_case(const OpInfo& op, strata_dtype dtype, std::string label, Tolerance tolerance,
               Params params, std::vector<TensorSpec> inputs, std::vector<TensorSpec> outputs);

}  // namespace strata::conformance
