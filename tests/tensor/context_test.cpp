// Contexts: the default one, named ones, scopes, settings from the config file, and the cache of
// the backend's `supports` answers.
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "strata/ops.hpp"
#include "strata/plugin.hpp"
#include "tensor_test_support.hpp"

namespace {

using strata::Context;
using strata::DType;
using strata::Tensor;
using strata_test::error_of;
using strata_test::expect_values;
namespace ops = strata::ops;

// Writes strata.json into the test's STRATA_HOME for one scope.
class ConfigFile {
 public:
  explicit ConfigFile(const std::string& json) : path_(strata_test::test_home() + "/strata.json") {
    std::ofstream(path_) << json;
  }
  ~ConfigFile() { std::filesystem::remove(path_); }

 private:
  std::string path_;
};

class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = ::getenv(name)) saved_ = old;
    ::setenv(name, value, 1);
  }
  ~ScopedEnv() {
    if (saved_.empty()) {
      ::unsetenv(name_.c_str());
    } else {
      ::setenv(name_.c_str(), saved_.c_str(), 1);
    }
  }

 private:
  std::string name_, saved_;
};

TEST(ContextTest, TheDefaultContextIsCurrentOutsideScopes) {
  const Context current = Context::current();
  EXPECT_TRUE(current == Context::default_context());
  EXPECT_FALSE(current.backend_name().empty());
  EXPECT_TRUE(Tensor::zeros({1}).context() == current);
  expect_values(Tensor::from({1.f, 2.f}, {2}) * 2.0, {2, 4});
}

TEST(ContextTest, ScopesNestAndRestore) {
  const Context outer = strata_test::reference_context();
  const Context inner = strata_test::partial_context();
  {
    strata::BackendScope a(outer);
    EXPECT_TRUE(Context::current() == outer);
    {
      strata::BackendScope b(inner);
      EXPECT_TRUE(Context::current() == inner);
      EXPECT_EQ(Tensor::zeros({1}).context().backend_name(), "partial");
    }
    EXPECT_TRUE(Context::current() == outer);
    const Tensor t = strata::with_backend(inner, [] { return Tensor::ones({2}); });
    EXPECT_TRUE(t.context() == inner);
  }
  EXPECT_TRUE(Context::current() == Context::default_context());
}

TEST(ContextTest, SettingsComeFromTheConfigFile) {
  const ConfigFile file(
      R"({"backend": "reference", "floatx": "float64", "epsilon": 1e-5,
          "image_data_format": "channels_first"})");
  const Context c("");
  EXPECT_EQ(c.backend_name(), "reference");
  EXPECT_EQ(c.floatx(), DType::float64);
  EXPECT_DOUBLE_EQ(c.epsilon(), 1e-5);
  EXPECT_EQ(c.image_data_format(), "channels_first");
  strata::BackendScope scope(c);
  EXPECT_EQ(Tensor::zeros({1}).dtype(), DType::float64);
  EXPECT_EQ(strata::floatx(), DType::float64);
}

TEST(ContextTest, SettersValidate) {
  Context c = strata_test::reference_context();
  EXPECT_EQ(error_of([&] { c.set_floatx(DType::int32); }),
            "set_floatx: int32 is not a float dtype; use float32, float64, float16 or bfloat16");
  EXPECT_EQ(error_of([&] { c.set_epsilon(0); }), "set_epsilon: 0 is not a positive finite number");
  EXPECT_EQ(error_of([&] { c.set_image_data_format("nhwc"); }),
            "set_image_data_format: \"nhwc\" is neither \"channels_last\" nor \"channels_first\"");
  strata::BackendScope scope(c);
  strata::set_epsilon(1e-3);
  strata::set_image_data_format("channels_first");
  strata::set_floatx(DType::bfloat16);
  EXPECT_DOUBLE_EQ(c.epsilon(), 1e-3);
  EXPECT_EQ(strata::image_data_format(), "channels_first");
  EXPECT_EQ(Tensor::ones({1}).dtype(), DType::bfloat16);
}

TEST(ContextTest, TheExplicitBackendBeatsStrataBackend) {
  const ScopedEnv env("STRATA_BACKEND", "no-such-backend");
  EXPECT_EQ(Context("reference").backend_name(), "reference");
  EXPECT_THROW(Context(""), strata::BackendNotFound);
  const std::string message = error_of([] { Context(""); });
  EXPECT_NE(message.find("cannot use backend \"no-such-backend\" (from STRATA_BACKEND)"),
            std::string::npos)
      << message;
}

TEST(ContextTest, SupportsAnswersAreCachedPerCallShape) {
  void* library = ::dlopen(STRATA_TEST_PARTIAL_PLUGIN, RTLD_NOW | RTLD_NOLOAD);
  if (library == nullptr) library = ::dlopen(STRATA_TEST_PARTIAL_PLUGIN, RTLD_NOW);
  ASSERT_NE(library, nullptr);
  auto calls = reinterpret_cast<long (*)()>(::dlsym(library, "strata_test_partial_supports_calls"));
  ASSERT_NE(calls, nullptr);

  const Context partial = strata_test::partial_context();
  strata::BackendScope scope(partial);
  const Tensor a = Tensor::ones({2, 2});
  const Tensor b = Tensor::ones({2, 2});
  const Tensor c = Tensor::ones({3, 2, 2});
  const Tensor d = Tensor::ones({5, 7});
  const long before = calls();
  for (int i = 0; i < 5; ++i) {
    ops::matmul(a, b);
    (void)(a + b);
  }
  EXPECT_EQ(calls() - before, 2);  // once for matmul (fallback), once for add (native)
  (void)(a + c);                   // another rank and a broadcast operand: a new shape
  EXPECT_EQ(calls() - before, 3);
  (void)(d + d);  // new sizes, same call shape
  EXPECT_EQ(calls() - before, 3);
}

}  // namespace
