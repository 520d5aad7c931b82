#include "instance.hpp"

#include <sched.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <new>
#include <string_view>

#include "error.hpp"

namespace strata_avx {
namespace {

strata_error* check_thread_count(std::string_view where, int64_t threads) {
  if (threads < 0 || threads > kMaxThreads) {
    return invalid("avx: {} {} is out of range: use 1..{} threads, or 0 for one per usable core",
                   where, threads, kMaxThreads);
  }
  return nullptr;
}

// The "threads" setting: a JSON integer.
strata_error* parse_threads_setting(std::string_view text, int32_t* threads) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return invalid("avx: setting \"threads\" is {}; it must be a whole number such as 2", text);
  }
  if (auto* err = check_thread_count("setting \"threads\"", value)) return err;
  *threads = static_cast<int32_t>(value);
  return nullptr;
}

struct Requested {
  int32_t threads = 0;   // 0: the default
  std::string_view isa;  // the "isa" setting's JSON text; empty when absent
};

// num_threads from the options, else the "threads" setting, else 0 (the default); and the
// "isa" setting. Fields beyond an older host's struct_size read as absent (the ABI's versioning
// rule).
strata_error* read_options(const strata_instance_options* options, Requested* requested) {
  if (options == nullptr) return nullptr;
  int32_t* threads = &requested->threads;
  const bool has_settings = STRATA_STRUCT_HAS(options, strata_instance_options, num_settings);
  for (size_t i = 0; has_settings && i < options->num_settings; ++i) {
    const strata_setting& s = options->settings[i];
    const std::string_view key(s.key, s.key_len);
    if (key == "isa") {
      requested->isa = {s.value, s.value_len};
      continue;
    }
    if (key != "threads") {
      return invalid(
          "avx: unknown setting '{}': the avx backend takes \"threads\" (the number of worker "
          "threads) and \"isa\" (\"auto\", \"avx2\" or \"avx512\": the GEMM kernels)",
          key);
    }
    if (auto* err = parse_threads_setting({s.value, s.value_len}, threads)) return err;
  }
  if (STRATA_STRUCT_HAS(options, strata_instance_options, num_threads) &&
      options->num_threads != 0) {
    if (auto* err = check_thread_count("num_threads", options->num_threads)) return err;
    *threads = options->num_threads;
  }
  return nullptr;
}

}  // namespace

int32_t usable_cores() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return 1;
  return std::clamp<int32_t>(CPU_COUNT(&set), 1, kMaxThreads);
}

strata_error* resize_pool(strata_instance& instance, int32_t threads) {
  if (auto* err = check_thread_count("num_threads", threads)) return err;
  const int32_t count = threads == 0 ? usable_cores() : threads;
  // The new pool is complete before the old one goes, so a failure leaves the instance as it was.
  try {
    auto pool = std::make_unique<ThreadPool>(count);
    instance.scratch.resize(static_cast<size_t>(count));
    instance.pool = std::move(pool);
  } catch (const std::exception& e) {
    return make_error(STRATA_OUT_OF_MEMORY,
                      fmt::format("avx: cannot start {} worker threads: {}", count, e.what()));
  }
  return nullptr;
}

strata_error* create_instance(const strata_instance_options* options, Isa best,
                              strata_instance** out) {
  Requested requested;
  if (auto* err = read_options(options, &requested)) return err;
  Isa isa = best;
  if (auto* err = choose_isa(best, requested.isa, std::getenv("STRATA_AVX_ISA"), &isa)) return err;
  auto* instance = new (std::nothrow) strata_instance;
  if (instance == nullptr) return make_error(STRATA_OUT_OF_MEMORY, "avx: out of memory");
  instance->isa = isa;
  if (auto* err = resize_pool(*instance, requested.threads)) {
    delete instance;
    return err;
  }
  *out = instance;
  return nullptr;
}

}  // namespace strata_avx
