#include "bench/options.hpp"

#include <fmt/format.h>

#include <array>
#include <utility>

namespace strata::bench {
namespace {

constexpr std::array<std::pair<Workload, std::string_view>, 5> kNames = {{
    {Workload::kGemm, "gemm"},
    {Workload::kConv2d, "conv2d"},
    {Workload::kMlpEpoch, "mlp-epoch"},
    {Workload::kCnnEpoch, "cnn-epoch"},
    {Workload::kSmallOp, "small-op"},
}};

constexpr std::array kAll = {Workload::kGemm, Workload::kConv2d, Workload::kMlpEpoch,
                             Workload::kCnnEpoch, Workload::kSmallOp};

}  // namespace

std::span<const Workload> all_workloads() {
  return kAll;
}

std::string_view workload_name(Workload workload) {
  for (const auto& [w, name] : kNames) {
    if (w == workload) return name;
  }
  return "?";
}

std::optional<Workload> parse_workload(std::string_view name) {
  for (const auto& [w, n] : kNames) {
    if (n == name) return w;
  }
  return std::nullopt;
}

std::string workload_list() {
  std::string list;
  for (const auto& [w, name] : kNames) list += fmt::format("{}{}", list.empty() ? "" : ", ", name);
  return list;
}

int64_t epoch_sample_limit(const Options& options) {
  return options.quick ? 256 : 0;
}

}  // namespace strata::bench
