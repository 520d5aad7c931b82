// strata::gradients: one reverse sweep over the recorded graph, from the loss to the tensors
// asked for, running each node's backward once all its consumers have contributed.
#include <fmt/format.h>

#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "../ops/kernels.hpp"
#include "node.hpp"
#include "strata/autodiff.hpp"
#include "strata/op_error.hpp"
#include "strata/ops.hpp"

namespace strata {
namespace {

using autodiff::Node;

class Engine {
 public:
  Engine(Node* root, std::span<Node* const> targets) {
    order_from(root);
    needed_.assign(order_.size(), false);
    for (Node* target : targets) {
      if (auto it = index_.find(target); it != index_.end()) needed_[it->second] = true;
    }
    // Post-order puts every node after its inputs, so one pass settles who leads to a target.
    for (size_t i = 0; i < order_.size(); ++i) {
      for (const auto& edge : order_[i]->edges) {
        if (edge && needed_[index_.at(edge.get())]) needed_[i] = true;
      }
    }
    slots_.resize(order_.size());
  }

  // Runs every needed node's backward, consumers before producers, starting from `seed` at the
  // root; gradients of `keep` nodes stay in their slots.
  void sweep(const Tensor& seed, const std::unordered_set<Node*>& keep) {
    if (order_.empty() || !needed_.back()) return;
    slots_.back().grad = seed;
    for (size_t i = order_.size(); i-- > 0;) {
      Slot& slot = slots_[i];
      if (!slot.grad.defined() || !needed_[i]) continue;
      Sink sink(*this, *order_[i]);
      order_[i]->backward(slot.grad, sink);
      if (!keep.contains(order_[i])) slot.grad = Tensor();
    }
  }

  // The gradient collected for `node`, or an undefined tensor.
  Tensor gradient_of(Node* node) const {
    auto it = index_.find(node);
    return it == index_.end() ? Tensor() : slots_[it->second].grad;
  }

 private:
  // One gradient being accumulated; `owned` when the engine made its buffer and nobody else
  // holds it, so a matmul may accumulate into it in place.
  struct Slot {
    Tensor grad;
    bool owned = false;
  };

  class Sink final : public autodiff::GradSink {
   public:
    Sink(Engine& engine, Node& node) : engine_(engine), node_(node) {}
    bool wants(size_t i) const noexcept override { return engine_.wants_edge(node_, i); }
    void add(size_t i, Tensor grad) override { engine_.accumulate(node_, i, std::move(grad)); }
    void add_matmul(size_t i, const Tensor& a, const Tensor& b) override {
      engine_.accumulate_matmul(node_, i, a, b);
    }

   private:
    Engine& engine_;
    Node& node_;
  };

  void order_from(Node* root) {
    struct Frame {
      Node* node;
      size_t next_edge;
    };
    std::unordered_set<Node*> entered{root};
    std::vector<Frame> stack{{root, 0}};
    while (!stack.empty()) {
      Frame& top = stack.back();
      if (top.next_edge < top.node->edges.size()) {
        Node* child = top.node->edges[top.next_edge++].get();
        if (child != nullptr && entered.insert(child).second) stack.push_back({child, 0});
        continue;
      }
      index_.emplace(top.node, order_.size());
      order_.push_back(top.node);
      stack.pop_back();
    }
  }

  bool wants_edge(const Node& consumer, size_t i) const noexcept {
    return i < consumer.edges.size() && consumer.edges[i] &&
           needed_[index_.find(consumer.edges[i].get())->second];
  }

  // The slot of consumer's input i; a backward handing out a gradient nobody asked for, or of
  // the wrong shape, is a bug in that backward, reported rather than silently broadcast.
  Slot& slot_for(const Node& consumer, size_t i, const Shape& shape) {
    if (!wants_edge(consumer, i)) {
      throw Error(
          fmt::format("gradients: internal error: {} produced a gradient for input {}, "
                      "which needs none",
                      consumer.name(), i));
    }
    Slot& slot = slots_[index_.at(consumer.edges[i].get())];
    if (slot.grad.defined() && slot.grad.shape() != shape) {
      throw Error(
          fmt::format("gradients: internal error: {} produced a {} gradient for input {}, "
                      "which already has a {} one",
                      consumer.name(), shape.to_string(), i, slot.grad.shape().to_string()));
    }
    return slot;
  }

