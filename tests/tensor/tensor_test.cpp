// Tensor factories, reading values back, printing, and moving between contexts.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "strata/op_error.hpp"
#include "strata/tensor.hpp"
#include "tensor_test_support.hpp"

namespace {

using strata::DType;
using strata::Shape;
using strata::Tensor;
using strata_test::error_of;
using strata_test::expect_values;

class TensorTest : public strata_test::ReferenceTest {};

TEST_F(TensorTest, FromHostDataKeepsValuesShapeAndDtype) {
  const Tensor t = Tensor::from(std::vector<float>{1, 2, 3, 4, 5, 6}, {2, 3});
  EXPECT_EQ(t.dtype(), DType::float32);
  EXPECT_EQ(t.shape(), Shape({2, 3}));
  EXPECT_EQ(t.strides(), Shape({3, 1}));
  EXPECT_TRUE(t.is_contiguous());
  EXPECT_EQ(t.to_vector<float>(), (std::vector<float>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(Tensor::from({7, 8}, {2}).dtype(), DType::int32);
  EXPECT_EQ(Tensor::from(std::vector<int64_t>{1}, {1}).dtype(), DType::int64);
  EXPECT_EQ(Tensor::from(std::vector<uint8_t>{255, 0}, {2}).to_vector<uint8_t>(),
            (std::vector<uint8_t>{255, 0}));
  EXPECT_EQ(Tensor::from({0.5, 1.5}, {2}).to_vector<double>(), (std::vector<double>{0.5, 1.5}));
}

TEST_F(TensorTest, FromConvertsToARequestedDtype) {
  const Tensor t = Tensor::from({1.75, -2.5}, {2}, DType::int32);
  EXPECT_EQ(t.dtype(), DType::int32);
  EXPECT_EQ(t.to_vector<int32_t>(), (std::vector<int32_t>{1, -2}));  // truncates toward zero
  const Tensor h = Tensor::from({1.0f, 0.1f}, {2}, DType::float16);
  EXPECT_EQ(h.dtype(), DType::float16);
  expect_values(h, {1.0, 0.0999755859375});  // 0.1 rounded to binary16
}

TEST_F(TensorTest, FromRejectsAWrongValueCount) {
  EXPECT_EQ(error_of([] {
              Tensor::from({1.f, 2.f, 3.f}, {2, 2});
            }),
            "from: 3 values cannot fill shape (2,2) (4 elements)");
}

TEST_F(TensorTest, ConstantsUseFloatxUnlessTold) {
  EXPECT_EQ(Tensor::zeros({2}).dtype(), DType::float32);
  context_.set_floatx(DType::float64);
  EXPECT_EQ(Tensor::ones({2}).dtype(), DType::float64);
  expect_values(Tensor::full({2, 2}, 2.5), {2.5, 2.5, 2.5, 2.5});
  expect_values(Tensor::zeros({3}, DType::int64), {0, 0, 0});
  EXPECT_EQ(Tensor::scalar(4).shape(), Shape());
  EXPECT_EQ(Tensor::scalar(4).item<double>(), 4.0);
}

TEST_F(TensorTest, ArangeFollowsNumpy) {
  const Tensor a = Tensor::arange(5);
  EXPECT_EQ(a.dtype(), DType::int64);
  EXPECT_EQ(a.to_vector<int64_t>(), (std::vector<int64_t>{0, 1, 2, 3, 4}));
  expect_values(Tensor::arange(1, 2, 0.25), {1, 1.25, 1.5, 1.75});
  EXPECT_EQ(Tensor::arange(1, 2, 0.25).dtype(), DType::float32);
  EXPECT_EQ(Tensor::arange(5, 0, -2).to_vector<int64_t>(), (std::vector<int64_t>{5, 3, 1}));
  expect_values(Tensor::arange(0, 3, 1, DType::bfloat16), {0, 1, 2});
  EXPECT_EQ(Tensor::arange(3, 3).numel(), 0);
  EXPECT_EQ(error_of([] { Tensor::arange(0, 1, 0); }),
            "arange: start 0, stop 1, step 0: need finite values and a non-zero step");
}

TEST_F(TensorTest, ReadingConvertsDtypes) {
  const Tensor t = Tensor::from({1.5f, -2.5f}, {2});
  EXPECT_EQ(t.to_vector<double>(), (std::vector<double>{1.5, -2.5}));
  EXPECT_EQ(t.to_vector<int64_t>(), (std::vector<int64_t>{1, -2}));
  EXPECT_EQ(t.to_vector<uint8_t>(), (std::vector<uint8_t>{1, 0}));  // saturates at 0
}

TEST_F(TensorTest, ItemNeedsExactlyOneElement) {
  EXPECT_EQ(Tensor::from({3.f}, {1, 1}).item<float>(), 3.f);
  EXPECT_EQ(error_of([] { Tensor::zeros({2}).item<float>(); }),
            "item: the tensor has shape (2,) (2 elements); item() needs exactly one");
}

TEST_F(TensorTest, PrintsLikeNumpy) {
  EXPECT_EQ(Tensor::from({1.f, 2.f, 3.5f, -4.f}, {2, 2}).to_string(),
            "tensor([[ 1.  2.]\n"
            "        [3.5 -4.]], shape=(2,2), dtype=float32)");
  EXPECT_EQ(Tensor::from({1, 20, 3}, {3}).to_string(),
            "tensor([ 1 20  3], shape=(3,), dtype=int32)");
  EXPECT_EQ(Tensor::scalar(0.1, DType::float64).to_string(),
            "tensor(0.1, shape=(), dtype=float64)");
  EXPECT_EQ(Tensor::zeros({0, 3}).to_string(), "tensor([[]], shape=(0,3), dtype=float32)");
  EXPECT_EQ(Tensor::from({1.f, 2.f, 3.f, 4.f, 5.f, 6.f, 7.f, 8.f}, {2, 2, 2}).to_string(),
            "tensor([[[1. 2.]\n"
            "         [3. 4.]]\n"
            "\n"
            "        [[5. 6.]\n"
            "         [7. 8.]]], shape=(2,2,2), dtype=float32)");
  std::ostringstream os;
  os << Tensor::from({std::nan("")}, {1});
  EXPECT_EQ(os.str(), "tensor([nan], shape=(1,), dtype=float64)");
}

TEST_F(TensorTest, PrintingSummarisesLargeTensors) {
  const std::string text = Tensor::arange(2000).to_string();
  EXPECT_EQ(text, "tensor([   0    1    2 ... 1997 1998 1999], shape=(2000,), dtype=int64)");
}

TEST_F(TensorTest, UndefinedTensorsAreReportedNotDereferenced) {
  const Tensor none;
  EXPECT_FALSE(none.defined());
  EXPECT_EQ(none.to_string(), "tensor(undefined)");
  EXPECT_EQ(error_of([&] { (void)none.shape(); }), "Tensor: this tensor is an undefined tensor");
  EXPECT_EQ(error_of([&] { strata::ops::add(none, Tensor::zeros({1})); }),
            "add: an operand is an undefined tensor");
}

TEST_F(TensorTest, MovesBetweenContexts) {
  const strata::Context other = strata_test::reference_context();
  const Tensor t = Tensor::from({1.f, 2.f, 3.f, 4.f}, {2, 2}).transpose();
  const Tensor moved = t.to(other);
  EXPECT_TRUE(moved.context() == other);
  EXPECT_FALSE(moved.context() == context_);
  expect_values(moved, {1, 3, 2, 4});
  EXPECT_EQ(error_of([&] { strata::ops::add(t, moved); }),
            "add: operands live on different contexts (reference and reference); move one with "
            "Tensor::to");
}

}  // namespace
