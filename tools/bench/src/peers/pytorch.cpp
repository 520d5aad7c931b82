// The PyTorch peer: tools/bench/torch_peer.py in a child process, since PyTorch lives in
// Python (Debian's under /usr/bin/python3, which need not be the python3 first on PATH).
#include <fmt/format.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cstdio>
#include <filesystem>
#include <string_view>

#include "bench/report.hpp"
#include "peers.hpp"

namespace strata::bench {
namespace {

// For sh: single quotes, each embedded quote closed, escaped and reopened.
std::string shell_quoted(std::string_view text) {
  std::string out = "'";
  for (const char ch : text) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

// Installed: <prefix>/share/strata/bench beside <prefix>/bin/strata; else the source tree's.
std::filesystem::path torch_script() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto installed = exe.parent_path().parent_path() / "share/strata/bench/torch_peer.py";
    if (std::filesystem::exists(installed, ec)) return installed;
  }
  return STRATA_BENCH_TORCH_SCRIPT;
}

// The workloads PyTorch has a side of, comma-separated.
std::string torch_workloads(const Options& options) {
  std::string list;
  for (const Workload w : options.workloads) {
    if (w == Workload::kMlpEpoch || w == Workload::kCnnEpoch || w == Workload::kSmallOp) {
      list += fmt::format("{}{}", list.empty() ? "" : ",", workload_name(w));
    }
  }
  return list;
}

struct ChildOutput {
  int status = -1;
  std::string text;  // stdout and stderr together
};

ChildOutput run_child(const std::string& command) {
  ChildOutput out;
  std::FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char chunk[4096];
  while (const size_t got = std::fread(chunk, 1, sizeof chunk, pipe)) out.text.append(chunk, got);
  out.status = ::pclose(pipe);
  return out;
}

// The script's answer is its last line that starts with '{'.
std::string_view last_json_line(std::string_view text) {
  size_t end = text.size();
  while (end > 0) {
    const size_t start = text.rfind('\n', end - 1);
    const size_t first = start == std::string_view::npos ? 0 : start + 1;
    if (first < text.size() && text[first] == '{') return text.substr(first, end - first);
    if (start == std::string_view::npos) break;
    end = start;
  }
  return {};
}

std::string last_line(std::string_view text) {
  while (!text.empty() && text.back() == '\n') text.remove_suffix(1);
  const size_t start = text.rfind('\n');
  return std::string(start == std::string_view::npos ? text : text.substr(start + 1));
}

// "OPENBLAS_NUM_THREADS=2" out of a result's note.
std::string_view other_setting(std::string_view note) {
  const size_t at = note.find("OPENBLAS_NUM_THREADS=");
  return at == std::string_view::npos ? note : note.substr(at);
}

}  // namespace

TorchPeer::TorchPeer(const Options& options) : options_(options) {}

std::map<std::string, TorchPeer::Result> TorchPeer::run_all(int threads,
                                                            int openblas_threads) const {
  std::map<std::string, Result> results;
  const std::string workloads = torch_workloads(options_);
  const auto fail_all = [&](const std::string& note) {
    for (const Workload w : options_.workloads) results[std::string(workload_name(w))].note = note;
    return results;
  };
  std::error_code ec;
  if (!std::filesystem::exists(options_.python, ec)) {
    return fail_all(fmt::format(
        "skipped: no Python interpreter at {} (Debian's PyTorch runs under /usr/bin/python3: "
        "install python3-torch, or name the interpreter with --python)",
        options_.python.string()));
  }
  const std::filesystem::path script = torch_script();
  const int64_t samples = epoch_sample_limit(options_);
  const std::string command = fmt::format(
      "OPENBLAS_NUM_THREADS={} {} {} --threads {} --workloads {} --data {} --min-time {}{} 2>&1",
      openblas_threads, shell_quoted(options_.python.string()), shell_quoted(script.string()),
      threads, workloads, shell_quoted(options_.data_folder.string()), options_.min_time,
      samples > 0 ? fmt::format(" --samples {}", samples) : "");
  const ChildOutput child = run_child(command);
  boost::system::error_code parse_error;
  const boost::json::value doc = boost::json::parse(last_json_line(child.text), parse_error);
  if (parse_error || !doc.is_object()) {
    return fail_all(fmt::format("failed: {} {} exited with status {}: {}", options_.python.string(),
                                script.string(), child.status, last_line(child.text)));
  }
  const boost::json::object& answer = doc.as_object();
  if (const auto* error = answer.if_contains("error")) {
    return fail_all(fmt::format("skipped: {}", std::string_view(error->as_string())));
  }
  try {
    const std::string setup = fmt::format("torch {}, threads {}, OPENBLAS_NUM_THREADS={}",
                                          std::string_view(answer.at("torch").as_string()),
                                          answer.at("threads").to_number<int>(), openblas_threads);
    for (const auto& [name, figures] : answer.at("results").as_object()) {
      const boost::json::object& f = figures.as_object();
      Result& r = results[std::string(name)];
      const boost::json::value* seconds = f.if_contains("seconds");
      if (seconds == nullptr) seconds = f.if_contains("seconds_per_op");
      if (seconds != nullptr) r.seconds = seconds->to_number<double>();
      if (const auto* loss = f.if_contains("loss")) r.loss = loss->to_number<double>();
      r.note = setup;
    }
  } catch (const std::exception& e) {
    results.clear();
    return fail_all(fmt::format("failed: {} answered {}: {}", script.string(),
                                last_json_line(child.text), e.what()));
  }
  return results;
}

TorchPeer::Result TorchPeer::result(Workload workload, int threads) {
  auto found = by_threads_.find(threads);
  if (found == by_threads_.end()) {
    // PyTorch's best setting: its own threads at N with OpenBLAS at 1 or at N (they can fight
    // over the cores), whichever is faster for each workload.
    std::map<std::string, Result> best = run_all(threads, 1);
    if (threads != 1) {
      for (auto& [name, other] : run_all(threads, threads)) {
        Result& kept = best[name];
        if (other.seconds && (!kept.seconds || *other.seconds < *kept.seconds))
          std::swap(kept, other);
        if (other.seconds) {
          kept.note += fmt::format(" (faster than {}: {} s)", other_setting(other.note),
                                   format_figure(*other.seconds));
        }
      }
    }
    found = by_threads_.emplace(threads, std::move(best)).first;
  }
  const auto it = found->second.find(std::string(workload_name(workload)));
  if (it != found->second.end()) return it->second;
  return {.note = "failed: torch_peer.py gave no figure for this workload"};
}

}  // namespace strata::bench
