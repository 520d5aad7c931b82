// The other GEMM peer: BLIS's bli_sgemm, loaded at run time (Debian's libblis4-pthread), so
// Strata's build never depends on it and it can sit beside OpenBLAS in one process. Both export
// the same BLAS names, so BLIS is opened RTLD_LOCAL (its names stay out of the global scope)
// and called through its native API, whose bli_ names OpenBLAS does not have, so nothing of
// OpenBLAS's can be bound in its place. (RTLD_DEEPBIND would also do it, but the sanitizers'
// runtime refuses it.)
#define BOOST_DLL_USE_STD_FS
#include <fmt/format.h>

#include <boost/dll/shared_library.hpp>
#include <boost/system/error_code.hpp>
#include <cstdint>
#include <optional>

#include "peers.hpp"
#include "timing.hpp"

namespace strata::bench {
namespace {

// BLIS's types as its ABI has them on 64-bit Linux: dim_t and inc_t are 64-bit (gint_t),
// trans_t an enum whose BLIS_NO_TRANSPOSE is 0.
using dim_t = int64_t;
using inc_t = int64_t;
constexpr int kNoTranspose = 0;
using SgemmFn = void(int, int, dim_t, dim_t, dim_t, const float*, const float*, inc_t, inc_t,
                     const float*, inc_t, inc_t, const float*, float*, inc_t, inc_t);
using SetThreadsFn = void(dim_t);
using VersionFn = const char*();
using ArchIdFn = int();
using ArchNameFn = const char*(int);

using FinalizeFn = void();

struct Blis {
  boost::dll::shared_library library;
  SgemmFn* sgemm = nullptr;
  SetThreadsFn* set_threads = nullptr;
  FinalizeFn* finalize = nullptr;
  std::string description;  // "BLIS 0.9.0, haswell kernels"

  Blis() = default;
  Blis(const Blis&) = delete;
  Blis& operator=(const Blis&) = delete;
  // BLIS keeps its memory pools until bli_finalize; without it they outlive the library, and a
  // leak checker reports them.
  ~Blis() {
    if (finalize != nullptr) finalize();
  }
};

// Fills `b` from the loaded library; the reason when a symbol is missing.
std::optional<std::string> bind(Blis& b) {
  for (const char* name : {"bli_sgemm", "bli_thread_set_num_threads", "bli_info_get_version_str",
                           "bli_arch_query_id", "bli_arch_string", "bli_finalize"}) {
    if (!b.library.has(name)) return fmt::format("skipped: libblis.so.4 has no {}", name);
  }
  b.sgemm = &b.library.get<SgemmFn>("bli_sgemm");
  b.set_threads = &b.library.get<SetThreadsFn>("bli_thread_set_num_threads");
  b.finalize = &b.library.get<FinalizeFn>("bli_finalize");
  const int arch = b.library.get<ArchIdFn>("bli_arch_query_id")();
  b.description =
      fmt::format("BLIS {}, {} kernels", b.library.get<VersionFn>("bli_info_get_version_str")(),
                  b.library.get<ArchNameFn>("bli_arch_string")(arch));
  return std::nullopt;
}

// The library, opened once and finalised at exit; nullptr with `why` set when it cannot be used.
const Blis* blis(std::string& why) {
  static std::string failure;
  static std::optional<Blis> library;
  static const bool loaded = [] {
    namespace mode = boost::dll::load_mode;
    Blis& b = library.emplace();
    boost::system::error_code ec;
    b.library.load("libblis.so.4", mode::search_system_folders | mode::rtld_lazy | mode::rtld_local,
                   ec);
    if (ec) {
      failure = fmt::format("skipped: BLIS is not installed (install libblis4-pthread): {}",
                            ec.message());
    } else if (auto missing = bind(b)) {
      failure = *missing;
    }
    if (!failure.empty()) library.reset();
    return failure.empty();
  }();
  why = failure;
  return loaded ? &*library : nullptr;
}

}  // namespace

PeerRun blis_gemm(const GemmShape& shape, std::span<const float> a, std::span<const float> b,
                  int threads, double min_time) {
  std::string why;
  const Blis* lib = blis(why);
  if (lib == nullptr) return {.note = why};
  lib->set_threads(threads);
  PeerRun run;
  run.output.resize(static_cast<size_t>(shape.m * shape.n));
  const float one = 1, zero = 0;
  settle(min_time);
  run.seconds = seconds_per_call(
      min_time,
      [&] {
        lib->sgemm(kNoTranspose, kNoTranspose, shape.m, shape.n, shape.k, &one, a.data(), shape.k,
                   1, b.data(), shape.n, 1, &zero, run.output.data(), shape.n, 1);
      },
      [] {});
  run.note = fmt::format("{}, threads {}", lib->description, threads);
  return run;
}

}  // namespace strata::bench
