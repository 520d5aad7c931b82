#include "node.hpp"

#include "strata/autodiff.hpp"

namespace strata::autodiff {
namespace {

std::shared_ptr<Node> edge_to(const Tensor& t) {
  return t.defined() && t.impl()->requires_grad ? t.impl()->grad_node : nullptr;
}

void link(Tensor& out, std::shared_ptr<Node> node) {
  out.impl()->requires_grad = true;
  out.impl()->grad_node = std::move(node);
}

}  // namespace

bool should_record(std::initializer_list<const Tensor*> operands) noexcept {
  if (!grad_enabled()) return false;
  for (const Tensor* t : operands) {
    if (t->defined() && t->impl()->requires_grad) return true;
  }
  return false;
}

void attach(Tensor& out, std::shared_ptr<Node> node,
            std::initializer_list<const Tensor*> operands) {
  node->edges.reserve(operands.size());
  for (const Tensor* t : operands) node->edges.push_back(edge_to(*t));
  link(out, std::move(node));
}

void attach(Tensor& out, std::shared_ptr<Node> node, std::span<const Tensor> operands) {
  node->edges.reserve(operands.size());
  for (const Tensor& t : operands) node->edges.push_back(edge_to(t));
  link(out, std::move(node));
}

}  // namespace strata::autodiff
