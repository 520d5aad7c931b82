// The cost of one small op: strata::ops::add on one-element tensors through the whole stack
// (checks, output allocation, routing, descriptors, the ABI, the kernel), against the same
// kernel called straight through the plugin's table on prepared descriptors, and against
// PyTorch's torch.add on one-element tensors.
#include <fmt/format.h>
#include <strata/error.hpp>
#include <strata/ops.hpp>

#include "device_tensor.hpp"
#include "session.hpp"
#include "timing.hpp"

namespace strata::bench {
namespace {

double tensor_api_seconds(Session& session) {
  BackendScope scope(session.context);
  const Tensor a = Tensor::from({1.f}, {1}), b = Tensor::from({2.f}, {1});
  settle(session.options.min_time);
  return seconds_per_call(
      session.options.min_time, [&] { const Tensor c = ops::add(a, b); },
      [&] { session.context.synchronize(); });
}

double direct_call_seconds(Session& session) {
  Backend& backend = session.context.backend();
  const float one = 1.f;
  const DeviceTensor a(backend, {1}, {&one, 1}), b(backend, {1}, {&one, 1}), c(backend, {1});
  const OpCall call(STRATA_OP_BINARY, STRATA_BINARY_ADD, nullptr, {&a, &b}, {&c});
  return time_op(backend, call, session.options.min_time);
}

}  // namespace

void run_small_op(Session& session, int threads) {
  Row row = make_row("small-op", "add, f32[1] + f32[1]", threads, "us", false);
  const TorchPeer::Result torch = session.torch.result(Workload::kSmallOp, threads);
  PeerFigure direct{.name = "direct ABI call",
                    .note = "the same kernel through the plugin's table, prepared descriptors"};
  try {
    row.actual_threads = use_threads(session.context.backend(), threads);
    row.ours = 1e6 * tensor_api_seconds(session);
    direct.value = 1e6 * direct_call_seconds(session);
  } catch (const Error& e) {
    row.note = fmt::format("failed: {}", e.what());
  }
  row.peers.push_back(std::move(direct));
  row.peers.push_back({.name = "pytorch",
                       .value = torch.seconds ? std::optional(1e6 * *torch.seconds) : std::nullopt,
                       .note = torch.note});
  session.add(std::move(row));
}

}  // namespace strata::bench
