// Direct kernels for depthwise convolution (groups == C == F: one filter per channel), where the
// per-group GEMMs would each be one column wide. Channels are the vector lanes, so every tensor
// needs unit channel stride. Declarations only (portable header); the code is in
// avx2/conv_depthwise.cpp.
#pragma once

#include <strata/backend.h>

#include "conv_geometry.hpp"
#include "op_common.hpp"

namespace strata_avx::depthwise {

// Whether the direct kernels take this convolution: depthwise with multiplier 1 and
// contiguous channels in x (or dx), w (or dw) and y (or dy).
bool applies(const ConvShape& s, const strata_conv2d_params& p, const strata_tensor& x,
             const strata_tensor& w, const strata_tensor& y);

void forward(ExecContext& ctx, const strata_tensor& x, const strata_tensor& w,
             const strata_tensor& y, const ConvShape& s, const strata_conv2d_params& p);
void backward_data(ExecContext& ctx, const strata_tensor& dy, const strata_tensor& w,
                   const strata_tensor& dx, const ConvShape& s, const strata_conv2d_params& p);
void backward_filter(ExecContext& ctx, const strata_tensor& x, const strata_tensor& dy,
                     const strata_tensor& dw, const ConvShape& s, const strata_conv2d_params& p);

}  // namespace strata_avx::depthwise
