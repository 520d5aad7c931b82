// Backward nodes of the reductions: the gradient spreads back over the reduced axes (evenly for
// mean; to the extreme elements for max and min, shared equally among ties, as TensorFlow does).
#include "../ops/kernels.hpp"
#include "../ops/op_names.hpp"
#include "grad_shape.hpp"
#include "node.hpp"
#include "record.hpp"

namespace strata::autodiff {
namespace {

class ReduceBackward final : public Node {
 public:
  ReduceBackward(strata_reduce_op op, Tensor x, uint32_t mask, Tensor kept)
      : op_(op), x_(std::move(x)), mask_(mask), kept_(std::move(kept)) {}
  const char* name() const noexcept override { return ops_detail::reduce_name(op_); }

  void backward(const Tensor& dy, GradSink& sink) override {
    const Shape& kept_shape = kept_.shape();
    switch (op_) {
      case STRATA_REDUCE_SUM:
        return sink.add(0, expand_to_shape(dy, kept_shape, x_.shape()));
      case STRATA_REDUCE_MEAN: {
        const int64_t kept_count = kept_shape.numel();
        const double count = kept_count == 0 ? 1.0 : double(x_.numel()) / double(kept_count);
        return sink.add(0, expand_to_shape(dy * (1.0 / count), kept_shape, x_.shape()));
      }
      default: {  // max, min
        const Tensor hits = ops::cast(ops::equal(x_, kept_), x_.dtype());
        const Tensor ties = kernels::reduce(STRATA_REDUCE_SUM, hits, mask_, x_.dtype());
        return sink.add(0, hits * (ops::reshape(dy, kept_shape.span()) / ties));
      }
    }
  }

 private:
  strata_reduce_op op_;
  Tensor x_;
  uint32_t mask_;
  Tensor kept_;
};

}  // namespace

void record_reduce(Tensor& out, strata_reduce_op op, const Tensor& x, uint32_t axes_mask,
                   const Tensor& kept) {
  if (!should_record({&x})) return;
  attach(out, std::make_shared<ReduceBackward>(op, x, axes_mask, kept.detach()), {&x});
}

}  // namespace strata::autodiff
