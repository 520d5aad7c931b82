// What --mode grad needs to check one backward op call against finite differences of the
// plugin's own forward op: the forward call, the input it differentiates, and where each
// input of the backward call gets its data.
#pragma once

#include <strata/backend.h>

#include <cstddef>
#include <vector>

#include "case.hpp"

namespace strata::conformance {

struct GradSource {
  enum class Kind {
    kDy,             // the upstream gradient (shaped like the forward output)
    kForwardInput,   // forward.inputs[index]
    kForwardOutput,  // the forward op's output, as computed by the plugin
  };
  Kind kind = Kind::kDy;
  size_t index = 0;
};

struct GradCase {
  Case forward;    // output 0 is y
  size_t wrt = 0;  // the forward input the gradient is taken with respect to
  // Output 0 receives d<dy, y>/d(forward.inputs[wrt]). The backward's dy input carries the
  // domain dy is drawn from; its other inputs' domains are ignored (their data comes from
  // `sources`).
  Case backward;
  std::vector<GradSource> sources;  // one per backward input
};

using GradBuilder = std::vector<GradCase> (*)(const OpInfo& backward_op, strata_dtype dtype);

std::vector<GradCase> unary_grad_cases(const OpInfo& backward_op, strata_dtype dtype);
std::vector<GradCase> softmax_grad_cases(const OpInfo& backward_op, strata_dtype dtype);
std::vector<GradCase> conv_grad_cases(const OpInfo& backward_op, strata_dtype dtype);
std::vector<GradCase> pool_grad_cases(const OpInfo& backward_op, strata_dtype dtype);
std::vector<GradCase> scatter_grad_cases(const OpInfo& backward_op, strata_dtype dtype);

}  // namespace strata::conformance
