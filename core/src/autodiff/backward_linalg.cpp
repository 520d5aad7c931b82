// Backward nodes of matmul, conv2d and pooling: the ABI's backward ops, and matmuls of strided
// (transposed) views accumulated in place where the engine allows.
#include "../ops/kernels.hpp"
#include "grad_shape.hpp"
#include "node.hpp"
#include "record.hpp"

namespace strata::autodiff {
namespace {

// The view with the last two axes swapped.
Tensor swap_last(const Tensor& t) {
  Axes perm;
  for (int k = 0; k < t.rank() - 2; ++k) perm.push_back(k);
  perm.push_back(t.rank() - 1);
  perm.push_back(t.rank() - 2);
  return ops::transpose(t, perm);
}

// Hands lhs @ rhs to input i, reduced over broadcast batch axes when its shape is smaller.
void add_product(GradSink& sink, size_t i, const Shape& shape, const Tensor& lhs,
                 const Tensor& rhs) {
  if (kernels::matmul_shape(lhs, rhs) == shape) return sink.add_matmul(i, lhs, rhs);
  sink.add(i, sum_to_shape(kernels::matmul(lhs, rhs), shape));
}

class MatmulBackward final : public Node {
 public:
  MatmulBackward(Tensor a, Tensor b) : a_(std::move(a)), b_(std::move(b)) {}
  const char* name() const noexcept override { return "matmul"; }

  void backward(const Tensor& dy, GradSink& sink) override {
    if (sink.wants(0)) add_product(sink, 0, a_.shape(), dy, swap_last(b_));
    if (!sink.wants(1)) return;
    if (b_.rank() == 2 && a_.rank() > 2 && a_.is_contiguous() && dy.is_contiguous()) {
      // A shared weight under batched inputs (Dense on a sequence): fold the batch into the
      // rows, so one matmul sums over it instead of a batched product and a reduction.
      const Tensor rows = a_.reshape({-1, a_.dim(-1)});
      const Tensor dy_rows = dy.reshape({-1, dy.dim(-1)});
      return sink.add_matmul(1, swap_last(rows), dy_rows);
    }
    add_product(sink, 1, b_.shape(), swap_last(a_), dy);
  }

 private:
  Tensor a_, b_;
};

class Conv2DBackward final : public Node {
 public:
  Conv2DBackward(Tensor x, Tensor w, const ops::Conv2DOptions& options)
      : x_(std::move(x)), w_(std::move(w)), options_(options) {}
  const char* name() const noexcept override { return "conv2d"; }
  void backward(const Tensor& dy, GradSink& sink) override {
    if (sink.wants(0)) sink.add(0, kernels::conv2d_backward_data(dy, w_, x_.shape(), options_));
    if (sink.wants(1)) sink.add(1, kernels::conv2d_backward_filter(x_, dy, w_.shape(), options_));
  }

 private:
  Tensor x_, w_;
  ops::Conv2DOptions options_;
};

class Pool2DBackward final : public Node {
 public:
  Pool2DBackward(strata_pool_op op, Tensor x, const ops::Pool2DOptions& options)
      : op_(op), x_(std::move(x)), options_(options) {}
  const char* name() const noexcept override {
    return op_ == STRATA_POOL_MAX ? "max_pool2d" : "avg_pool2d";
  }
  void backward(const Tensor& dy, GradSink& sink) override {
    sink.add(0, kernels::pool2d_backward(op_, dy, x_, options_));
  }

 private:
  strata_pool_op op_;
  Tensor x_;
  ops::Pool2DOptions options_;
};

}  // namespace

void record_matmul(Tensor& out, const Tensor& a, const Tensor& b) {
  if (!should_record({&a, &b})) return;
  attach(out, std::make_shared<MatmulBackward>(a, b), {&a, &b});
}

void record_conv2d(Tensor& y, const Tensor& x, const Tensor& w, const ops::Conv2DOptions& options) {
  if (!should_record({&x, &w})) return;
  attach(y, std::make_shared<Conv2DBackward>(x, w, options), {&x, &w});
}

void record_pool2d(Tensor& y, strata_pool_op op, const Tensor& x,
                   const ops::Pool2DOptions& options) {
  if (!should_record({&x})) return;
  attach(y, std::make_shared<Pool2DBackward>(op, x, options), {&x});
}

}  // namespace strata::autodiff
