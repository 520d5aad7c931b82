// The convolution peer: oneDNN's forward convolution as a user of NHWC data sets it up. The
// weights are given in the layout oneDNN picks (format_tag::any, reordered once outside the
// timing): handed NHWC data with explicit ohwi/hwio weights it falls back to a reference kernel
// about a thousand times slower, which no real user would keep.
#include <fmt/format.h>
#include <omp.h>

#include <oneapi/dnnl/dnnl.hpp>

#include "peers.hpp"
#include "timing.hpp"

namespace strata::bench {

PeerRun onednn_conv2d(const Conv2dShape& s, std::span<const float> x, std::span<const float> w,
                      int threads, double min_time) {
  using dnnl::memory;
  using tag = memory::format_tag;
  // This oneDNN runs on OpenMP: its thread count is OpenMP's.
  omp_set_num_threads(threads);
  const dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  dnnl::stream stream(engine);
  const int64_t oh = s.h + 2 * s.pad - s.kh + 1, ow = s.w + 2 * s.pad - s.kw + 1;
  const memory::desc src_md({s.n, s.c, s.h, s.w}, memory::data_type::f32, tag::nhwc);
  const memory::desc weights_any({s.f, s.c, s.kh, s.kw}, memory::data_type::f32, tag::any);
  const memory::desc dst_md({s.n, s.f, oh, ow}, memory::data_type::f32, tag::nhwc);
  const dnnl::convolution_forward::desc desc(
      dnnl::prop_kind::forward_inference, dnnl::algorithm::convolution_direct, src_md, weights_any,
      dst_md, {1, 1}, {s.pad, s.pad}, {s.pad, s.pad});
  const dnnl::convolution_forward::primitive_desc pd(desc, engine);

  memory src(src_md, engine, const_cast<float*>(x.data()));
  memory user_weights({{s.f, s.c, s.kh, s.kw}, memory::data_type::f32, tag::hwio}, engine,
                      const_cast<float*>(w.data()));
  memory weights(pd.weights_desc(), engine);
  dnnl::reorder(user_weights, weights).execute(stream, user_weights, weights);
  PeerRun run;
  run.output.resize(static_cast<size_t>(s.n * oh * ow * s.f));
  memory dst(dst_md, engine, run.output.data());
  const dnnl::convolution_forward conv(pd);
  settle(min_time);
  run.seconds = seconds_per_call(
      min_time,
      [&] {
        conv.execute(stream,
                     {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, weights}, {DNNL_ARG_DST, dst}});
      },
      [&] { stream.wait(); });
  run.note = fmt::format("oneDNN {}, threads {}", pd.impl_info_str(), omp_get_max_threads());
  return run;
}

}  // namespace strata::bench
