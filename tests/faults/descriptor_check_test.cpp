// The core's descriptor check: every malformed call a host could hand Backend::execute is an
// exception whose message names the op, the operand and what is wrong, and the plugin never
// sees it; valid edge cases (empty tensors, broadcast strides, offsets, views) still run and
// give the right values.
#include <gtest/gtest.h>

#include <cstring>
#include <vector>

#include "descriptor_check.hpp"
#include "faults_test_support.hpp"
#include "strata/op_error.hpp"

namespace faults_test {
namespace {

using strata::Backend;
using strata::Buffer;

class DescriptorCheck : public ::testing::Test {
 protected:
  DescriptorCheck() : backend_(reference_plugin()) {}

  Buffer floats(const std::vector<float>& values) {
    Buffer buffer = backend_.alloc(values.size() * sizeof(float));
    backend_.write(buffer, 0, std::as_bytes(std::span(values)));
    return buffer;
  }
  std::vector<float> read(const Buffer& buffer) {
    std::vector<float> out(buffer.size() / sizeof(float));
    backend_.read(buffer, 0, std::as_writable_bytes(std::span(out)));
    return out;
  }
  // Runs `call` and expects the check to reject it with every fragment in its message.
  template <typename Exception = strata::Error>
  void expect_rejected(const strata_op_call& call, std::initializer_list<std::string> fragments) {
    try {
      backend_.execute(call);
      ADD_FAILURE() << "the call was accepted";
    } catch (const Exception& e) {
      EXPECT_EQ(dynamic_cast<const strata::BackendError*>(&e), nullptr)
          << "the plugin saw the call: " << e.what();
      for (const std::string& fragment : fragments) {
        EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos)
            << "missing \"" << fragment << "\" in: " << e.what();
      }
    }
  }

