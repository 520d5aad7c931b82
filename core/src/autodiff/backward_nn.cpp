// Backward nodes of softmax (SOFTMAX_BACKWARD from the saved output) and take (SCATTER_ADD into
// a zeroed table).
#include "../ops/kernels.hpp"
#include "../tensor/factories.hpp"
#include "node.hpp"
#include "record.hpp"

namespace strata::autodiff {
namespace {

class SoftmaxBackward final : public Node {
 public:
  SoftmaxBackward(strata_softmax_op op, Tensor y) : op_(op), y_(std::move(y)) {}
  const char* name() const noexcept override {
    return op_ == STRATA_SOFTMAX ? "softmax" : "log_softmax";
  }
  void backward(const Tensor& dy, GradSink& sink) override {
    sink.add(0, kernels::softmax_backward(op_, dy, y_));
  }

 private:
  strata_softmax_op op_;
  Tensor y_;  // the forward output, detached
};

class GatherBackward final : public Node {
 public:
  GatherBackward(const Tensor& table, Tensor indices)
      : context_(table.impl()->storage->context),
        shape_(table.shape()),
        dtype_(table.dtype()),
        indices_(std::move(indices)) {}
  const char* name() const noexcept override { return "take"; }
  void backward(const Tensor& dy, GradSink& sink) override {
    Tensor table = detail::full(context_, shape_, 0, dtype_);
    kernels::scatter_add_into(dy, indices_, table);
    sink.add(0, table);
  }

 private:
  std::shared_ptr<detail::ContextState> context_;
  Shape shape_;
  DType dtype_;
  Tensor indices_;
};

}  // namespace

void record_softmax(Tensor& y, strata_softmax_op op, const Tensor& x) {
  if (!should_record({&x})) return;
  attach(y, std::make_shared<SoftmaxBackward>(op, y.detach()), {&x});
}

void record_gather(Tensor& out, const Tensor& table, const Tensor& indices) {
  if (!should_record({&table})) return;
  attach(out, std::make_shared<GatherBackward>(table, indices), {&table, &indices});
}

}  // namespace strata::autodiff