  void accumulate(const Node& consumer, size_t i, Tensor grad) {
    Slot& slot = slot_for(consumer, i, grad.shape());
    slot = slot.grad.defined() ? Slot{slot.grad + grad, true} : Slot{std::move(grad), false};
  }

  void accumulate_matmul(const Node& consumer, size_t i, const Tensor& a, const Tensor& b) {
    Slot& slot = slot_for(consumer, i, kernels::matmul_shape(a, b));
    if (slot.grad.defined() && slot.owned && slot.grad.is_contiguous()) {
      kernels::matmul_into(a, b, slot.grad, 1, 1);  // beta = 1: accumulate in place
    } else if (slot.grad.defined()) {
      slot = Slot{slot.grad + kernels::matmul(a, b), true};
    } else {
      slot = Slot{kernels::matmul(a, b), true};
    }
  }

  std::vector<Node*> order_;  // post-order: inputs before the nodes that consume them
  std::unordered_map<Node*, size_t> index_;
  std::vector<bool> needed_;  // leads to a requested tensor
  std::vector<Slot> slots_;
};

Tensor seed_for(const Tensor& loss, const Tensor& output_gradient) {
  if (!output_gradient.defined()) return ops::ones_like(loss);
  if (output_gradient.shape() != loss.shape() || output_gradient.dtype() != loss.dtype()) {
    throw ShapeError(fmt::format("gradients: output_gradient is {} {}, but the loss is {} {}",
                                 dtype_name(output_gradient.dtype()),
                                 output_gradient.shape().to_string(), dtype_name(loss.dtype()),
                                 loss.shape().to_string()));
  }
  return output_gradient;
}

// The node gradients of `t` collect at.
Node* node_of(const Tensor& t, size_t i) {
  if (!t.defined()) throw ValueError(fmt::format("gradients: wrt[{}] is an undefined tensor", i));
  if (!t.requires_grad()) {
    throw ValueError(
        fmt::format("gradients: wrt[{}] ({} {}) does not require a gradient; use a "
                    "trainable Variable or call set_requires_grad() before the "
                    "forward pass",
                    i, dtype_name(t.dtype()), t.shape().to_string()));
  }
  return t.impl()->grad_node.get();
}

}  // namespace

std::vector<Tensor> gradients(const Tensor& loss, std::span<const Tensor> wrt,
                              const Tensor& output_gradient) {
  if (!loss.defined()) throw ValueError("gradients: the loss is an undefined tensor");
  std::vector<Node*> targets;
  for (size_t i = 0; i < wrt.size(); ++i) targets.push_back(node_of(wrt[i], i));
  std::vector<Tensor> results(wrt.size());
  if (!loss.requires_grad()) return results;  // nothing asked for reaches the loss

  NoGradGuard no_grad;
  const Tensor seed = seed_for(loss, output_gradient);
  Engine engine(loss.impl()->grad_node.get(), targets);
  engine.sweep(seed, std::unordered_set<Node*>(targets.begin(), targets.end()));
  for (size_t i = 0; i < wrt.size(); ++i) {
    Tensor grad = engine.gradient_of(targets[i]);
    if (grad.defined()) results[i] = grad.contiguous();
  }
  return results;
}

std::vector<Tensor> gradients(const Tensor& loss, std::span<const Variable> wrt,
                              const Tensor& output_gradient) {
  std::vector<Tensor> values;
  values.reserve(wrt.size());
  for (const Variable& v : wrt) {
    if (!v.defined()) throw ValueError("gradients: a variable is undefined");
    if (!v.trainable()) {
      throw ValueError(fmt::format("gradients: variable '{}' is not trainable", v.name()));
    }
    values.push_back(v.value());
  }
  return gradients(loss, values, output_gradient);
}

}  // namespace strata