  Backend backend_;
  strata_matmul_params matmul_params_{sizeof(strata_matmul_params), 1.0, 0.0};
};

// ---- each descriptor inside its buffer ----------------------------------------------------

TEST_F(DescriptorCheck, OffsetPastTheBufferIsRejected) {
  Buffer a = floats(std::vector<float>(12, 1)), b = floats(std::vector<float>(12, 1));
  Buffer c = backend_.alloc(48);
  const strata_tensor ta = contiguous(STRATA_F32, {3, 4}, a.handle(), 16);
  const strata_tensor tb = contiguous(STRATA_F32, {3, 4}, b.handle());
  const strata_tensor tc = contiguous(STRATA_F32, {3, 4}, c.handle());
  expect_rejected<strata::ValueError>(
      make_call(STRATA_OP_BINARY, STRATA_BINARY_ADD, nullptr, {&ta, &tb}, {&tc}),
      {"binary add: input 0 (float32 (3,4), strides (4,1), byte offset 16)", "reaches byte 64",
       "buffer holds 48 bytes", "allocate at least"});
}

TEST_F(DescriptorCheck, ShapeLargerThanTheBufferIsRejected) {
  Buffer a = backend_.alloc(40);
  Buffer c = backend_.alloc(40);
  const strata_tensor ta = contiguous(STRATA_F32, {11}, a.handle());
  const strata_tensor tc = contiguous(STRATA_F32, {10}, c.handle());
  expect_rejected(make_call(STRATA_OP_UNARY, STRATA_UNARY_RELU, nullptr, {&ta}, {&tc}),
                  {"unary relu: input 0 (float32 (11,)", "reaches byte 44", "holds 40 bytes"});
}

TEST_F(DescriptorCheck, StridesReachingPastTheBufferAreRejected) {
  Buffer a = backend_.alloc(48), c = backend_.alloc(48);
  strata_tensor ta = contiguous(STRATA_F32, {3, 4}, a.handle());
  ta.strides[0] = 5;  // a padded row pitch the buffer was not sized for
  const strata_tensor tc = contiguous(STRATA_F32, {3, 4}, c.handle());
  expect_rejected(make_call(STRATA_OP_COPY, 0, nullptr, {&ta}, {&tc}),
                  {"copy: input 0", "strides (5,1)", "reaches byte 56", "holds 48 bytes"});
}

TEST_F(DescriptorCheck, OutputOutsideTheBufferIsRejected) {
  Buffer c = backend_.alloc(8);
  const strata_tensor tc = contiguous(STRATA_F32, {4}, c.handle(), 4);
  strata_fill_params fill{sizeof fill, 1.0};
  expect_rejected(make_call(STRATA_OP_FILL, 0, &fill, {}, {&tc}),
                  {"fill: output 0 (float32 (4,), strides (1,), byte offset 4)", "reaches byte 20",
                   "holds 8 bytes"});
}

TEST_F(DescriptorCheck, ExtentOverflowingSixtyFourBitsIsRejected) {
  Buffer c = backend_.alloc(8);
  strata_tensor tc = contiguous(STRATA_F32, {2, 2}, c.handle());
  tc.shape[0] = int64_t{1} << 62;
  tc.strides[0] = int64_t{1} << 62;
  strata_fill_params fill{sizeof fill, 1.0};
  expect_rejected(make_call(STRATA_OP_FILL, 0, &fill, {}, {&tc}), {"past 2^64 bytes"});
}

TEST_F(DescriptorCheck, NegativeStrideIsRejected) {
  Buffer a = backend_.alloc(16), c = backend_.alloc(16);
  strata_tensor ta = contiguous(STRATA_F32, {4}, a.handle(), 12);
  ta.strides[0] = -1;  // a reversed view: in bounds, but not an ABI descriptor
  const strata_tensor tc = contiguous(STRATA_F32, {4}, c.handle());
  expect_rejected(make_call(STRATA_OP_COPY, 0, nullptr, {&ta}, {&tc}),
                  {"copy: input 0 has strides (-1,)", "negative", "strides >= 0"});
}

TEST_F(DescriptorCheck, NegativeSizeBadRankAndBadDtypeAreRejected) {
  Buffer a = backend_.alloc(16), c = backend_.alloc(16);
  strata_tensor ta = contiguous(STRATA_F32, {4}, a.handle());
  const strata_tensor tc = contiguous(STRATA_F32, {4}, c.handle());
  const strata_op_call copy = make_call(STRATA_OP_COPY, 0, nullptr, {&ta}, {&tc});
  ta.shape[0] = -4;
  expect_rejected<strata::ShapeError>(copy, {"copy: input 0 has shape (-4,)", "negative"});
  ta.shape[0] = 4;
  ta.rank = 9;
  expect_rejected<strata::ShapeError>(copy, {"copy: input 0: rank 9 is outside 0..8"});
  ta.rank = 1;
  ta.dtype = static_cast<strata_dtype>(42);
  expect_rejected<strata::DTypeError>(copy, {"copy: input 0: dtype code 42"});
  ta.dtype = STRATA_F32;
  ta.struct_size = 8;
  expect_rejected(copy, {"struct_size is 8", "sizeof(strata_tensor)"});
}

TEST_F(DescriptorCheck, ForeignFreedAndMissingBuffersAreRejected) {
  Backend other(reference_plugin());
  Buffer foreign = other.alloc(16);
  Buffer freed = backend_.alloc(16);
  Buffer c = backend_.alloc(16);
  strata_tensor ta = contiguous(STRATA_F32, {4}, foreign.handle());
  const strata_tensor tc = contiguous(STRATA_F32, {4}, c.handle());
  const strata_op_call copy = make_call(STRATA_OP_COPY, 0, nullptr, {&ta}, {&tc});
  expect_rejected(copy, {"copy: input 0", "not allocated by this backend instance, or was freed"});
  ta.buffer = freed.handle();
  freed.reset();
  expect_rejected(copy, {"not allocated by this backend instance, or was freed"});
  ta.buffer = nullptr;
  expect_rejected(copy, {"copy: input 0", "has no buffer"});
}

TEST_F(DescriptorCheck, BroadcastOutputIsRejected) {
  Buffer a = floats({1, 2, 3, 4}), c = backend_.alloc(16);
  const strata_tensor ta = contiguous(STRATA_F32, {4}, a.handle());
  strata_tensor tc = contiguous(STRATA_F32, {4}, c.handle());
  tc.strides[0] = 0;
  expect_rejected(make_call(STRATA_OP_COPY, 0, nullptr, {&ta}, {&tc}),
                  {"copy: output 0 has shape (4,) and strides (0,)", "broadcasts an output"});
}

// ---- operands fitting the op --------------------------------------------------------------

TEST_F(DescriptorCheck, OutputOverlappingAnInputIsRejected) {
  // A copy whose output starts one element into its own input: the ABI forbids the alias, and
  // a plugin copying element by element would read what it has just written.
  Buffer a = floats({1, 2, 3, 4, 5});
  const strata_tensor x = contiguous(STRATA_F32, {4}, a.handle());
  const strata_tensor y = contiguous(STRATA_F32, {4}, a.handle(), 4);
  expect_rejected<strata::ValueError>(make_call(STRATA_OP_COPY, 0, nullptr, {&x}, {&y}),
                                      {"copy: output 0 (float32 (4,), strides (1,), byte offset 4)",
                                       "overlaps input 0", "write the result to another buffer"});
}

TEST_F(DescriptorCheck, InPlaceElementwiseUpdateRuns) {
  Buffer a = floats({1, 2, 3, 4});
  const strata_tensor x = contiguous(STRATA_F32, {4}, a.handle());
  backend_.execute(make_call(STRATA_OP_BINARY, STRATA_BINARY_ADD, nullptr, {&x, &x}, {&x}));
  backend_.synchronize();
  EXPECT_EQ(read(a), (std::vector<float>{2, 4, 6, 8}));
}

TEST_F(DescriptorCheck, ElementwiseShapesMustAgree) {
  Buffer a = backend_.alloc(12), b = backend_.alloc(48), c = backend_.alloc(48);
  const strata_tensor ta = contiguous(STRATA_F32, {3}, a.handle());
  const strata_tensor tb = contiguous(STRATA_F32, {3, 4}, b.handle());
  const strata_tensor tc = contiguous(STRATA_F32, {3, 4}, c.handle());
  expect_rejected<strata::ShapeError>(
      make_call(STRATA_OP_BINARY, STRATA_BINARY_MUL, nullptr, {&ta, &tb}, {&tc}),
      {"binary multiply: input 0 (float32 (3,)", "and output 0 (float32 (3,4)",
       "must have the same shape", "stride 0"});
}

TEST_F(DescriptorCheck, ElementSizesMustAgree) {
  Buffer a = backend_.alloc(32), c = backend_.alloc(32);
  const strata_tensor ta = contiguous(STRATA_F64, {4}, a.handle());
  const strata_tensor tc = contiguous(STRATA_F32, {4}, c.handle());
  expect_rejected<strata::DTypeError>(
      make_call(STRATA_OP_UNARY, STRATA_UNARY_EXP, nullptr, {&ta}, {&tc}),
      {"unary exp: input 0 (float64 (4,)", "output 0 (float32 (4,)", "same dtype"});
  const strata_tensor cmp = contiguous(STRATA_F32, {4}, c.handle());
  expect_rejected<strata::DTypeError>(
      make_call(STRATA_OP_BINARY, STRATA_BINARY_LESS, nullptr, {&tc, &tc}, {&cmp}),
      {"binary less: output 0", "must be u8"});
}

TEST_F(DescriptorCheck, MatmulShapesMustChain) {
  Buffer a = backend_.alloc(4 * 12), b = backend_.alloc(4 * 30), c = backend_.alloc(4 * 18);
  const strata_tensor ta = contiguous(STRATA_F32, {3, 4}, a.handle());
  const strata_tensor tb = contiguous(STRATA_F32, {5, 6}, b.handle());
  const strata_tensor tc = contiguous(STRATA_F32, {3, 6}, c.handle());
  expect_rejected<strata::ShapeError>(
      make_call(STRATA_OP_MATMUL, 0, &matmul_params_, {&ta, &tb}, {&tc}),
      {"matmul: input 1 (float32 (5,6)", "size 5 on axis 0 where K (a's columns) is 4"});
  const strata_tensor batched = contiguous(STRATA_F32, {1, 3, 6}, c.handle());
  expect_rejected<strata::ShapeError>(
      make_call(STRATA_OP_MATMUL, 0, &matmul_params_, {&ta, &tb}, {&batched}),
      {"matmul: input 0 (float32 (3,4)", "has rank 2; the op takes rank 3"});
  expect_rejected<strata::ValueError>(make_call(STRATA_OP_MATMUL, 0, nullptr, {&ta, &tb}, {&tc}),
                                      {"matmul: params are required (a strata_matmul_params)"});
}

TEST_F(DescriptorCheck, ConvolutionOutputMustMatchTheParams) {
  Buffer x = backend_.alloc(4 * 32), w = backend_.alloc(4 * 18), y = backend_.alloc(4 * 64);
  const strata_tensor tx = contiguous(STRATA_F32, {1, 4, 4, 2}, x.handle());
  const strata_tensor tw = contiguous(STRATA_F32, {3, 3, 2, 1}, w.handle());
  const strata_tensor ty = contiguous(STRATA_F32, {1, 4, 4, 1}, y.handle());  // 'same', not 'valid'
  strata_conv2d_params p{sizeof p, 1, 1, 0, 0, 0, 0, 1, 1, 1};
  expect_rejected<strata::ShapeError>(
      make_call(STRATA_OP_CONV2D, 0, &p, {&tx, &tw}, {&ty}),
      {"conv2d: output 0 (float32 (1,4,4,1)", "size 4 on axis 1 where the output height is 2"});
  p.groups = 3;
  expect_rejected<strata::ShapeError>(make_call(STRATA_OP_CONV2D, 0, &p, {&tx, &tw}, {&ty}),
                                      {"groups 3 must divide"});
  p.groups = 1;
  p.stride_h = 0;
  expect_rejected<strata::ValueError>(make_call(STRATA_OP_CONV2D, 0, &p, {&tx, &tw}, {&ty}),
                                      {"conv2d: stride must be >= 1, got 0"});
}

TEST_F(DescriptorCheck, PoolingOutputMustMatchTheWindow) {
  Buffer x = backend_.alloc(4 * 32), y = backend_.alloc(4 * 32);
  const strata_tensor tx = contiguous(STRATA_F32, {1, 4, 4, 2}, x.handle());
  const strata_tensor ty = contiguous(STRATA_F32, {1, 3, 2, 2}, y.handle());
  strata_pool2d_params p{sizeof p, 2, 2, 2, 2, 0, 0, 0, 0};
  expect_rejected<strata::ShapeError>(
      make_call(STRATA_OP_POOL2D, STRATA_POOL_MAX, &p, {&tx}, {&ty}),
      {"pool2d: output 0", "where the output height is 2"});
}

TEST_F(DescriptorCheck, ReductionOutputKeepsDims) {
  Buffer x = backend_.alloc(4 * 12), y = backend_.alloc(4 * 4);
  const strata_tensor tx = contiguous(STRATA_F32, {3, 4}, x.handle());
  const strata_tensor ty = contiguous(STRATA_F32, {4}, y.handle());
  strata_reduce_params p{sizeof p, 1u};
  expect_rejected<strata::ShapeError>(
      make_call(STRATA_OP_REDUCE, STRATA_REDUCE_SUM, &p, {&tx}, {&ty}),
      {"reduce sum: output 0 (float32 (4,)", "rank 1"});
  const strata_tensor kept = contiguous(STRATA_F32, {1, 4}, y.handle());
  p.axes_mask = 0x5;
  expect_rejected<strata::ShapeError>(
      make_call(STRATA_OP_REDUCE, STRATA_REDUCE_SUM, &p, {&tx}, {&kept}),
      {"axes_mask 0x5 names an axis beyond", "rank 2"});
  p.axes_mask = 1;
  expect_rejected<strata::DTypeError>(
      make_call(STRATA_OP_REDUCE, STRATA_REDUCE_ARGMAX, &p, {&tx}, {&kept}),
      {"reduce argmax: output 0", "must be i32 or i64"});
}

TEST_F(DescriptorCheck, GatherIndicesAndRowsMustFit) {
  Buffer table = backend_.alloc(4 * 15), idx = backend_.alloc(8 * 2), rows = backend_.alloc(4 * 10);
  const strata_tensor tt = contiguous(STRATA_F32, {5, 3}, table.handle());
  const strata_tensor ti = contiguous(STRATA_I64, {2}, idx.handle());
  const strata_tensor tr = contiguous(STRATA_F32, {2, 5}, rows.handle());
  expect_rejected<strata::ShapeError>(
      make_call(STRATA_OP_GATHER, 0, nullptr, {&tt, &ti}, {&tr}),
      {"gather: output 0 (float32 (2,5)", "where the table's row size is 3"});
  const strata_tensor bad_idx = contiguous(STRATA_F32, {2}, idx.handle());
  const strata_tensor good_rows = contiguous(STRATA_F32, {2, 3}, rows.handle());
  expect_rejected<strata::DTypeError>(
      make_call(STRATA_OP_GATHER, 0, nullptr, {&tt, &bad_idx}, {&good_rows}),
      {"gather: input 1 (float32 (2,)", "must be i32 or i64"});
}

TEST_F(DescriptorCheck, OperandCountsAndOpCodesAreChecked) {
  Buffer a = backend_.alloc(16);
  const strata_tensor ta = contiguous(STRATA_F32, {4}, a.handle());
  expect_rejected(make_call(STRATA_OP_BINARY, STRATA_BINARY_ADD, nullptr, {&ta}, {&ta}),
                  {"binary add: takes 2 inputs and 1 outputs, but the call has 1 and 1"});
  expect_rejected(make_call(STRATA_OP_COPY, 0, nullptr, {nullptr}, {&ta}),
                  {"copy: input 0 is a NULL descriptor"});
  expect_rejected(make_call(static_cast<strata_op>(99), 0, nullptr, {&ta}, {&ta}),
                  {"op 99: not an op of ABI 1.0"});
  strata_optimizer_params adam{};
  adam.struct_size = sizeof adam;
  adam.learning_rate = 0.1;
  adam.beta1 = 0.9;
  adam.beta2 = 0.999;
  adam.step = 1;
  expect_rejected(make_call(STRATA_OP_OPTIMIZER, STRATA_OPTIMIZER_ADAM, &adam, {&ta}, {&ta, &ta}),
                  {"optimizer: takes 1 inputs and 3 outputs, but the call has 1 and 2"});
}

// ---- valid edge cases still run, with the right values ------------------------------------

TEST_F(DescriptorCheck, BroadcastInputByStrideZeroRuns) {
  Buffer m = floats({1, 2, 3, 4, 5, 6}), row = floats({10, 20, 30}), c = backend_.alloc(24);
  const strata_tensor tm = contiguous(STRATA_F32, {2, 3}, m.handle());
  strata_tensor tr = contiguous(STRATA_F32, {2, 3}, row.handle());
  tr.strides[0] = 0;
  const strata_tensor tc = contiguous(STRATA_F32, {2, 3}, c.handle());
  backend_.execute(make_call(STRATA_OP_BINARY, STRATA_BINARY_ADD, nullptr, {&tm, &tr}, {&tc}));
  EXPECT_EQ(read(c), (std::vector<float>{11, 22, 33, 14, 25, 36}));
}

TEST_F(DescriptorCheck, OffsetTransposedViewRuns) {
  // Rows 1..2 of a 3x2 matrix, read transposed: [[3, 5], [4, 6]] at byte offset 8.
  Buffer m = floats({1, 2, 3, 4, 5, 6}), c = backend_.alloc(16);
  strata_tensor view = contiguous(STRATA_F32, {2, 2}, m.handle(), 8);
  view.strides[0] = 1;
  view.strides[1] = 2;
  const strata_tensor tc = contiguous(STRATA_F32, {2, 2}, c.handle());
  backend_.execute(make_call(STRATA_OP_COPY, 0, nullptr, {&view}, {&tc}));
  EXPECT_EQ(read(c), (std::vector<float>{3, 5, 4, 6}));
}

TEST_F(DescriptorCheck, ViewEndingExactlyAtTheBufferEndRuns) {
  Buffer m = floats({1, 2, 3, 4}), c = backend_.alloc(4);
  const strata_tensor last = contiguous(STRATA_F32, {1}, m.handle(), 12);
  const strata_tensor tc = contiguous(STRATA_F32, {1}, c.handle());
  backend_.execute(make_call(STRATA_OP_UNARY, STRATA_UNARY_NEG, nullptr, {&last}, {&tc}));
  EXPECT_EQ(read(c), (std::vector<float>{-4}));
}

TEST_F(DescriptorCheck, EmptyTensorsRunWhateverTheirStridesAndOffset) {
  Buffer a = backend_.alloc(0), c = backend_.alloc(8);
  strata_tensor empty = contiguous(STRATA_F32, {0, 5}, a.handle());
  empty.strides[1] = 1000;  // nothing is ever read through it
  const strata_tensor tc = contiguous(STRATA_F32, {0, 5}, c.handle(), 8);  // offset == size
  backend_.execute(make_call(STRATA_OP_COPY, 0, nullptr, {&empty}, {&tc}));
  strata_reduce_params p{sizeof p, 1u};
  Buffer d = backend_.alloc(20);
  const strata_tensor out = contiguous(STRATA_F32, {1, 5}, d.handle());
  backend_.execute(make_call(STRATA_OP_REDUCE, STRATA_REDUCE_SUM, &p, {&empty}, {&out}));
  EXPECT_EQ(read(d), (std::vector<float>(5, 0.0f)));  // the sum over an empty axis
}

TEST_F(DescriptorCheck, ScalarsAndBatchBroadcastMatmulRun) {
  // [2, 2, 3] @ [2, 3, 1] with b shared by both batches through stride 0.
  Buffer a = floats({1, 2, 3, 4, 5, 6, 1, 0, 0, 0, 1, 0}), b = floats({1, 1, 1});
  Buffer c = backend_.alloc(16);
  const strata_tensor ta = contiguous(STRATA_F32, {2, 2, 3}, a.handle());
  strata_tensor tb = contiguous(STRATA_F32, {2, 3, 1}, b.handle());
  tb.strides[0] = 0;
  const strata_tensor tc = contiguous(STRATA_F32, {2, 2, 1}, c.handle());
  backend_.execute(make_call(STRATA_OP_MATMUL, 0, &matmul_params_, {&ta, &tb}, {&tc}));
  EXPECT_EQ(read(c), (std::vector<float>{6, 15, 1, 1}));
}

// The check on its own, as a fuzz target calls it: no plugin, made-up handles.
TEST(DescriptorCheckStandalone, ChecksAgainstATableOfSizes) {
  strata::runtime::BufferTable table;
  auto* handle = reinterpret_cast<strata_buffer*>(uintptr_t{0x1000});
  table.add(handle, 64);
  strata_tensor t = contiguous(STRATA_F64, {8}, handle);
  strata_fill_params fill{sizeof fill, 0.0};
  const strata_op_call call = make_call(STRATA_OP_FILL, 0, &fill, {}, {&t});
  EXPECT_NO_THROW(strata::runtime::check_op_call(call, table));
  t.byte_offset = 1;
  EXPECT_THROW(strata::runtime::check_op_call(call, table), strata::ValueError);
  t.byte_offset = 0;
  table.remove(handle);
  EXPECT_THROW(strata::runtime::check_op_call(call, table), strata::ValueError);
}

}  // namespace
}  // namespace faults_test
