// STRATA_OP_MATMUL: batched c = alpha * a @ b + beta * c on the packed GEMM. Every transpose and
// stride is absorbed by packing, and a batch dimension an input does not vary along
// (stride 0) simply repeats its matrix.
#include <strata/kit/op_checks.hpp>

#include <algorithm>
#include <vector>

#include "gemm.hpp"
#include "op_common.hpp"
#include "strided_loop.hpp"

// Everything below is compiled for AVX2 + FMA (see avx2/target.hpp).
#include "avx2/target.hpp"

namespace strata_avx {
namespace {

constexpr std::string_view kOp = "matmul";

// The kit's checks, then this backend's f32-only rule.
strata_error* check_matmul(const strata_tensor& a, const strata_tensor& b, const strata_tensor& c) {
  if (auto* err = make_error(strata::kit::check_matmul(a, b, c))) return err;
  if (c.dtype != STRATA_F32) return dtype_unsupported(kOp, c, "f32");
  return nullptr;
}

void run_matmul(ExecContext& ctx, const strata_tensor& a, const strata_tensor& b,
                const strata_tensor& c, const strata_matmul_params& params) {
  const int r = c.rank;
  const int64_t m = c.shape[r - 2], n = c.shape[r - 1], k = a.shape[r - 1];
  // The batch: every axis but the last two, walked in step over a, b and c.
  const Layout<3> batch = make_layout<3>(r - 2, c.shape, {&a, &b, &c});
  const int64_t count = r == 2 ? 1 : batch.count;
  std::vector<gemm::StridedMatrix> matrices;
  matrices.reserve(static_cast<size_t>(2 * count));
  std::vector<gemm::Problem> problems;
  problems.reserve(static_cast<size_t>(count));
  auto add = [&](int64_t a_offset, int64_t b_offset, int64_t c_offset) {
    matrices.push_back({data_ptr<const float>(a) + a_offset, a.strides[r - 2], a.strides[r - 1]});
    const gemm::StridedMatrix* a_matrix = &matrices.back();
    matrices.push_back({data_ptr<const float>(b) + b_offset, b.strides[r - 1], b.strides[r - 2]});
    const gemm::StridedMatrix* b_matrix = &matrices.back();
    problems.push_back({m,
                        n,
                        k,
                        static_cast<float>(params.alpha),
                        static_cast<float>(params.beta),
                        gemm::strided_operand(a_matrix),
                        gemm::strided_operand(b_matrix),
                        {data_ptr<float>(c) + c_offset, c.strides[r - 2], c.strides[r - 1]}});
  };
  if (r == 2) {
    add(0, 0, 0);
  } else {
    for_each_run(batch, 0, batch.count, [&](const int64_t* o, int64_t runs) {
      for (int64_t i = 0; i < runs; ++i) {
        add(o[0] + i * batch.inner_stride(0), o[1] + i * batch.inner_stride(1),
            o[2] + i * batch.inner_stride(2));
      }
    });
  }
  gemm::run(ctx, problems.data(), static_cast<int64_t>(problems.size()));
}

}  // namespace

strata_error* op_matmul(const strata_op_call& call, Phase phase, ExecContext& ctx) {
  if (auto* err = check_call(call, kOp, 2, 1, phase)) return err;
  const strata_tensor& a = *call.inputs[0];
  const strata_tensor& b = *call.inputs[1];
  const strata_tensor& c = *call.outputs[0];
  if (auto* err = check_matmul(a, b, c)) return err;
  if (auto* err = make_error(strata::kit::check_params_present(
          call, kOp, "matmul needs strata_matmul_params (alpha, beta)"))) {
    return err;
  }
  if (phase == Phase::kValidate) return nullptr;
  if (is_empty(c)) return nullptr;
  run_matmul(ctx, a, b, c, read_params<strata_matmul_params>(call.params));
  return nullptr;
}

}  // namespace strata_avx
