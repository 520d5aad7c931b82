// Backward nodes of the elementwise ops: unary functions (UNARY_BACKWARD), binary arithmetic
// with broadcasting, where and float casts.
#include "../ops/kernels.hpp"
#include "../ops/op_names.hpp"
#include "../tensor/factories.hpp"
#include "grad_shape.hpp"
#include "node.hpp"
#include "record.hpp"

namespace strata::autodiff {
namespace {

// A rank-0 zero of t's dtype on t's context, for where() masks.
Tensor zero_like_scalar(const Tensor& t) {
  return detail::full(t.impl()->storage->context, Shape{}, 0, t.dtype());
}

class UnaryBackward final : public Node {
 public:
  UnaryBackward(strata_unary_op op, Tensor x, double alpha, double beta)
      : op_(op), x_(std::move(x)), alpha_(alpha), beta_(beta) {}
  const char* name() const noexcept override { return ops_detail::unary_name(op_); }
  void backward(const Tensor& dy, GradSink& sink) override {
    sink.add(0, kernels::unary_backward(op_, dy, x_, alpha_, beta_));
  }

 private:
  strata_unary_op op_;
  Tensor x_;
  double alpha_, beta_;
};

class BinaryBackward final : public Node {
 public:
  BinaryBackward(strata_binary_op op, Tensor a, Tensor b, Tensor out)
      : op_(op), a_(std::move(a)), b_(std::move(b)), out_(std::move(out)) {}
  const char* name() const noexcept override { return ops_detail::binary_name(op_); }

  void backward(const Tensor& dy, GradSink& sink) override {
    if (sink.wants(0)) sink.add(0, sum_to_shape(grad_a(dy), a_.shape()));
    if (sink.wants(1)) sink.add(1, sum_to_shape(grad_b(dy), b_.shape()));
  }

 private:
  Tensor grad_a(const Tensor& dy) const {
    switch (op_) {
      case STRATA_BINARY_MUL:
        return dy * b_;
      case STRATA_BINARY_DIV:
        return dy / b_;
      case STRATA_BINARY_POW:
        return dy * b_ * ops::power(a_, b_ - 1.0);
      case STRATA_BINARY_MAXIMUM:
      case STRATA_BINARY_MINIMUM:
        return ops::where(a_wins(), dy, zero_like_scalar(dy));
      default:
        return dy;  // add, subtract
    }
  }

  Tensor grad_b(const Tensor& dy) const {
    switch (op_) {
      case STRATA_BINARY_SUB:
        return -dy;
      case STRATA_BINARY_MUL:
        return dy * a_;
      case STRATA_BINARY_DIV:
        return -(dy * out_) / b_;
      case STRATA_BINARY_POW: {
        // d/db a^b = a^b ln a, taken as 0 where a <= 0 (as TensorFlow does) instead of NaN.
        const Tensor positive = ops::greater(a_, zero_like_scalar(a_));
        const Tensor safe_a = ops::where(positive, a_, ops::ones_like(a_));
        return dy * out_ * ops::log(safe_a);
      }
      case STRATA_BINARY_MAXIMUM:
      case STRATA_BINARY_MINIMUM:
        return ops::where(a_wins(), zero_like_scalar(dy), dy);
      default:
        return dy;  // add
    }
  }

  // Where a is the one selected; ties go to a.
  Tensor a_wins() const {
    return op_ == STRATA_BINARY_MAXIMUM ? ops::greater_equal(a_, b_) : ops::less_equal(a_, b_);
  }

  strata_binary_op op_;
  Tensor a_, b_, out_;
};

class WhereBackward final : public Node {
 public:
  WhereBackward(Tensor cond, Shape a_shape, Shape b_shape)
      : cond_(std::move(cond)), a_shape_(a_shape), b_shape_(b_shape) {}
  const char* name() const noexcept override { return "where"; }
  void backward(const Tensor& dy, GradSink& sink) override {
    const Tensor zero = zero_like_scalar(dy);
    if (sink.wants(1)) sink.add(1, sum_to_shape(ops::where(cond_, dy, zero), a_shape_));
    if (sink.wants(2)) sink.add(2, sum_to_shape(ops::where(cond_, zero, dy), b_shape_));
  }

 private:
  Tensor cond_;
  Shape a_shape_, b_shape_;
};

class CastBackward final : public Node {
 public:
  explicit CastBackward(DType from) : from_(from) {}
  const char* name() const noexcept override { return "cast"; }
  void backward(const Tensor& dy, GradSink& sink) override { sink.add(0, ops::cast(dy, from_)); }

 private:
  DType from_;
};

}  // namespace

void record_unary(Tensor& y, const Tensor& x, strata_unary_op op, double alpha, double beta) {
  if (!should_record({&x})) return;
  attach(y, std::make_shared<UnaryBackward>(op, x, alpha, beta), {&x});
}

void record_binary(Tensor& out, strata_binary_op op, const Tensor& a, const Tensor& b) {
  if (!should_record({&a, &b})) return;
  const bool needs_out = op == STRATA_BINARY_DIV || op == STRATA_BINARY_POW;
  attach(out, std::make_shared<BinaryBackward>(op, a, b, needs_out ? out.detach() : Tensor()),
         {&a, &b});
}

void record_where(Tensor& out, const Tensor& cond, const Tensor& a, const Tensor& b) {
  if (!should_record({&a, &b})) return;
  attach(out, std::make_shared<WhereBackward>(cond, a.shape(), b.shape()), {&cond, &a, &b});
}

void record_cast(Tensor& out, const Tensor& x) {
  if (!should_record({&x})) return;
  attach(out, std::make_shared<CastBackward>(x.dtype()), {&x});
}

}  // namespace strata::autodiff
