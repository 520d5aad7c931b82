// strata/autodiff.hpp: reverse-mode automatic differentiation.
//
// Recording is implicit: while gradients are enabled (the default), an op whose operand
// requires a gradient attaches to its result a node saying how to differentiate it (which
// inputs, which saved tensors, which backward op). Nodes live as long as the tensors that
// refer to them, so dropping the loss drops the graph. gradients() walks the nodes from the loss
// back to the tensors asked for, running each op's backward form on the backend (the ABI's
// UNARY_BACKWARD, SOFTMAX_BACKWARD, CONV2D_BACKWARD_*, POOL2D_BACKWARD, SCATTER_ADD, and matmul
// with transposed strided views accumulating in place with beta = 1). A gradient that flows
// into a broadcast operand is summed over the broadcast axes; a tensor used several times gets
// the sum of its gradients.
//
// A training step:
//   auto loss = loss_fn(model(x), y);                  // records
//   auto grads = strata::gradients(loss, variables);   // one per variable
//   { strata::NoGradGuard no_grad; optimizer.apply(grads, variables); }
//
// Gradients are computed without recording (no gradients of gradients).
#pragma once

#include <span>
#include <vector>

#include "strata/tensor.hpp"
#include "strata/variable.hpp"

namespace strata {

// Whether ops record on this thread (true unless a NoGradGuard is alive).
bool grad_enabled() noexcept;

// Turns recording off on this thread for its lifetime (inference, optimiser updates); nests.
class NoGradGuard {
 public:
  NoGradGuard() noexcept;
  ~NoGradGuard();
  NoGradGuard(const NoGradGuard&) = delete;
  NoGradGuard& operator=(const NoGradGuard&) = delete;

 private:
  bool previous_;
};

// d(loss)/d(wrt[i]) for each i, in order. A non-scalar loss is differentiated as the sum of
// its elements unless `output_gradient` (loss's shape and dtype) seeds it. Each wrt tensor must
// require a gradient (ValueError otherwise); one the loss does not depend on gets an undefined
// Tensor (defined() is false), as TensorFlow answers None. Results are contiguous tensors of
// their variable's shape and dtype. The graph is kept, so gradients may be taken again.
std::vector<Tensor> gradients(const Tensor& loss, std::span<const Tensor> wrt,
                              const Tensor& output_gradient = Tensor());
// The same for variables; a non-trainable variable gets ValueError.
std::vector<Tensor> gradients(const Tensor& loss, std::span<const Variable> wrt,
                              const Tensor& output_gradient = Tensor());

}  // namespace strata
