// The choice of GEMM kernels (AVX2 or AVX-512): the decision on settings and the environment,
// instances forcing each set through the "isa" setting, and both sets computing the same
// products (against double precision) on shapes that hit every tile edge of either.
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "cpu_probe.hpp"
#include "error.hpp"
#include "isa.hpp"
#include "plugin_pair.hpp"

namespace avx_test {
namespace {

using strata_avx::choose_isa;
using strata_avx::Isa;

struct Choice {
  strata_status_code code;
  std::string message;
  Isa isa;
};

Choice choose(Isa best, std::string_view setting, const char* env) {
  Isa isa = Isa::kAvx2;
  strata_error* err = choose_isa(best, setting, env, &isa);
  if (err == nullptr) return {STRATA_OK, "", isa};
  Choice c{err->code, err->message, isa};
  strata_avx::Errors::destroy(err);
  return c;
}

TEST(AvxIsa, AutoTakesTheBestTheMachineRuns) {
  EXPECT_EQ(choose(Isa::kAvx512, "", nullptr).isa, Isa::kAvx512);
  EXPECT_EQ(choose(Isa::kAvx2, "", nullptr).isa, Isa::kAvx2);
  EXPECT_EQ(choose(Isa::kAvx512, "\"auto\"", nullptr).isa, Isa::kAvx512);
  EXPECT_EQ(choose(Isa::kAvx512, "", "auto").isa, Isa::kAvx512);
  EXPECT_EQ(choose(Isa::kAvx512, "", "").isa, Isa::kAvx512);  // set but empty: ignored
}

TEST(AvxIsa, SettingAndEnvironmentForceAvx2) {
  EXPECT_EQ(choose(Isa::kAvx512, "\"avx2\"", nullptr).isa, Isa::kAvx2);
  EXPECT_EQ(choose(Isa::kAvx512, " \"avx2\" ", nullptr).isa, Isa::kAvx2);
  EXPECT_EQ(choose(Isa::kAvx512, "", "avx2").isa, Isa::kAvx2);
  // The environment wins over the configuration, either way.
  EXPECT_EQ(choose(Isa::kAvx512, "\"avx512\"", "avx2").isa, Isa::kAvx2);
  EXPECT_EQ(choose(Isa::kAvx512, "\"avx2\"", "avx512").isa, Isa::kAvx512);
}

TEST(AvxIsa, Avx512WithoutTheMachineForItIsRefused) {
  const Choice setting = choose(Isa::kAvx2, "\"avx512\"", nullptr);
  EXPECT_EQ(setting.code, STRATA_UNSUPPORTED);
  EXPECT_NE(setting.message.find("setting \"isa\""), std::string::npos) << setting.message;
  EXPECT_NE(setting.message.find("cannot run AVX-512"), std::string::npos) << setting.message;
  const Choice env = choose(Isa::kAvx2, "", "avx512");
  EXPECT_EQ(env.code, STRATA_UNSUPPORTED);
  EXPECT_NE(env.message.find("STRATA_AVX_ISA"), std::string::npos) << env.message;
}

TEST(AvxIsa, UnknownNamesAreRefusedWithTheChoices) {
  for (const char* bad : {"\"avx3\"", "2", "\"\"", "avx2"}) {
    const Choice c = choose(Isa::kAvx512, bad, nullptr);
    EXPECT_EQ(c.code, STRATA_INVALID_ARGUMENT) << bad;
    EXPECT_NE(c.message.find("\"auto\", \"avx2\" or \"avx512\""), std::string::npos) << c.message;
  }
  EXPECT_EQ(choose(Isa::kAvx512, "", "AVX2").code, STRATA_INVALID_ARGUMENT);
}

// An instance whose "isa" setting is `isa` (JSON text).
strata_instance_options isa_options(const std::string& isa, strata_setting& setting) {
  setting = {sizeof setting, "isa", 3, isa.data(), isa.size()};
  return {sizeof(strata_instance_options), 0, &setting, 1};
}

// Unsets STRATA_AVX_ISA for its lifetime (ctest also runs this suite with it set), so that the
// setting decides.
class WithoutIsaEnvironment {
 public:
  WithoutIsaEnvironment() {
    if (const char* v = std::getenv(kName)) saved_ = v;
    unsetenv(kName);
  }
  ~WithoutIsaEnvironment() {
    if (saved_) setenv(kName, saved_->c_str(), 1);
  }

