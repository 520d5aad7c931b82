// The recorded graph: one Node per differentiable op result, pointing at the nodes of its inputs.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <memory>
#include <utility>
#include <vector>

#include "../tensor/tensor_impl.hpp"
#include "strata/tensor.hpp"

namespace strata::autodiff {

class GradSink;

class Node {
 public:
  virtual ~Node() = default;
  // The op's name, for messages.
  virtual const char* name() const noexcept = 0;
  // Given the gradient of this node's output, hands each wanted input's gradient to `sink`.
  // Runs with recording off.
  virtual void backward(const Tensor& grad, GradSink& sink) = 0;

  // Per input of the op: the node its gradient flows to, or null when it needs none.
  std::vector<std::shared_ptr<Node>> edges;
};

// Where gradients of a tensor that requires one but no op produced (a Variable's value, a
// tensor marked with set_requires_grad) collect.
class LeafNode final : public Node {
 public:
  const char* name() const noexcept override { return "leaf"; }
  void backward(const Tensor&, GradSink&) override {}
};

// The receiving end of Node::backward; the engine implements it.
class GradSink {
 public:
  // Whether input `i`'s gradient is needed (it has an edge leading to a requested tensor).
  virtual bool wants(size_t i) const noexcept = 0;
  // Adds `grad` (input i's shape) to input i's gradient.
  virtual void add(size_t i, Tensor grad) = 0;
  // Adds a @ b to input i's gradient, accumulating in place (matmul beta = 1) when the gradient
  // so far is a buffer the engine owns.
  virtual void add_matmul(size_t i, const Tensor& a, const Tensor& b) = 0;

 protected:
  ~GradSink() = default;
};

// Whether an op with these operands records: recording is on and one of them requires a
// gradient.
bool should_record(std::initializer_list<const Tensor*> operands) noexcept;

// Attaches `node` to `out` (which then requires a gradient), with one edge per operand.
void attach(Tensor& out, std::shared_ptr<Node> node, std::initializer_list<const Tensor*> operands);
void attach(Tensor& out, std::shared_ptr<Node> node, std::span<const Tensor> operands);

}  // namespace strata::autodiff
