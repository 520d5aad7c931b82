// Backward nodes of the view and assembly ops: reshapes, transposes and broadcasts undo
// themselves; a slice's gradient is padding with zeros and padding's is a slice; a
// concatenation hands each piece its slice of the gradient.
#include <vector>

#include "../ops/kernels.hpp"
#include "../ops/op_support.hpp"
#include "../tensor/factories.hpp"
#include "grad_shape.hpp"
#include "node.hpp"
#include "record.hpp"

namespace strata::autodiff {
namespace {

using ops_detail::Region;
using ops_detail::region_view;

class ReshapeBackward final : public Node {
 public:
  explicit ReshapeBackward(Shape shape) : shape_(shape) {}
  const char* name() const noexcept override { return "reshape"; }
  void backward(const Tensor& dy, GradSink& sink) override { sink.add(0, dy.reshape(shape_)); }

 private:
  Shape shape_;
};

class TransposeBackward final : public Node {
 public:
  explicit TransposeBackward(const Axes& perm) : inverse_(ops_detail::inverse_permutation(perm)) {}
  const char* name() const noexcept override { return "transpose"; }
  void backward(const Tensor& dy, GradSink& sink) override {
    sink.add(0, ops::transpose(dy, inverse_));
  }

 private:
  Axes inverse_;
};

class BroadcastBackward final : public Node {
 public:
  explicit BroadcastBackward(Shape shape) : shape_(shape) {}
  const char* name() const noexcept override { return "broadcast_to"; }
  void backward(const Tensor& dy, GradSink& sink) override {
    sink.add(0, sum_to_shape(dy, shape_));
  }

 private:
  Shape shape_;
};

class SliceBackward final : public Node {
 public:
  SliceBackward(const Tensor& x, const Region& region)
      : context_(x.impl()->storage->context),
        shape_(x.shape()),
        dtype_(x.dtype()),
        region_(region) {}
  const char* name() const noexcept override { return "slice"; }
  void backward(const Tensor& dy, GradSink& sink) override {
    Tensor dx = detail::full(context_, shape_, 0, dtype_);
    kernels::copy_into(dy, region_view(dx, region_));
    sink.add(0, dx);
  }

 private:
  std::shared_ptr<detail::ContextState> context_;
  Shape shape_;
  DType dtype_;
  Region region_;
};

class PadBackward final : public Node {
 public:
  explicit PadBackward(const Region& region) : region_(region) {}
  const char* name() const noexcept override { return "pad"; }
  void backward(const Tensor& dy, GradSink& sink) override {
    sink.add(0, region_view(dy, region_));
  }

 private:
  Region region_;
};

class ConcatenateBackward final : public Node {
 public:
  ConcatenateBackward(std::span<const Tensor> inputs, int axis) : axis_(axis) {
    for (const Tensor& t : inputs) sizes_.push_back(t.shape()[axis]);
  }
  const char* name() const noexcept override { return "concatenate"; }
  void backward(const Tensor& dy, GradSink& sink) override {
    Region region = Region::all_of(dy.shape());
    for (size_t i = 0; i < sizes_.size(); ++i) {
      region.sizes[axis_] = sizes_[i];
      if (sink.wants(i)) sink.add(i, region_view(dy, region));
      region.starts[size_t(axis_)] += sizes_[i];
    }
  }

 private:
  int axis_;
  std::vector<int64_t> sizes_;
};

}  // namespace

void record_reshape(Tensor& out, const Tensor& x) {
  if (!should_record({&x})) return;
  attach(out, std::make_shared<ReshapeBackward>(x.shape()), {&x});
}

void record_transpose(Tensor& out, const Tensor& x, const Axes& perm) {
  if (!should_record({&x})) return;
  attach(out, std::make_shared<TransposeBackward>(perm), {&x});
}

void record_broadcast(Tensor& out, const Tensor& x) {
  if (!should_record({&x})) return;
  attach(out, std::make_shared<BroadcastBackward>(x.shape()), {&x});
}

void record_slice(Tensor& out, const Tensor& x, const Region& region) {
  if (!should_record({&x})) return;
  attach(out, std::make_shared<SliceBackward>(x, region), {&x});
}

void record_pad(Tensor& out, const Tensor& x, const Region& region) {
  if (!should_record({&x})) return;
  attach(out, std::make_shared<PadBackward>(region), {&x});
}

void record_concatenate(Tensor& out, std::span<const Tensor> inputs, int axis) {
  for (const Tensor& t : inputs) {
    if (should_record({&t})) {
      attach(out, std::make_shared<ConcatenateBackward>(inputs, axis), inputs);
      return;
    }
  }
}

}  // namespace strata::autodiff