 private:
  static constexpr const char* kName = "STRATA_AVX_ISA";
  std::optional<std::string> saved_;
};

TEST(AvxIsa, TheSettingReachesInstanceCreate) {
  const WithoutIsaEnvironment no_env;
  const strata_backend_api& api = avx().api();
  const bool has_avx512 = strata_avx::this_machine().best == Isa::kAvx512;
  for (const std::string isa : {"\"avx2\"", "\"avx512\"", "\"auto\"", "\"sse\""}) {
    strata_setting setting;
    const strata_instance_options options = isa_options(isa, setting);
    strata_instance* instance = nullptr;
    const Status s = avx().take(api.instance_create(&options, &instance));
    if (isa == "\"sse\"") {
      EXPECT_EQ(s.code, STRATA_INVALID_ARGUMENT) << s.message;
    } else if (isa == "\"avx512\"" && !has_avx512) {
      EXPECT_EQ(s.code, STRATA_UNSUPPORTED) << s.message;
    } else {
      EXPECT_TRUE(s.ok()) << isa << ": " << s.message;
    }
    if (s.ok()) api.instance_destroy(instance);
  }
}

// alpha * a @ b + beta * c in double; a [m, k], b [k, n], c [m, n] row-major.
std::vector<double> gemm(const std::vector<float>& a, const std::vector<float>& b,
                         const std::vector<float>& c, int64_t m, int64_t n, int64_t k, double alpha,
                         double beta) {
  std::vector<double> out(static_cast<size_t>(m * n));
  for (int64_t i = 0; i < m; ++i) {
    for (int64_t j = 0; j < n; ++j) {
      double sum = 0;
      for (int64_t p = 0; p < k; ++p) sum += double{a[i * k + p]} * b[p * n + j];
      out[i * n + j] = alpha * sum + beta * c[i * n + j];
    }
  }
  return out;
}

// Shapes around the tiles of both kernel sets (6x16; 14x32 and 8x16 for at most 16 columns),
// the depth blocks (320, 384) and the threading threshold, with transposed operands.
TEST(AvxIsa, EveryKernelSetComputesTheSameProducts) {
  const WithoutIsaEnvironment no_env;
  std::vector<std::string> sets = {"\"avx2\""};
  if (strata_avx::this_machine().best == Isa::kAvx512) sets.push_back("\"avx512\"");
  const int64_t shapes[][3] = {{14, 32, 8},   {15, 33, 9},    {13, 31, 385}, {25, 16, 40},
                               {9, 10, 700},  {128, 10, 512}, {24, 17, 64},  {7, 100, 30},
                               {97, 65, 400}, {200, 96, 130}};
  std::mt19937 rng(80);
  for (const std::string& isa : sets) {
    strata_setting setting;
    const strata_instance_options options = isa_options(isa, setting);
    const Plugin plugin(avx_plugin_file(), &options);
    for (const auto& [m, n, k] : shapes) {
      const std::vector<float> av = random_floats(rng, m * k, -1, 1);
      const std::vector<float> bv = random_floats(rng, k * n, -1, 1);
      const std::vector<float> cv = random_floats(rng, m * n, -1, 1);
      const std::vector<double> expected = gemm(av, bv, cv, m, n, k, 0.5, -2.0);
      for (int mask = 0; mask < 4; ++mask) {
        const HostTensor a = mask & 1 ? view<float>(STRATA_F32, {m, k}, {1, m}, 0, m * k, av)
                                      : dense<float>(STRATA_F32, {m, k}, av);
        const HostTensor b = mask & 2 ? view<float>(STRATA_F32, {k, n}, {1, k}, 0, k * n, bv)
                                      : dense<float>(STRATA_F32, {k, n}, bv);
        const HostTensor c = dense<float>(STRATA_F32, {m, n}, cv);
        const strata_matmul_params p{sizeof p, 0.5, -2.0};
        const Result r = run(plugin, STRATA_OP_MATMUL, 0, &p, {&a, &b}, {c});
        const std::string what = isa + " " + std::to_string(m) + "x" + std::to_string(n) + "x" +
                                 std::to_string(k) + " transposes " + std::to_string(mask);
        ASSERT_TRUE(r.status.ok()) << what << ": " << r.status.message;
        EXPECT_LE(nmse(as_doubles(r.outputs[0]), expected), 1e-12) << what;
      }
    }
  }
}

}  // namespace
}  // namespace avx_test
