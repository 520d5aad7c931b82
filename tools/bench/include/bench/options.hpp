// What `strata bench` runs: which workloads, on which backend, at which thread counts, and
// where its peers live.
#pragma once

#include <strata/backend.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace strata::bench {

enum class Workload { kGemm, kConv2d, kMlpEpoch, kCnnEpoch, kSmallOp };

// Every workload, in the order a full run measures them.
std::span<const Workload> all_workloads();
std::string_view workload_name(Workload workload);  // "gemm", "conv2d", "mlp-epoch", ...
std::optional<Workload> parse_workload(std::string_view name);
// "gemm, conv2d, mlp-epoch, cnn-epoch, small-op": for usage messages.
std::string workload_list();

struct Row;

struct Options {
  std::string backend;  // a plugin name or path; empty: the configured backend
  std::vector<Workload> workloads = {all_workloads().begin(), all_workloads().end()};
  std::vector<int> threads = {1, 2};
  // GEMM: the square sizes (the MLP's two shapes always follow) and the element type of
  // Strata's operands (f16 for a GPU's matrix units; the peer stays f32, on the same values
  // rounded to f16, so the error shown is the arithmetic's alone).
  std::vector<int64_t> gemm_squares = {256, 512, 1024, 2048};
  strata_dtype gemm_dtype = STRATA_F32;
  double min_time = 0.5;  // seconds each figure is measured for (epochs: one epoch)
  // Tiny sizes (GEMM 64-128, a batch of 4 images, epochs over 256 samples): checks that
  // everything runs, in seconds; its figures mean nothing.
  bool quick = false;
  std::filesystem::path python = "/usr/bin/python3";  // the interpreter with python3-torch
  std::filesystem::path data_folder = "/usr/share/datasets/fashion-mnist";
  std::function<void(const Row&)> on_row;  // called as each row is finished
};

// How many training samples an epoch uses: 0 (all 60,000) unless Options::quick.
int64_t epoch_sample_limit(const Options& options);

}  // namespace strata::bench
